/**
 * A small, deterministic bzip2 encoder for test fixtures, so that .bz2 files can be made on a
 * machine that has nothing but Node (no bzip2 program, and no npm package that compresses bzip2
 * and is still kept). It writes the format libbzip2 1.0.x reads, not libbzip2's exact bytes: the
 * stages are the same, the heuristics simpler. Fine for fixtures of a few hundred kilobytes.
 *
 * Stream:  "BZh" + level digit ('1'..'9': the block size is level × 100 000 bytes)
 *          block*  then  end-of-stream magic 0x177245385090 (48 bits), combined CRC (32 bits),
 *          zero bits up to a byte boundary. Bits are written most significant first.
 * Block:   magic 0x314159265359 (48)  block CRC (32)  randomised = 0 (1)  origPtr (24)
 *          used-bytes map: 16 bits (one per range of 16 byte values), then 16 bits per range set
 *          nGroups (3, 2..6)  nSelectors (15)  selectors, MTF-coded in unary (j × '1', then '0')
 *          per table: start length (5), then per symbol: '10' +1 / '11' −1 ... then '0'
 *          the symbols, Huffman-coded, the table switching every 50 symbols, ending with EOB.
 * Stages:  RLE1 (runs of 4..255 equal bytes become 4 bytes + a count 0..251) → BWT (sorted
 *          rotations; the last column and the row of the original) → MTF over the bytes in use →
 *          RLE2 (runs of zeros written in bijective base 2 with RUNA = 0, RUNB = 1; an MTF index
 *          j ≥ 1 is symbol j + 1; EOB = number of bytes in use + 1) → Huffman.
 * CRCs:    block CRC = CRC-32/BZIP2 (polynomial 0x04c11db7, not reflected, init and final xor
 *          0xffffffff) over the block's input bytes (before RLE1); stream CRC = for each block
 *          (crc <<< 1) ^ blockCRC.
 */

export interface Bzip2Options {
  /** Block size level 1..9 (the digit in "BZh9"); default 9 like `bzip2`. */
  level?: number;
  /**
   * Largest block in bytes after RLE1; default what the level allows (level × 100000 − 19, as
   * bzip2). Set it small to get several blocks in one stream from a small input.
   */
  maxBlock?: number;
}

const BLOCK_MAGIC = [0x31, 0x41, 0x59, 0x26, 0x53, 0x59]; // BCD of pi
const END_MAGIC = [0x17, 0x72, 0x45, 0x38, 0x50, 0x90]; // BCD of sqrt(pi)
const GROUP = 50; // symbols coded with one table before the next selector
const MAX_CODE_LENGTH = 17; // what bzip2 1.0.x builds (the format allows 20)

export function writeBzip2(data: Uint8Array | string, options: Bzip2Options = {}): Uint8Array {
  const input = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  const level = options.level ?? 9;
  if (!Number.isInteger(level) || level < 1 || level > 9) throw new Error(`bzip2-writer: level ${level} is not 1..9`);
  const limit = level * 100000 - 19;
  const maxBlock = options.maxBlock ?? limit;
  if (!Number.isInteger(maxBlock) || maxBlock < 5 || maxBlock > limit) throw new Error(`bzip2-writer: maxBlock ${maxBlock} is not 5..${limit}`);

  const out = new BitWriter();
  for (const c of `BZh${level}`) out.bits(8, c.charCodeAt(0)); // stream header
  let combined = 0;
  for (let at = 0; at < input.byteLength; ) {
    const { block, consumed } = rle1(input, at, maxBlock);
    const crc = bzip2Crc(input.subarray(at, at + consumed));
    combined = (((combined << 1) | (combined >>> 31)) ^ crc) >>> 0;
    writeBlock(out, block, crc);
    at += consumed;
  }
  for (const b of END_MAGIC) out.bits(8, b);
  out.bits(32, combined);
  return out.finish();
}

/** Several bzip2 streams one after the other, as pbzip2 (or `cat a.bz2 b.bz2`) writes them. */
export function writeBzip2Streams(parts: (Uint8Array | string)[], options: Bzip2Options = {}): Uint8Array {
  return Buffer.concat(parts.map((p) => writeBzip2(p, options)));
}

/** CRC-32/BZIP2 of some bytes. */
export function bzip2Crc(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const b of bytes) crc = ((crc << 8) ^ CRC_TABLE[((crc >>> 24) ^ b) & 0xff]!) >>> 0;
  return (crc ^ 0xffffffff) >>> 0;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i << 24;
    for (let k = 0; k < 8; k++) c = c & 0x80000000 ? (c << 1) ^ 0x04c11db7 : c << 1;
    table[i] = c >>> 0;
  }
  return table;
})();

/**
 * RLE1 from `start`: as many input bytes as fit `maxBlock` output bytes. A run is cut at 255
 * bytes (4 + count 251), as bzip2 does; a run is never split across blocks.
 */
function rle1(input: Uint8Array, start: number, maxBlock: number): { block: Uint8Array; consumed: number } {
  const out: number[] = [];
  let i = start;
  while (i < input.byteLength) {
    const b = input[i]!;
    let run = 1;
    while (run < 255 && i + run < input.byteLength && input[i + run] === b) run++;
    const cost = run >= 4 ? 5 : run;
    if (out.length + cost > maxBlock) break;
    if (run >= 4) out.push(b, b, b, b, run - 4);
    else for (let k = 0; k < run; k++) out.push(b);
    i += run;
  }
  return { block: Uint8Array.from(out), consumed: i - start };
}

/**
 * The Burrows–Wheeler transform by prefix doubling over the rotations: ranks by the first 2^k
 * bytes, until every rank differs (or k reaches n: then the block is periodic and equal rotations
 * are interchangeable). Returns the last column and the row where the original rotation sorts.
 */
function bwt(block: Uint8Array): { last: Uint8Array; origPtr: number } {
  const n = block.byteLength;
  let rank = Int32Array.from(block);
  let order = Array.from({ length: n }, (_, i) => i);
  const next = new Int32Array(n);
  for (let k = 1; ; k *= 2) {
    const key = (i: number): number => rank[(i + k) % n]!;
    order.sort((a, b) => rank[a]! - rank[b]! || key(a) - key(b) || a - b);
    next[order[0]!] = 0;
    for (let j = 1; j < n; j++) {
      const a = order[j - 1]!;
      const b = order[j]!;
      next[b] = next[a]! + (rank[a] !== rank[b] || key(a) !== key(b) ? 1 : 0);
    }
    rank = Int32Array.from(next);
    if (rank[order[n - 1]!] === n - 1 || k >= n) break;
  }
  const last = new Uint8Array(n);
  let origPtr = 0;
  order.forEach((row, j) => {
    last[j] = block[(row + n - 1) % n]!;
    if (row === 0) origPtr = j;
  });
  order = [];
  return { last, origPtr };
}

/** MTF over the bytes in use, then RLE2 of the zero runs; ends with EOB. */
function mtfRle2(last: Uint8Array, inUse: boolean[]): { symbols: number[]; alphaSize: number } {
  const list: number[] = [];
  for (let b = 0; b < 256; b++) if (inUse[b]) list.push(b);
  const eob = list.length + 1;
  const symbols: number[] = [];
  let zeros = 0;
  const flush = (): void => {
    // A run of r zeros in bijective base 2, least significant digit first: RUNA = 1, RUNB = 2.
    let r = zeros - 1;
    while (zeros > 0) {
      symbols.push(r & 1);
      if (r < 2) break;
      r = (r - 2) >> 1;
    }
    zeros = 0;
  };
  for (const b of last) {
    const j = list.indexOf(b);
    if (j === 0) {
      zeros++;
      continue;
    }
    flush();
    list.splice(j, 1);
    list.unshift(b);
    symbols.push(j + 1);
  }
  flush();
  symbols.push(eob);
  return { symbols, alphaSize: eob + 1 };
}

function writeBlock(out: BitWriter, block: Uint8Array, crc: number): void {
  const { last, origPtr } = bwt(block);
  const inUse = new Array<boolean>(256).fill(false);
  for (const b of block) inUse[b] = true;
  const { symbols, alphaSize } = mtfRle2(last, inUse);

  for (const b of BLOCK_MAGIC) out.bits(8, b); //   block magic
  out.bits(32, crc); //                              block CRC
  out.bits(1, 0); //                                 randomised: no
  out.bits(24, origPtr); //                          origPtr
  // Used-bytes map: which ranges of 16 byte values hold a used byte, then the bytes of each.
  let ranges = 0;
  for (let r = 0; r < 16; r++) if (inUse.slice(r * 16, r * 16 + 16).some(Boolean)) ranges |= 0x8000 >>> r;
  out.bits(16, ranges);
  for (let r = 0; r < 16; r++) {
    if (!(ranges & (0x8000 >>> r))) continue;
    let bits = 0;
    for (let k = 0; k < 16; k++) if (inUse[r * 16 + k]) bits |= 0x8000 >>> k;
    out.bits(16, bits);
  }

  const { tables, selectors } = chooseTables(symbols, alphaSize);
  out.bits(3, tables.length); //                     nGroups
  out.bits(15, selectors.length); //                 nSelectors
  const mtf = tables.map((_, t) => t);
  for (const s of selectors) {
    const j = mtf.indexOf(s);
    for (let k = 0; k < j; k++) out.bits(1, 1);
    out.bits(1, 0);
    mtf.splice(j, 1);
    mtf.unshift(s);
  }
  for (const lengths of tables) {
    let current = lengths[0]!;
    out.bits(5, current); //                         start length
    for (const length of lengths) {
      for (; current < length; current++) out.bits(2, 2); // '10': one longer
      for (; current > length; current--) out.bits(2, 3); // '11': one shorter
      out.bits(1, 0); //                             '0': this symbol's length is current
    }
  }
  const codes = tables.map(canonicalCodes);
  symbols.forEach((sym, i) => {
    const t = selectors[Math.floor(i / GROUP)]!;
    out.bits(tables[t]![sym]!, codes[t]![sym]!);
  });
}

/**
 * bzip2's way of choosing tables: start from tables that each favour a band of symbols holding
 * an equal share of the frequencies, then four times: give each group of 50 symbols the table
 * that codes it shortest, and rebuild every table from the symbols it was given.
 */
function chooseTables(symbols: number[], alphaSize: number): { tables: number[][]; selectors: number[] } {
  const n = symbols.length;
  const nGroups = n < 200 ? 2 : n < 600 ? 3 : n < 1200 ? 4 : n < 2400 ? 5 : 6;
  const freq = new Array<number>(alphaSize).fill(0);
  for (const s of symbols) freq[s]!++;
  let tables: number[][] = [];
  let remaining = n;
  let lo = 0;
  for (let t = nGroups; t > 0; t--) {
    const share = remaining / t;
    let hi = lo - 1;
    let got = 0;
    while (got < share && hi < alphaSize - 1) got += freq[++hi]!;
    if (hi > lo && t !== nGroups && t !== 1 && (nGroups - t) % 2 === 1) got -= freq[hi--]!; // as bzip2
    tables.push(Array.from({ length: alphaSize }, (_, s) => (s >= lo && s <= hi ? 0 : 15)));
    remaining -= got;
    lo = hi + 1;
  }
  let selectors: number[] = [];
  for (let iter = 0; iter < 4; iter++) {
    selectors = [];
    const counts = tables.map(() => new Array<number>(alphaSize).fill(0));
    for (let g = 0; g < n; g += GROUP) {
      const group = symbols.slice(g, g + GROUP);
      let best = 0;
      let bestCost = Infinity;
      tables.forEach((lengths, t) => {
        const cost = group.reduce((c, s) => c + lengths[s]!, 0);
        if (cost < bestCost) {
          best = t;
          bestCost = cost;
        }
      });
      selectors.push(best);
      for (const s of group) counts[best]![s]!++;
    }
    tables = counts.map((c) => codeLengths(c, MAX_CODE_LENGTH));
  }
  return { tables, selectors };
}

/**
 * Huffman code lengths, every symbol at least 1 bit (a symbol never seen weighs 1); when a code
 * is longer than `maxLength`, halve the weights and build again, as bzip2 does.
 */
function codeLengths(freq: number[], maxLength: number): number[] {
  let weights = freq.map((f) => Math.max(f, 1));
  for (;;) {
    const lengths = huffmanLengths(weights);
    if (Math.max(...lengths) <= maxLength) return lengths;
    weights = weights.map((w) => 1 + Math.floor(w / 2));
  }
}

function huffmanLengths(weights: number[]): number[] {
  // Nodes: leaves 0..n-1, then the merged ones; ties broken by index so the result is fixed.
  const n = weights.length;
  const weight = [...weights];
  const parent: number[] = new Array<number>(n).fill(-1);
  const live = weights.map((_, i) => i);
  while (live.length > 1) {
    live.sort((a, b) => weight[a]! - weight[b]! || a - b);
    const a = live.shift()!;
    const b = live.shift()!;
    const node = weight.length;
    weight.push(weight[a]! + weight[b]!);
    parent.push(-1);
    parent[a] = node;
    parent[b] = node;
    live.push(node);
  }
  return weights.map((_, i) => {
    let depth = 0;
    for (let p = i; parent[p]! >= 0; p = parent[p]!) depth++;
    return Math.max(depth, 1);
  });
}

/** Canonical codes as bzip2 assigns them: by length, then by symbol. */
function canonicalCodes(lengths: number[]): number[] {
  const codes = new Array<number>(lengths.length).fill(0);
  let code = 0;
  for (let len = 1; len <= 20; len++) {
    lengths.forEach((l, s) => {
      if (l === len) codes[s] = code++;
    });
    code <<= 1;
  }
  return codes;
}

/** Bits, most significant first, packed into bytes; the last byte padded with zero bits. */
class BitWriter {
  private bytes: number[] = [];
  private acc = 0;
  private count = 0;

  bits(n: number, value: number): void {
    for (let i = n - 1; i >= 0; i--) {
      this.acc = (this.acc << 1) | (Math.floor(value / 2 ** i) & 1);
      if (++this.count === 8) {
        this.bytes.push(this.acc);
        this.acc = 0;
        this.count = 0;
      }
    }
  }

  finish(): Uint8Array {
    if (this.count > 0) this.bytes.push(this.acc << (8 - this.count));
    this.acc = 0;
    this.count = 0;
    return Uint8Array.from(this.bytes);
  }
}
