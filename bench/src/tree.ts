/**
 * The generated tree: ~20,000 real-looking files (~300 MB) at scale 1, laid out like a node_modules
 * folder with deep directories: prose, source code, JSON and source maps, minified JS, images and
 * fonts (incompressible), native modules (half compressible). Everything follows from the
 * parameters; content is made on demand, one file at a time, so no generator holds the tree.
 */
import { Prng } from './prng.js';

export interface TreeParams {
  seed: number;
  /** 1 = ~20,000 files, ~300 MB. */
  scale: number;
  /** Files at scale 1. */
  files: number;
  /** Content bytes at scale 1. */
  bytes: number;
  /** Fraction of the tree (a prefix, in archive order) packed as tar.bz2. */
  bz2Fraction: number;
  /** Files whose content differs in b. */
  changed: number;
  mtimeA: number;
  mtimeB: number;
}

export const defaultParams: Omit<TreeParams, 'scale'> = {
  seed: 20_251_108,
  files: 20_000,
  bytes: 300_000_000,
  bz2Fraction: 1 / 3,
  changed: 5,
  mtimeA: 1_700_000_000,
  mtimeB: 1_700_003_600,
};

export type Kind = 'prose' | 'code' | 'json' | 'map' | 'minjs' | 'image' | 'native';

export interface TreeFile {
  type: 'file';
  path: string;
  kind: Kind;
  size: number;
  mode: number;
  /** Index among files: the content's PRNG stream. */
  index: number;
}

export interface TreeDir {
  type: 'dir';
  path: string;
  mode: number;
}

export type TreeEntry = TreeFile | TreeDir;

export interface Tree {
  entries: TreeEntry[];
  /** Entries (in order) that go into the tar.bz2: a prefix of the tree. */
  bz2Count: number;
  /** Paths of the files whose content differs in b (all inside the bz2 prefix). */
  changed: string[];
  totalBytes: number;
  bz2Bytes: number;
}

/** Median size and spread (log-normal) per kind, before scaling to the target total. */
const kinds: Record<Kind, { median: number; sigma: number; ext: string[] }> = {
  prose: { median: 3_000, sigma: 1.0, ext: ['.md', '.txt', ''] },
  code: { median: 4_000, sigma: 1.1, ext: ['.ts', '.d.ts', '.py', '.css', '.mjs', '.cjs'] },
  json: { median: 1_500, sigma: 1.2, ext: ['.json'] },
  map: { median: 30_000, sigma: 1.0, ext: ['.js.map'] },
  minjs: { median: 20_000, sigma: 1.2, ext: ['.min.js', '.js'] },
  image: { median: 12_000, sigma: 1.3, ext: ['.png', '.woff2', '.jpg'] },
  native: { median: 200_000, sigma: 0.8, ext: ['.node', '.wasm'] },
};
/** How often each kind occurs (weights). */
const kindWeights: Array<[Kind, number]> = [['prose', 12], ['code', 34], ['json', 14], ['map', 10], ['minjs', 22], ['image', 7], ['native', 1]];
const MAX_FILE = 8 * 1024 * 1024;

const syllables = ['ka', 'lo', 're', 'mi', 'tu', 'an', 'el', 'or', 'is', 'qu', 'ex', 'st', 'pr', 'ch', 'io', 'ne', 'ta', 'vi', 'om', 'ul'];

export function word(rng: Prng): string {
  let w = '';
  const n = 1 + rng.int(3);
  for (let i = 0; i < n; i++) w += rng.pick(syllables);
  return w;
}

function pickKind(rng: Prng): Kind {
  const total = kindWeights.reduce((s, [, w]) => s + w, 0);
  let r = rng.next() * total;
  for (const [k, w] of kindWeights) {
    if ((r -= w) < 0) return k;
  }
  return 'code';
}

export function planTree(params: TreeParams): Tree {
  const rng = new Prng(params.seed, 1);
  const fileCount = Math.round(params.files * params.scale);
  const files: Array<Omit<TreeFile, 'index'>> = [];
  const seen = new Set<string>();
  const scopes = Array.from({ length: 40 }, () => `@${word(rng)}`);
  while (files.length < fileCount) {
    // A package: 5..45 files in a few nested directories, sometimes a nested node_modules.
    const scoped = rng.next() < 0.3;
    let root = `node_modules/${scoped ? `${rng.pick(scopes)}/` : ''}${word(rng)}-${word(rng)}`;
    if (rng.next() < 0.15) root += `/node_modules/${word(rng)}${word(rng)}`;
    const dirs = [root];
    const dirCount = 1 + rng.int(8);
    for (let d = 0; d < dirCount; d++) {
      let dir = rng.pick(dirs);
      const depth = 1 + rng.int(3);
      for (let k = 0; k < depth; k++) dir += `/${rng.pick(['dist', 'lib', 'src', 'esm', 'cjs', 'internal', 'utils', 'types', 'assets', 'locale', word(rng), word(rng)])}`;
      dirs.push(dir);
    }
    const count = Math.min(fileCount - files.length, 5 + rng.int(41));
    for (let f = 0; f < count; f++) {
      const kind = f === 0 ? 'json' : pickKind(rng);
      const spec = kinds[kind];
      const base = f === 0 ? 'package' : f === 1 ? 'README' : `${word(rng)}${rng.next() < 0.4 ? `-${word(rng)}` : ''}`;
      const path = `${f < 2 ? root : rng.pick(dirs)}/${base}${f === 1 ? '.md' : rng.pick(spec.ext)}`;
      if (seen.has(path)) continue;
      seen.add(path);
      const size = Math.round(spec.median * Math.exp(spec.sigma * rng.normal()));
      const mode = kind === 'native' || (kind === 'code' && rng.next() < 0.05) ? 0o755 : 0o644;
      files.push({ type: 'file', path, kind: f === 1 ? 'prose' : kind, size, mode });
    }
  }
  // Scale sizes so that the tree holds the target bytes.
  const raw = files.reduce((s, f) => s + f.size, 0);
  const factor = (params.bytes * params.scale) / raw;
  for (const f of files) f.size = Math.max(16, Math.min(MAX_FILE, Math.round(f.size * factor)));
  files.sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0));

  // Archive order: sorted paths, each directory before its first member (lexicographic order keeps
  // a directory's members together).
  const entries: TreeEntry[] = [];
  const dirsDone = new Set<string>();
  let index = 0;
  for (const f of files) {
    const parts = f.path.split('/');
    for (let i = 1; i < parts.length; i++) {
      const dir = `${parts.slice(0, i).join('/')}/`;
      if (!dirsDone.has(dir)) {
        dirsDone.add(dir);
        entries.push({ type: 'dir', path: dir, mode: 0o755 });
      }
    }
    entries.push({ ...f, index: index++ });
  }
  const totalBytes = files.reduce((s, f) => s + f.size, 0);

  // The bz2 prefix: entries until params.bz2Fraction of the bytes.
  let bz2Count = 0;
  let bz2Bytes = 0;
  while (bz2Count < entries.length && bz2Bytes < totalBytes * params.bz2Fraction) {
    const e = entries[bz2Count++]!;
    if (e.type === 'file') bz2Bytes += e.size;
  }
  // Changed files: text-like files inside the bz2 prefix, spread over it, one binary among them.
  const pool = entries.slice(0, bz2Count).filter((e): e is TreeFile => e.type === 'file' && e.size >= 2_000 && e.size < 1_000_000);
  const changed: string[] = [];
  const wantKinds: Kind[] = ['prose', 'code', 'json', 'minjs', 'image'];
  for (let i = 0; i < params.changed; i++) {
    const want = wantKinds[i % wantKinds.length]!;
    const start = Math.floor((pool.length * (i + 0.5)) / params.changed);
    const hit = pool.slice(start).find((f) => f.kind === want && !changed.includes(f.path)) ?? pool.find((f) => !changed.includes(f.path))!;
    changed.push(hit.path);
  }
  return { entries, bz2Count, changed, totalBytes, bz2Bytes };
}
