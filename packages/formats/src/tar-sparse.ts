/**
 * Sparse files in tar: one layout for the four ways they are stored, and the stream that expands
 * them (holes become zeros) so that a sparse member hashes like the file it stands for, as
 * libarchive's reader yields it.
 *
 * - old GNU ('S' typeflag): up to 4 regions in the header, 21 more per extension block that
 *   follows the header (not counted in its size); the header's realsize is the file's size.
 * - GNU pax 0.0 (GNU.sparse.offset/numbytes records) and 0.1 (GNU.sparse.map): the map is in the
 *   extended header; GNU.sparse.size is the file's size.
 * - GNU pax 1.0 (GNU.sparse.major=1, minor=0): the map opens the member's data as decimal numbers,
 *   one per line (count, then offset and size pairs), padded to a 512-byte boundary.
 * - Solaris pax (SUN.holesdata): offsets where data and holes begin in turn; the holes' bytes are
 *   stored too, and skipped.
 */
import type { ByteReader } from './byte-reader.js';
import type { SparseRegion } from './tar-header.js';

/** A stretch of the member's stored data: for file offset `offset`, `numbytes` bytes. */
export interface SparseSegment extends SparseRegion {
  /** False for a Solaris hole: its bytes are stored but the file has zeros there. */
  data: boolean;
}

export interface SparseLayout {
  /** The size of the expanded file. */
  realsize: number;
  /** In file order; each takes its `numbytes` from the stored data, in turn. */
  segments: SparseSegment[];
}

/** Why a map cannot be used, in plain words; null when it holds. */
export function checkSparseLayout(layout: SparseLayout, storedSize: number): string | null {
  let end = 0;
  let stored = 0;
  for (const s of layout.segments) {
    if (!Number.isSafeInteger(s.offset) || !Number.isSafeInteger(s.numbytes) || s.offset < 0 || s.numbytes < 0) {
      return `region (${s.offset}, ${s.numbytes}) is not a pair of non-negative integers`;
    }
    if (s.offset < end) return `region at ${s.offset} overlaps or precedes the previous one (ending at ${end})`;
    end = s.offset + s.numbytes;
    stored += s.numbytes;
  }
  if (end > layout.realsize) return `regions reach ${end}, past the file's size ${layout.realsize}`;
  if (stored > storedSize) return `regions hold ${stored} bytes, but the member stores ${storedSize}`;
  return null;
}

/** A layout from GNU (offset, numbytes) regions: every region is data. */
export function gnuLayout(regions: readonly SparseRegion[], realsize: number): SparseLayout {
  return { realsize, segments: regions.map((r) => ({ offset: r.offset, numbytes: r.numbytes, data: true })) };
}

/** A flat [offset, numbytes, ...] map (pax 0.0, 0.1, 1.0) as regions. */
export function pairsToRegions(map: readonly number[]): SparseRegion[] {
  const regions: SparseRegion[] = [];
  for (let i = 0; i + 1 < map.length; i += 2) regions.push({ offset: map[i]!, numbytes: map[i + 1]! });
  return regions;
}

/**
 * SUN.holesdata boundaries as segments, as libarchive reads them: the file starts in a hole, and
 * each number ends the current stretch and flips between hole and data.
 */
export function sunLayout(boundaries: readonly number[], realsize: number): SparseLayout {
  const segments: SparseSegment[] = [];
  let start = 0;
  let hole = true;
  for (const end of boundaries) {
    if (end > start) segments.push({ offset: start, numbytes: end - start, data: !hole });
    start = Math.max(start, end);
    hole = !hole;
  }
  return { realsize, segments };
}

/**
 * The GNU 1.0 map at the start of the data: decimal numbers, one per line. Returns the numbers
 * (count, then pairs) and the bytes the map takes with its padding, or 'incomplete' when `bytes`
 * ends before the map does, or an error message.
 */
export function decodeSparse10Map(bytes: Uint8Array): { map: number[]; length: number } | 'incomplete' | string {
  const numbers: number[] = [];
  let p = 0;
  let count = -1;
  while (count < 0 || numbers.length < 2 * count) {
    // Lines starting with '#' are comments (libarchive skips them: gtar_sparse_1_17_posix10_modified).
    if (bytes[p] === 0x23) {
      while (p < bytes.byteLength && bytes[p] !== 0x0a) p++;
      if (p >= bytes.byteLength) return 'incomplete';
      p++;
      continue;
    }
    let value = 0;
    let digits = 0;
    while (p < bytes.byteLength && bytes[p] !== 0x0a) {
      const c = bytes[p]!;
      if (c < 0x30 || c > 0x39 || digits >= 16) return `expected a decimal number in the sparse map at byte ${p}, found byte 0x${c.toString(16)}`;
      value = value * 10 + (c - 0x30);
      digits++;
      p++;
    }
    if (p >= bytes.byteLength) return 'incomplete';
    if (digits === 0) return `expected a decimal number in the sparse map at byte ${p}, found an empty line`;
    p++; // the newline
    if (count < 0) count = value;
    else numbers.push(value);
  }
  return { map: numbers, length: Math.ceil(p / 512) * 512 };
}

/** Zeros handed out for holes; never written to, so one buffer serves every hole. */
const ZEROS = new Uint8Array(64 * 1024);

const MAX_CHUNK = 1 << 20;

/**
 * The expanded file: zeros for holes, the stored bytes for data (read from `input` and counted in
 * `body.remaining`), up to `layout.realsize`. Ends early only when the input ends; the caller
 * compares the bytes it saw with `layout.realsize`.
 */
export async function* expandSparse(
  input: ByteReader,
  layout: SparseLayout,
  body: { remaining: number },
  /** Called before each read: throws when the reader has moved past this member. */
  guard: () => void = () => {},
): AsyncGenerator<Uint8Array> {
  let at = 0;
  for (const s of layout.segments) {
    if (s.offset > at) {
      yield* zeros(s.offset - at);
      at = s.offset;
    }
    let left = s.numbytes;
    while (left > 0) {
      guard();
      const got = await input.readSome(Math.min(left, MAX_CHUNK));
      if (got === null) return;
      body.remaining -= got.byteLength;
      left -= got.byteLength;
      // A Solaris hole's stored bytes are read past and stand for zeros.
      if (s.data) yield got;
      else yield* zeros(got.byteLength);
    }
    at += s.numbytes;
  }
  if (layout.realsize > at) yield* zeros(layout.realsize - at);
}

function* zeros(n: number): Generator<Uint8Array> {
  let left = n;
  while (left > 0) {
    const part = Math.min(left, ZEROS.byteLength);
    left -= part;
    yield ZEROS.subarray(0, part);
  }
}
