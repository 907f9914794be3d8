/**
 * File content that compresses like the real thing: each file is its own header line plus slices
 * of a per-kind pool (2 MB of prose, code, JSON, minified JS) taken at PRNG offsets, so deflate's
 * 32 KB window sees text-like redundancy but not whole repeated files. Images are random bytes;
 * native modules half random, half structured.
 */
import { Prng, } from './prng.js';
import { word, type TreeFile } from './tree.js';

const POOL_BYTES = 2 * 1024 * 1024;
const enc = new TextEncoder();

type Pools = Record<'prose' | 'code' | 'json' | 'minjs', Uint8Array>;

/**
 * A pool: lines drawn from a bank of distinct lines with a skewed (Zipf-like) choice, so that some
 * lines recur often within deflate's window, as imports, braces and boilerplate do in real code.
 */
function buildPool(rng: Prng, line: () => string): Uint8Array {
  const bank = Array.from({ length: 2500 }, line);
  const parts: string[] = [];
  let size = 0;
  while (size < POOL_BYTES) {
    const l = bank[Math.floor(bank.length * rng.next() ** 8)]!;
    parts.push(l);
    size += l.length;
  }
  return enc.encode(parts.join(''));
}

export function makePools(seed: number): Pools {
  const rng = new Prng(seed, 2);
  const words = Array.from({ length: 700 }, () => word(rng));
  const w = () => rng.pick(words);
  const ident = () => `${w()}${rng.next() < 0.5 ? w().replace(/^./, (c) => c.toUpperCase()) : ''}`;
  const sentence = () => {
    const n = 6 + rng.int(14);
    const ws = Array.from({ length: n }, w);
    return `${ws.join(' ').replace(/^./, (c) => c.toUpperCase())}.`;
  };
  return {
    prose: buildPool(rng, () => (rng.next() < 0.1 ? `\n## ${w()} ${w()}\n\n` : rng.next() < 0.15 ? `- \`${ident()}\`: ${sentence()}\n` : `${sentence()} ${sentence()}\n`)),
    code: buildPool(rng, () => {
      const indent = '  '.repeat(rng.int(4));
      const r = rng.next();
      if (r < 0.2) return `${indent}const ${ident()} = ${ident()}(${ident()}, ${rng.int(1000)});\n`;
      if (r < 0.35) return `${indent}if (${ident()}.${ident()} === '${w()}') return ${ident()};\n`;
      if (r < 0.5) return `${indent}// ${sentence()}\n`;
      if (r < 0.6) return `export function ${ident()}(${ident()}: ${rng.pick(['string', 'number', 'boolean', 'Buffer'])}): void {\n`;
      if (r < 0.7) return `${indent}}\n`;
      if (r < 0.8) return `import { ${ident()}, ${ident()} } from './${w()}/${w()}.js';\n`;
      return `${indent}${ident()}.${ident()}(${ident()}, '${w()} ${w()}');\n`;
    }),
    json: buildPool(rng, () => {
      const r = rng.next();
      if (r < 0.5) return `    "${ident()}": "${w()} ${w()}",\n`;
      if (r < 0.7) return `    "${ident()}": ${rng.int(100000)},\n`;
      if (r < 0.8) return `  "${w()}": {\n`;
      if (r < 0.9) return `  },\n`;
      return `    "mappings": "${Array.from({ length: 20 }, () => String.fromCharCode(65 + rng.int(58)).replace(/[\\"`]/g, 'A')).join('')};${'AAAA,'.repeat(rng.int(6))}",\n`;
    }),
    minjs: buildPool(rng, () => {
      const r = rng.next();
      if (r < 0.3) return `function ${ident()}(e,t){return e.${ident()}(t)||${rng.int(99)}}`;
      if (r < 0.5) return `var ${w()}=${ident()}.${ident()}("${w()}"),${w()}=${rng.int(9999)};`;
      if (r < 0.7) return `if(!${w()})throw new Error("${sentence()}");`;
      if (r < 0.9) return `${w()}.prototype.${ident()}=function(){return this.${ident()}};`;
      return '\n';
    }),
  };
}

/** The content of one file. `patched` makes b's version of a changed file. */
export function fileContent(file: TreeFile, pools: Pools, seed: number, patched: boolean): Uint8Array {
  const rng = new Prng(seed, 1000 + file.index);
  const out = new Uint8Array(file.size);
  if (file.kind === 'image') {
    rng.fill(out);
  } else if (file.kind === 'native') {
    // Half random blocks (code), half structured (tables, zero padding).
    for (let p = 0; p < out.byteLength; p += 4096) {
      const block = out.subarray(p, Math.min(p + 4096, out.byteLength));
      if (rng.next() < 0.3) rng.fill(block);
      else for (let i = 0; i < block.byteLength; i += 8) block[i] = i & 0xff;
    }
  } else {
    const pool = pools[file.kind === 'map' ? 'json' : file.kind];
    const head = enc.encode(file.kind === 'json' || file.kind === 'map' ? `{\n  "name": "${file.path}",\n` : `/* ${file.path} */\n`);
    out.set(head.subarray(0, out.byteLength));
    let p = head.byteLength;
    while (p < out.byteLength) {
      const len = Math.min(out.byteLength - p, 512 + rng.int(6000));
      const from = rng.int(pool.byteLength - len);
      out.set(pool.subarray(from, from + len), p);
      p += len;
    }
  }
  if (patched) patch(out, file, rng);
  return out;
}

/** b's change: a few bytes in the middle of a binary, or one line rewritten in text. */
function patch(out: Uint8Array, file: TreeFile, rng: Prng): void {
  const mid = Math.floor(out.byteLength / 2);
  if (file.kind === 'image' || file.kind === 'native') {
    for (let i = 0; i < 16; i++) out[mid + i] = (out[mid + i]! ^ 0x5a) & 0xff;
    return;
  }
  // Overwrite the letters of a line in the middle: same length, a real text change.
  let start = mid;
  while (start > 0 && out[start - 1] !== 0x0a) start--;
  for (let i = start; i < out.byteLength && out[i] !== 0x0a; i++) {
    const c = out[i]!;
    if (c >= 0x61 && c <= 0x7a) out[i] = 0x61 + ((c - 0x61 + 1 + rng.int(3)) % 26);
  }
}
