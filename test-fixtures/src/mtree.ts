/**
 * The libarchive conformance corpus (../shared/corpus/libarchive): each archive libarchive reads
 * comes with its listing in BSD mtree form. This module parses those listings and compares them
 * with what our readers list, as the corpus README defines agreement: the same set of paths and,
 * per path, the same type, mode, uid, gid, uname, gname, time, size, symlink target and sha256.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export const corpusDir = fileURLToPath(new URL('../../../shared/corpus/libarchive/', import.meta.url));

export interface CorpusRow {
  file: string;
  source: string;
  bytes: number;
  libarchive: 'ok' | 'error';
  entries?: number;
  error?: string;
}

export function corpusIndex(): CorpusRow[] {
  return JSON.parse(readFileSync(join(corpusDir, 'index.json'), 'utf8')) as CorpusRow[];
}

export interface MtreeEntry {
  path: string;
  /** The path's bytes, only when they are not valid UTF-8 (zip names in a legacy code page). */
  pathBytes?: Uint8Array;
  type: string;
  mode?: number;
  uid?: number;
  gid?: number;
  uname?: string;
  gname?: string;
  /** `seconds.fraction` exactly as written. */
  time?: string;
  size?: number;
  link?: string;
  sha256?: string;
}

/** Undo mtree's escaping: `\ooo` octal bytes (and `\\`), decoded as UTF-8. */
export function unescapeMtree(text: string): string {
  return Buffer.from(unescapeMtreeBytes(text)).toString('utf8');
}

/** Undo mtree's escaping, keeping the bytes (a name need not be UTF-8). */
export function unescapeMtreeBytes(text: string): Uint8Array {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\' && /^[0-7]{3}$/.test(text.slice(i + 1, i + 4))) {
      bytes.push(parseInt(text.slice(i + 1, i + 4), 8));
      i += 3;
    } else {
      for (const b of Buffer.from(c, 'utf8')) bytes.push(b);
    }
  }
  return Uint8Array.from(bytes);
}

export function parseMtree(text: string): MtreeEntry[] {
  const out: MtreeEntry[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#') || line.startsWith('/')) continue;
    const [rawPath, ...keywords] = line.split(' ');
    const entry: MtreeEntry = { path: unescapeMtree(rawPath!), type: '' };
    const pathBytes = unescapeMtreeBytes(rawPath!);
    if (Buffer.from(entry.path, 'utf8').compare(pathBytes) !== 0) entry.pathBytes = pathBytes;
    for (const kw of keywords) {
      const eq = kw.indexOf('=');
      const key = kw.slice(0, eq);
      const value = kw.slice(eq + 1);
      switch (key) {
        case 'type': entry.type = value; break;
        case 'mode': entry.mode = parseInt(value, 8); break;
        case 'uid': entry.uid = Number(value); break;
        case 'gid': entry.gid = Number(value); break;
        case 'uname': entry.uname = unescapeMtree(value); break;
        case 'gname': entry.gname = unescapeMtree(value); break;
        case 'time': entry.time = value; break;
        case 'size': entry.size = Number(value); break;
        case 'link': entry.link = unescapeMtree(value); break;
        case 'sha256digest': entry.sha256 = value; break;
        default: break; // nlink and flags are not compared (corpus README)
      }
    }
    out.push(entry);
  }
  return out;
}

export function readMtree(file: string): MtreeEntry[] {
  return parseMtree(readFileSync(join(corpusDir, `${file}.mtree`), 'utf8'));
}

/** What a reader listed, in the fields agreement is judged on. */
export interface ListedEntry {
  path: string;
  /** The stored name's bytes when they are not valid UTF-8: matched against libarchive's bytes. */
  pathBytes?: Uint8Array;
  type: string;
  mode: number;
  uid: number | null;
  gid: number | null;
  uname: string | null;
  gname: string | null;
  mtime: number | null;
  size: number;
  linkTarget: string | null;
  sha256: string | null;
}

/**
 * The path as bsdtar writes it to mtree. Its mtree writer cleans each name up lexically (the corpus
 * shows it, test_patterns_4.tar): empty and `.` components dropped, `..` removes the component
 * before it (at the root of an absolute name it is dropped, at the start of a relative one it
 * stays), the leading `/` removed, then `./` prefixed. A name left empty is `.` (an empty name
 * is listed `./`, which this makes `.` too).
 */
export function mtreePath(path: string): string {
  const absolute = path.startsWith('/');
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length > 0 && parts[parts.length - 1] !== '..') parts.pop();
      else if (!absolute) parts.push('..');
      continue;
    }
    parts.push(part);
  }
  return parts.length === 0 ? '.' : `./${parts.join('/')}`;
}

const mtreeType: Record<string, string> = {
  file: 'file', hardlink: 'file', dir: 'dir', symlink: 'link', char: 'char', block: 'block', fifo: 'fifo', socket: 'socket',
};

/** mtree writes times as `seconds.nanoseconds` with the fraction's trailing zeros kept to 1 digit. */
export function mtreeTime(mtime: number): { seconds: number; nanos: number } {
  const seconds = Math.floor(mtime);
  return { seconds, nanos: Math.round((mtime - seconds) * 1e9) };
}

/**
 * libarchive's mtree writer prints `time=%jd.%jd` (seconds, nanoseconds): the fraction is the
 * nanosecond count without leading zeros, so `5.50` is 5 s + 50 ns (the corpus shows it:
 * test_pax_xattr_header_all.tar stores mtime=5.00000005 and lists time=5.50).
 */
function parseMtreeTime(text: string): { seconds: number; nanos: number } {
  const [s, f = '0'] = text.split('.');
  return { seconds: Number(s), nanos: Number(f) };
}

/**
 * Compare a listing with libarchive's. Returns one line per disagreement (empty when they agree).
 * Times agree when seconds match and fractions match to the microsecond (doubles hold no more).
 */
export function compareWithMtree(listed: ListedEntry[], expected: MtreeEntry[]): string[] {
  const problems: string[] = [];
  // Paths are matched as bytes (held in latin1 strings) so that names in legacy code pages,
  // which libarchive lists as the stored bytes, match ours by their pathBytes.
  const key = (path: string, bytes?: Uint8Array) => mtreePath(Buffer.from(bytes ?? Buffer.from(path, 'utf8')).toString('latin1'));
  const byPath = new Map<string, ListedEntry>();
  for (const e of listed) byPath.set(key(e.path, e.pathBytes), e);
  const expectedPaths = new Set(expected.map((e) => key(e.path, e.pathBytes)));
  for (const want of expected) {
    const got = byPath.get(key(want.path, want.pathBytes));
    if (got === undefined) {
      problems.push(`${want.path}: listed by libarchive, missing here`);
      continue;
    }
    const diff = (field: string, a: unknown, b: unknown) => {
      if (a !== b) problems.push(`${want.path}: ${field}: libarchive ${String(a)}, here ${String(b)}`);
    };
    diff('type', want.type, mtreeType[got.type]);
    if (want.mode !== undefined) diff('mode', want.mode.toString(8), got.mode.toString(8));
    if (want.uid !== undefined) diff('uid', want.uid, got.uid ?? 0);
    if (want.gid !== undefined) diff('gid', want.gid, got.gid ?? 0);
    diff('uname', want.uname ?? null, got.uname || null);
    diff('gname', want.gname ?? null, got.gname || null);
    if (want.time !== undefined) {
      const w = parseMtreeTime(want.time);
      const g = mtreeTime(got.mtime ?? 0);
      if (w.seconds !== g.seconds || Math.abs(w.nanos - g.nanos) > 1000) {
        problems.push(`${want.path}: time: libarchive ${want.time}, here ${String(got.mtime)}`);
      }
    }
    if (want.type === 'file') {
      // A hard link without data (tar) is listed by libarchive with size 0; one that carries data
      // (cpio: every link in odc and bin, the last link in newc) is listed with its size and digest.
      const linkOnly = got.type === 'hardlink' && got.size === 0;
      diff('size', want.size ?? 0, linkOnly ? 0 : got.size);
      if (want.sha256 !== undefined) diff('sha256', want.sha256, linkOnly ? want.sha256 : got.sha256);
    }
    if (want.type === 'link') diff('link', want.link ?? null, got.linkTarget);
  }
  for (const path of byPath.keys()) {
    if (!expectedPaths.has(path)) problems.push(`${Buffer.from(path, 'latin1').toString('utf8')}: listed here, not by libarchive`);
  }
  return problems;
}

/**
 * Where bsdtar's digest of a sparse member stops: the end of its last data region. bsdtar hashes
 * the holes between data regions but not a hole at the end of the file, while our readers yield
 * the whole expanded file (`raw.sparseMap` is the tar reader's map: [offset, numbytes, kind?]).
 */
export function bsdtarDigestLength(map: unknown): number {
  if (!Array.isArray(map)) return Infinity;
  let end = 0;
  for (const region of map) {
    if (!Array.isArray(region) || region[2] === 'hole') continue;
    const [offset, numbytes] = region as [number, number];
    if (numbytes > 0) end = Math.max(end, offset + numbytes);
  }
  return end;
}

/**
 * Archives on which we disagree with libarchive on purpose, with the exact lines of disagreement
 * (compareWithMtree's) and why. Every conformance test asserts these lines, no more, no fewer.
 */
export const knownDisagreements: Record<string, string[]> = {
  // file2's central directory CRC is "xxxx" (0x78787878) while its data descriptor holds the real
  // CRC. libarchive fails the read on the CRC check and bsdtar's listing hashes no data (the
  // digest of nothing); we stream the whole content and report ZIP_CRC_MISMATCH on the member
  // (asserted below), so our digest is that of the 18 bytes actually stored.
  'test_read_format_zip.zip': [
    './file2: sha256: libarchive e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855, here fcf30b99ad097a0a48b1bfa6be7a1d0416105c28785fefbca0cf564cc84847cd',
  ],
  // The fourth member is named "File 4 - xx.txt" in its local header and "File 4 - \x86.txt" in
  // the central directory, whose Unicode Path extra (0x7075) carries a CRC that matches the
  // central name and says "File 4 - å.txt". The central directory is our authority, so we list
  // "File 4 - å.txt" (and report ZIP_LOCAL_CENTRAL_MISMATCH on the name); libarchive takes the
  // name from the local header, whose own 0x7075 CRC does not match, and lists "File 4 - xx.txt".
  'test_read_format_zip_7075_utf8_paths.zip': [
    './File 4 - xx.txt: listed by libarchive, missing here',
    './File 4 - å.txt: listed here, not by libarchive',
  ],
};
