/**
 * gzip (RFC 1952) as a streaming layer: members decoded one after another (multi-member files as
 * pigz and `cat a.gz b.gz` make), every header reported through ctx.layer, each trailer's CRC-32
 * and ISIZE checked against what was inflated. We parse the headers and trailers ourselves and use
 * zlib only for the raw deflate data, because zlib's gunzip hides all but the first header and
 * cannot tell us where one member ends.
 */
import { createInflateRaw, inflateRawSync } from 'node:zlib';
import { crc32 } from './crc32.js';
import { ByteReader } from './byte-reader.js';
import { hex8, type ReadContext } from './entry.js';
import { FormatError, TruncatedError, WhydiffError } from './errors.js';
import { decodeGzipHeader, gzipHeaderRaw, GZIP_MAX_HEADER, type GzipHeader } from './gzip-header.js';

/**
 * Compressed bytes handed to zlib per write, and the size of its output chunks. zlib's stream holds
 * its output back while its readable side is full, so one write never expands past that, whatever
 * its ratio. Measured on a 77 MB tar.gz (319 MB inflated), that side alone: 64/128 KiB 0.53 s,
 * 128/256 KiB 0.41 s, 256/256 KiB 0.37 s, zlib's own gunzip with 256 KiB chunks 0.35 s: fewer,
 * larger round trips through the thread pool. In a whole comparison, where both sides' inflating
 * shares the pool and the 2 cores with the walk, output chunks of 512 KiB instead of 256 took
 * 0.93–0.97 of the time at ×1 and ×4 (each round's ratio, builds run in turn) for 4–9 MB more at
 * the peak; 1 MiB gained no more and cost 17 MB (bench/RESULTS.md, round 25). The input stays at
 * 256 KiB: a larger input piece lives long enough to be promoted (FileSource.stream).
 */
const INPUT_CHUNK = 256 * 1024;
const OUTPUT_CHUNK = 512 * 1024;

/** Decompress a gzip stream; yields the decompressed bytes of all members in order. */
export async function* gunzip(source: AsyncIterable<Uint8Array> | ByteReader, ctx: ReadContext): AsyncGenerator<Uint8Array> {
  const reader = source instanceof ByteReader ? source : new ByteReader(source);
  try {
    for (let member = 0; ; member++) {
      const memberOffset = reader.offset;
      const header = await readHeader(reader, member);
      ctx.layer({
        format: 'gzip',
        raw: { member, offset: memberOffset, ...gzipHeaderRaw(header) },
        summary: describeHeader(header),
      });
      const totals = { crc: 0, size: 0 };
      const small = inflateSmallMember(reader, totals);
      if (small !== null) {
        if (small.byteLength > 0) yield small;
      } else for await (const chunk of inflateMember(reader, memberOffset, totals)) yield chunk;
      await checkTrailer(reader, member, totals, ctx);
      if (!(await nextMemberFollows(reader, ctx))) return;
    }
  } finally {
    await reader.close();
  }
}

function describeHeader(h: GzipHeader): string {
  const parts = [`mtime ${h.mtime === 0 ? 'none' : new Date(h.mtime * 1000).toISOString()}`, `os ${h.os}`, `xfl ${h.xfl}`];
  if (h.fname !== null) parts.push(`name ${JSON.stringify(h.fname)}`);
  return `gzip ${parts.join(', ')}`;
}

async function readHeader(reader: ByteReader, member: number): Promise<GzipHeader> {
  const offset = reader.offset;
  for (let want = 512; ; want *= 4) {
    const head = await reader.peek(Math.min(want, GZIP_MAX_HEADER));
    const header = decodeGzipHeader(head, offset);
    if (header !== null) {
      if (header.hcrc !== null) {
        // FHCRC: the two least significant bytes of the CRC-32 of the header bytes before it.
        const computed = crc32(head.subarray(0, header.length - 2)) & 0xffff;
        if (computed !== header.hcrc) {
          throw new FormatError('gzip', 'GZIP_HEADER_CRC', `header CRC-16 of member ${member}: expected ${hex4(computed)}, found ${hex4(header.hcrc)}`, {
            offset: offset + header.length - 2,
          });
        }
      }
      await reader.skip(header.length);
      return header;
    }
    if (head.byteLength < want) throw new TruncatedError('gzip', `the header of member ${member}`, { offset });
    if (want >= GZIP_MAX_HEADER) {
      throw new FormatError('gzip', 'GZIP_HEADER_TOO_LONG', `header of member ${member}: optional fields longer than ${GZIP_MAX_HEADER} bytes`, { offset });
    }
  }
}

const hex4 = (n: number): string => `0x${n.toString(16).padStart(4, '0')}`;

/** A member inflated at once must come to at most this much. */
const SMALL_MEMBER_BYTES = 64 * 1024;

/**
 * A member whose deflate data ends within the bytes already buffered, inflating to at most
 * SMALL_MEMBER_BYTES: inflated at once, without a stream (a stream and its promises cost ~50 µs a
 * member: a gzip written in many small members, BGZF's 64 KiB blocks or a crafted file of 20-byte
 * members, took seconds a megabyte). Null when it is not such a member, or its data is damaged:
 * the streaming path reads it then, and reports the damage where it lies.
 */
function inflateSmallMember(reader: ByteReader, totals: { crc: number; size: number }): Uint8Array | null {
  const input = reader.peekBuffered();
  if (input.byteLength === 0) return null;
  let inflated: { buffer: Buffer; engine: { bytesWritten: number } };
  try {
    // `info` gives the engine, whose bytesWritten is the input the deflate stream took.
    inflated = inflateRawSync(input, { info: true, maxOutputLength: SMALL_MEMBER_BYTES }) as unknown as typeof inflated;
  } catch {
    return null; // larger, not all at hand, or damaged
  }
  reader.skipBuffered(inflated.engine.bytesWritten);
  totals.crc = crc32(inflated.buffer);
  totals.size = inflated.buffer.byteLength;
  return inflated.buffer;
}

/**
 * Inflate one member's deflate data. zlib consumes input only up to the end of the deflate stream;
 * its `bytesWritten` tells how much it took, and what it left of the last chunk is given back to
 * the reader for the trailer.
 */
async function* inflateMember(reader: ByteReader, memberOffset: number, totals: { crc: number; size: number }): AsyncGenerator<Uint8Array> {
  const inflate = createInflateRaw({ chunkSize: OUTPUT_CHUNK });
  const startOffset = reader.offset;
  let fed = 0;
  let done = false;
  const pump = (async () => {
    while (!done) {
      const chunk = await reader.readSome(INPUT_CHUNK);
      if (chunk === null) {
        inflate.end();
        return;
      }
      fed += chunk.byteLength;
      const written = await new Promise<boolean>((resolve) => inflate.write(chunk, (error) => resolve(!error)));
      if (!written) return;
      const unused = fed - inflate.bytesWritten;
      if (unused > 0) {
        // The deflate stream ended inside this chunk: the rest belongs to the trailer.
        reader.unshift(chunk.subarray(chunk.byteLength - unused));
        done = true;
        inflate.end();
      }
    }
  })().catch((error: unknown) => {
    // The input broke (a layer below failed): end the inflate stream with that error, so the
    // loop below throws it rather than leaving it unhandled.
    inflate.destroy(error instanceof Error ? error : new Error(String(error)));
  });
  try {
    for await (const out of inflate as AsyncIterable<Buffer>) {
      totals.crc = crc32(out, totals.crc);
      totals.size += out.byteLength;
      yield out;
    }
  } catch (error) {
    if (error instanceof WhydiffError) throw error;
    const offset = startOffset + inflate.bytesWritten;
    const message = error instanceof Error ? error.message : String(error);
    if (/unexpected end of file/i.test(message)) {
      throw new TruncatedError('gzip', `the compressed data of the member at offset ${memberOffset}`, { offset, found: `${totals.size} bytes inflated` });
    }
    throw new FormatError('gzip', 'GZIP_BAD_DATA', `deflate data of the member at offset ${memberOffset}: ${message}`, { offset });
  } finally {
    done = true;
    if (inflate.readableEnded) {
      await pump; // settles at once: the stream ended, so the last write has called back
    } else {
      // Stopped early (an error, or the caller gave up): a pending write never calls back.
      inflate.destroy();
    }
  }
}

async function checkTrailer(reader: ByteReader, member: number, totals: { crc: number; size: number }, ctx: ReadContext): Promise<void> {
  const offset = reader.offset;
  const trailer = await reader.read(8);
  if (trailer.byteLength < 8) throw new TruncatedError('gzip', `the trailer of member ${member}`, { offset, expected: '8 bytes', found: `${trailer.byteLength}` });
  const view = new DataView(trailer.buffer, trailer.byteOffset, 8);
  // 0 - CRC32 of the uncompressed data
  const crc = view.getUint32(0, true);
  // 4 - ISIZE: uncompressed size modulo 2^32
  const isize = view.getUint32(4, true);
  const computed = totals.crc >>> 0;
  if (crc !== computed) {
    ctx.problem({ code: 'GZIP_TRAILER_CRC', offset, message: `gzip: CRC-32 of member ${member}: trailer says ${hex8(crc)}, data gives ${hex8(computed)}; the data is corrupt` });
  }
  const size = totals.size % 2 ** 32;
  if (isize !== size) {
    ctx.problem({ code: 'GZIP_TRAILER_ISIZE', offset: offset + 4, message: `gzip: ISIZE of member ${member}: trailer says ${isize}, inflated ${totals.size} bytes` });
  }
}

/** After a trailer: another member, the end, or trailing bytes (zero padding is common, anything else is a problem). */
async function nextMemberFollows(reader: ByteReader, ctx: ReadContext): Promise<boolean> {
  const head = await reader.peek(2);
  if (head.byteLength === 0) return false;
  if (head.byteLength === 2 && head[0] === 0x1f && head[1] === 0x8b) return true;
  const offset = reader.offset;
  let trailing = 0;
  let nonZero = false;
  for await (const chunk of reader.rest()) {
    trailing += chunk.byteLength;
    if (!nonZero && chunk.some((b) => b !== 0)) nonZero = true;
  }
  ctx.problem({
    code: nonZero ? 'GZIP_TRAILING_GARBAGE' : 'GZIP_TRAILING_ZEROS',
    offset,
    message: nonZero
      ? `gzip: ${trailing} bytes after the last member are not a gzip member (trailing garbage ignored)`
      : `gzip: ${trailing} zero bytes of padding after the last member (ignored, as gzip does)`,
  });
  return false;
}
