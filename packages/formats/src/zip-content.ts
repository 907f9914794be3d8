/**
 * The content of one zip member as an async iterable: stored bytes or inflated deflate, with the
 * CRC-32 checked and the size counted against the declared size as it streams.
 *
 * Small deflate members (compressed ≤ `inflateSyncMaxBytes`, declared size ≤ 64 MiB) are inflated
 * in one `inflateRawSync` call over bytes from the read-ahead window, with `maxOutputLength` one
 * byte past the declared size so a lying header cannot make us inflate a bomb; anything else (a
 * large member, a sync inflate that failed or overflowed) streams through `createInflateRaw`.
 * Content never goes past the declared size: the extra bytes are a problem, not output (bsdtar
 * does the same: it writes at most the declared size).
 */
import { Readable, pipeline } from 'node:stream';
import zlib from 'node:zlib';
import { crc32 } from './crc32.js';
import { hex8, type CompressedAtHand, type ContentAtHand, type ContentLocation, type Problem, type RandomAccessSource } from './entry.js';
import type { ReadWindow } from './zip-window.js';

export const DEFAULT_INFLATE_SYNC_MAX_BYTES = 1 << 20;
const SYNC_OUTPUT_MAX_BYTES = 64 << 20;

export interface ContentPlan {
  source: RandomAccessSource;
  window: ReadWindow;
  /** Compressed data in [start, end) of the source (end already clamped to the source size). */
  start: number;
  end: number;
  /** How many compressed bytes the headers declare (end - start is less when the file is truncated). */
  declaredCompressedSize: number;
  method: 0 | 8;
  declaredSize: number;
  crc32: number;
  /** Where to put problems found while streaming (the member's problems array). */
  problems: Problem[];
  /** Offset of the member's local header, for problems. */
  offset: number;
  inflateSyncMaxBytes: number;
}

/**
 * What was produced against what the headers declare: keeps what fits in the declared size (bsdtar
 * writes no more either), and says once, at the end, what did not match.
 */
class ContentCheck {
  private produced = 0;
  private overflow = false;
  private crc = 0;
  private readonly plan: ContentPlan;

  constructor(plan: ContentPlan) {
    this.plan = plan;
  }

  /** The part of `chunk` within the declared size (empty past it); false once past it. */
  add(chunk: Uint8Array, out: Uint8Array[]): boolean {
    const room = this.plan.declaredSize - this.produced;
    if (chunk.byteLength > room) {
      this.overflow = true;
      chunk = chunk.subarray(0, Math.max(0, room));
    }
    if (chunk.byteLength > 0) {
      this.produced += chunk.byteLength;
      this.crc = crc32(chunk, this.crc);
      out.push(chunk);
    }
    return !this.overflow;
  }

  finish(): void {
    const plan = this.plan;
    if (this.overflow) {
      plan.problems.push({
        code: 'ZIP_SIZE_MISMATCH',
        message: `zip: member content is longer than its declared size; expected ${plan.declaredSize} bytes, got at least ${plan.declaredSize + 1}`,
        offset: plan.offset,
      });
    } else if (this.produced !== plan.declaredSize) {
      plan.problems.push({
        code: 'ZIP_SIZE_MISMATCH',
        message: `zip: member content is shorter than its declared size; expected ${plan.declaredSize} bytes, got ${this.produced}`,
        offset: plan.offset,
      });
    } else if (this.crc >>> 0 !== plan.crc32 >>> 0) {
      // Only when the size is right: a wrong size already explains a wrong CRC.
      plan.problems.push({
        code: 'ZIP_CRC_MISMATCH',
        message: `zip: crc-32 of the content does not match the header; expected ${hex8(plan.crc32)}, got ${hex8(this.crc)}`,
        offset: plan.offset,
      });
    }
  }
}

/**
 * The member's content as a stream that can also give it at once (ContentAtHand): a small member
 * whose compressed bytes are in the read-ahead window is inflated in one call when asked, with no
 * stream; anything else, or an inflate that fails, is read as the stream (which says what is wrong).
 */
export function memberContent(plan: ContentPlan): ContentAtHand {
  // The stream is made only when iterated: most members are taken at once, and a generator made for
  // every member got its whole body compiled as soon as V8 counted enough calls (~15 ms a worker
  // at ×1 zip, --trace-opt) for one that rarely ran.
  return {
    now: () => contentNow(plan),
    compressed: () => compressedNow(plan),
    location: () => ({ start: plan.start, end: plan.end, method: plan.method, declaredSize: plan.declaredSize, crc32: plan.crc32 }),
    [Symbol.asyncIterator]: () => streamContent(plan),
  };
}

/**
 * The content of a member read again from its stored bytes (`stored`, the bytes in [start, end) of
 * its location): the first `maxBytes` of it at most. Throws unless they decode to the declared size
 * and CRC-32 (the file changed since it was read, or the member was damaged: then the caller reads
 * it the way that reports what is wrong).
 */
export function contentAt(stored: Uint8Array, location: ContentLocation, maxBytes: number): Uint8Array {
  // Inflated up to one byte past the declared size, never further: a lying size cannot make it large.
  const content = location.method === 0 ? stored : zlib.inflateRawSync(stored, { maxOutputLength: Math.max(1, location.declaredSize + 1) });
  if (content.byteLength !== location.declaredSize || crc32(content) >>> 0 !== location.crc32 >>> 0) {
    throw new Error(`the stored bytes at ${location.start} no longer give the declared content (${location.declaredSize} bytes, CRC-32 ${hex8(location.crc32)})`);
  }
  return content.subarray(0, Math.min(content.byteLength, maxBytes));
}

/**
 * A deflate member's compressed bytes when contentNow would inflate them from the window. Not a
 * stored member's: its compressed bytes are its content, and hashing them to find a twin would
 * cost what hashing the content does.
 */
function compressedNow(plan: ContentPlan): CompressedAtHand | null {
  const bytes = plan.method === 8 ? dataAtHand(plan) : null;
  return bytes === null ? null : { method: plan.method, crc32: plan.crc32, declaredSize: plan.declaredSize, bytes };
}

/** Output chunk of a one-call inflate at most: a larger member's output is gathered from chunks this size. */
const OUTPUT_CHUNK_MAX = 4 << 20;
/** The most deflate can expand: 258 bytes from a 2-bit code, about 1,032 to 1 (zlib's technical details). */
const DEFLATE_MAX_RATIO = 1032;

/** Small enough to inflate in one call: up to inflateSyncMaxBytes compressed, and 64 MiB declared. */
export function inOneCall(plan: ContentPlan): boolean {
  return plan.end - plan.start <= plan.inflateSyncMaxBytes && plan.declaredSize <= SYNC_OUTPUT_MAX_BYTES;
}

/**
 * Deflate data inflated in one call, never past one byte beyond the declared size (so a lying
 * header cannot make us inflate a bomb); null when that fails: the stream says what is wrong.
 */
function inflateWhole(plan: ContentPlan, input: Uint8Array): Uint8Array | null {
  try {
    // One output buffer of the declared size (plus the byte that tells a lie): zlib's default 16 KiB
    // chunks would allocate 16 KiB for every small member and copy the chunks of every large one.
    // Never more than deflate can make of the input (1,032:1), so a lying size costs no large buffer.
    const output = Math.max(1, plan.declaredSize + 1);
    const chunkSize = Math.max(64, Math.min(output, input.byteLength * DEFLATE_MAX_RATIO + 64, OUTPUT_CHUNK_MAX));
    return zlib.inflateRawSync(input, { maxOutputLength: output, chunkSize });
  } catch {
    return null;
  }
}

/** All of the member's compressed data, when it is in the window and small enough for one call; else null. */
function dataAtHand(plan: ContentPlan): Uint8Array | null {
  const length = plan.end - plan.start;
  return length < plan.declaredCompressedSize || !inOneCall(plan) ? null : plan.window.atHand(plan.start, length);
}

function contentNow(plan: ContentPlan): Uint8Array[] | null {
  const input = dataAtHand(plan);
  if (input === null) return null;
  const whole = plan.method === 0 ? input : inflateWhole(plan, input);
  if (whole === null) return null;
  const check = new ContentCheck(plan);
  const out: Uint8Array[] = [];
  check.add(whole, out);
  check.finish();
  return out;
}

/** Stream the content; problems land in plan.problems once the stream is consumed. */
async function* streamContent(plan: ContentPlan): AsyncGenerator<Uint8Array> {
  const check = new ContentCheck(plan);
  const pending: Uint8Array[] = [];
  const truncated = plan.end - plan.start < plan.declaredCompressedSize;
  if (truncated) {
    plan.problems.push({
      code: 'ZIP_TRUNCATED',
      message: `zip: member data runs past the end of the file; expected ${plan.declaredCompressedSize} compressed bytes, found ${plan.end - plan.start}`,
      offset: plan.offset,
    });
  }

  if (plan.method === 0) {
    for await (const chunk of compressedChunks(plan)) {
      const more = check.add(chunk, pending);
      yield* pending.splice(0);
      if (!more) break;
    }
  } else {
    // In one call when small enough; when that fails (past the declared size, or damaged), the stream says which.
    const whole = inOneCall(plan) ? inflateWhole(plan, await plan.window.read(plan.start, plan.end - plan.start)) : null;
    if (whole !== null) check.add(whole, pending);
    else {
      try {
        for await (const chunk of inflateStream(plan)) {
          const more = check.add(chunk, pending);
          yield* pending.splice(0);
          if (!more) break;
        }
      } catch (error) {
        // zlib errors (Z_DATA_ERROR, Z_BUF_ERROR for a stream cut short) are damage; I/O errors are not ours to hide
        const code = (error as { code?: unknown }).code;
        if (typeof code !== 'string' || !code.startsWith('Z_')) throw error;
        plan.problems.push({ code: 'ZIP_DEFLATE_ERROR', message: `zip: deflate stream is damaged: ${(error as Error).message}`, offset: plan.offset });
      }
    }
    yield* pending.splice(0);
  }
  check.finish();
}


function compressedChunks(plan: ContentPlan): AsyncIterable<Uint8Array> {
  const length = plan.end - plan.start;
  if (length <= plan.inflateSyncMaxBytes) {
    return (async function* () {
      if (length > 0) yield await plan.window.read(plan.start, length);
    })();
  }
  return plan.source.stream(plan.start, plan.end);
}

function inflateStream(plan: ContentPlan): AsyncIterable<Uint8Array> {
  const inflater = zlib.createInflateRaw({ chunkSize: 256 << 10 });
  pipeline(Readable.from(compressedChunks(plan), { objectMode: false }), inflater, () => {
    // errors surface through the iteration below
  });
  return inflater;
}
