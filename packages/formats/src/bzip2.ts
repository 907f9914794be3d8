/**
 * bzip2 as a streaming layer. The header names the block size level ('BZh1'..'BZh9'); the data is
 * decoded by the system's bzip2 program when there is one (lbzip2 first: parallel), because the
 * JavaScript decoders are 4-10× slower (see ../../../shared/design/performance.md: bzip2 41 MB/s,
 * lbzip2 110 MB/s, unbzip2-stream 12 MB/s). unbzip2-stream, from the design card, is the fallback
 * that needs nothing installed. Both decode multi-stream files (pbzip2 output) to the end.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { ByteReader } from './byte-reader.js';
import type { RawFields, ReadContext } from './entry.js';
import { FormatError, TruncatedError, WhydiffError } from './errors.js';

export interface Bzip2Header {
  /** Block size level 1..9 (block size = level × 100 kB). */
  level: number;
  /** True when the first thing after the header is the end-of-stream marker (an empty stream). */
  empty: boolean;
}

/** Decode the 4-byte stream header plus the 6-byte magic that follows it. Pure. */
export function decodeBzip2Header(bytes: Uint8Array, offset = 0): Bzip2Header {
  // 0 - "BZ" signature, 2 - 'h' (Huffman, the only method), 3 - level '1'..'9'
  if (bytes.byteLength < 10 || bytes[0] !== 0x42 || bytes[1] !== 0x5a || bytes[2] !== 0x68) {
    throw new FormatError('bzip2', 'BZIP2_BAD_MAGIC', `stream header: expected "BZh", found ${JSON.stringify(Buffer.from(bytes.subarray(0, 3)).toString('latin1'))}`, { offset });
  }
  const level = bytes[3]! - 0x30;
  if (level < 1 || level > 9) {
    throw new FormatError('bzip2', 'BZIP2_BAD_LEVEL', `block size level: expected '1'..'9', found byte ${bytes[3]}`, { offset: offset + 3 });
  }
  // 4 - 48-bit magic: 0x314159265359 (a block) or 0x177245385090 (end of stream)
  const empty = bytes[4] === 0x17 && bytes[5] === 0x72 && bytes[6] === 0x45;
  return { level, empty };
}

export type Bzip2Decoder = 'lbzip2' | 'bzip2' | 'js';

let systemDecoder: Bzip2Decoder | undefined;

/** The decoder to use: $WHYDIFF_BZIP2 (lbzip2, bzip2 or js) if set, else the fastest installed. */
export function bzip2Decoder(): Bzip2Decoder {
  const forced = process.env.WHYDIFF_BZIP2;
  if (forced === 'lbzip2' || forced === 'bzip2' || forced === 'js') return forced;
  systemDecoder ??= (['lbzip2', 'bzip2'] as const).find((cmd) => spawnSync(cmd, ['--help'], { stdio: 'ignore' }).error === undefined) ?? 'js';
  return systemDecoder;
}

/** Decompress a bzip2 stream (all of its concatenated streams). */
export async function* bunzip2(source: AsyncIterable<Uint8Array> | ByteReader, ctx: ReadContext): AsyncGenerator<Uint8Array> {
  const reader = source instanceof ByteReader ? source : new ByteReader(source);
  const header = decodeBzip2Header(await reader.peek(10), reader.offset);
  const decoder = bzip2Decoder();
  const raw: RawFields = { level: header.level, blockSize: header.level * 100_000, decoder };
  ctx.layer({ format: 'bzip2', raw, summary: `bzip2 -${header.level}` });
  try {
    yield* decoder === 'js' ? decodeInProcess(reader) : decodeWithProgram(decoder, reader, ctx);
  } finally {
    await reader.close();
  }
}

/**
 * bzip2 writes its output through C stdio, whose buffer on a pipe is the pipe's block size (4 KiB
 * here): 26,000 writes for a 100 MB archive, and as many wake-ups of the thread reading them.
 * coreutils' `stdbuf -o 64K` makes that buffer 64 KiB, one pipe's capacity. Measured on the
 * bench's ×1 a.tar.bz2 (106 MB out), a Node loop reading the pipe: 20,300 → 1,650 reads, 455 →
 * 190 ms of Node's CPU, and bzip2 itself 2.45 → 2.14 s of CPU (its system time 0.25 → 0.06 s).
 * lbzip2 writes in large blocks of its own (1,840 reads for the same archive). stdbuf is used when
 * it runs (GNU coreutils have it; elsewhere bzip2 runs as it is).
 */
function commandFor(program: 'lbzip2' | 'bzip2'): [string, string[]] {
  if (program === 'bzip2' && stdbufWorks()) return ['stdbuf', ['-o', '64K', 'bzip2', '-dc']];
  return [program, ['-dc']];
}

let stdbuf: boolean | undefined;

function stdbufWorks(): boolean {
  stdbuf ??= spawnSync('stdbuf', ['-o', '64K', 'bzip2', '--help'], { stdio: 'ignore' }).status === 0;
  return stdbuf;
}

async function* decodeWithProgram(program: 'lbzip2' | 'bzip2', reader: ByteReader, ctx: ReadContext): AsyncGenerator<Uint8Array> {
  const [command, args] = commandFor(program);
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (text: string) => {
    if (stderr.length < 4096) stderr += text;
  });
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  // Feed stdin from the reader with backpressure; a decoder that quits early closes the pipe (EPIPE).
  child.stdin.on('error', () => undefined);
  // The input can fail (a damaged layer below): remember why, stop the decoder, rethrow below.
  let inputError: unknown = null;
  const feeding = (async () => {
    for await (const chunk of reader.rest()) {
      if (!child.stdin.write(chunk)) await new Promise((resolve) => child.stdin.once('drain', resolve));
      if (child.stdin.destroyed) return;
    }
    child.stdin.end();
  })().catch((error: unknown) => {
    inputError = error;
    child.kill();
  });
  let produced = 0;
  let finished = false;
  try {
    for await (const chunk of gather(child.stdout as AsyncIterable<Buffer>, OUTPUT_PIECE)) {
      produced += chunk.byteLength;
      yield chunk;
    }
    finished = true;
  } finally {
    if (!finished) child.kill();
    await feeding;
  }
  if (inputError !== null) throw inputError;
  const code = await exited;
  // bzip2 starts its complaint with a blank line and follows it with advice (bzip2recover, -tvv).
  const message = stderr.replace(/\s+/g, ' ').trim().replace(new RegExp(`^${program}: (\\(stdin\\): )?`), '');
  if (code !== 0) {
    if (/ends unexpectedly|unexpected end/i.test(message)) {
      throw new TruncatedError('bzip2', 'the compressed data', { offset: reader.offset, found: `${produced} bytes decoded` });
    }
    const firstSentence = message.replace(/(?<=\.) .*$/, '');
    throw new FormatError('bzip2', 'BZIP2_BAD_DATA', `compressed data is corrupt (${program} says: ${firstSentence || `exit status ${code}`})`, { offset: reader.offset });
  }
  if (/trailing garbage/i.test(message)) {
    ctx.problem({ code: 'BZIP2_TRAILING_GARBAGE', message: 'bzip2: bytes after the last stream are not a bzip2 stream (trailing garbage ignored)' });
  }
}

/**
 * The decoder writes through a pipe in pieces of a few KiB (bzip2's own 5,000-byte writes: 20,000
 * pieces for 100 MB), far smaller than what the readers above take in one step; gathered into
 * pieces of at least this size, they cost a tenth as many steps.
 */
const OUTPUT_PIECE = 256 * 1024;

/** Chunks of at least `min` bytes (the last may be smaller), each copied once from the small ones. */
async function* gather(source: AsyncIterable<Uint8Array>, min: number): AsyncGenerator<Uint8Array> {
  let parts: Uint8Array[] = [];
  let bytes = 0;
  for await (const chunk of source) {
    parts.push(chunk);
    bytes += chunk.byteLength;
    if (bytes >= min) {
      yield parts.length === 1 ? parts[0]! : Buffer.concat(parts, bytes);
      parts = [];
      bytes = 0;
    }
  }
  if (bytes > 0) yield parts.length === 1 ? parts[0]! : Buffer.concat(parts, bytes);
}

async function* decodeInProcess(reader: ByteReader): AsyncGenerator<Uint8Array> {
  const require = createRequire(import.meta.url);
  const unbzip2 = require('unbzip2-stream') as () => NodeJS.ReadWriteStream;
  const decoder = unbzip2();
  // unbzip2-stream is a classic `through` stream with no backpressure of its own: we write one
  // input chunk at a time and yield what it produced before writing the next.
  const produced: Buffer[] = [];
  let failure: unknown = null;
  let ended = false;
  decoder.on('data', (chunk: Buffer) => void produced.push(chunk));
  decoder.on('error', (error: unknown) => (failure ??= error));
  decoder.on('end', () => (ended = true));
  let total = 0;
  let inputDone = false;
  const drain = function* (): Generator<Uint8Array> {
    if (failure !== null) throw failure;
    while (produced.length > 0) {
      const chunk = produced.shift()!;
      total += chunk.byteLength;
      yield chunk;
    }
  };
  try {
    for await (const chunk of reader.rest()) {
      decoder.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      yield* drain();
    }
    inputDone = true;
    decoder.end();
    yield* drain();
    if (!ended) throw new Error('unexpected end of input');
  } catch (error) {
    if (error instanceof WhydiffError) throw error; // from the layer below, already located
    const message = error instanceof Error ? error.message : String(error);
    // At the end of the input the decoder either says so or runs off its last buffer (a TypeError).
    const ranOut = /unexpected end|prematurely/i.test(message) || (inputDone && error instanceof TypeError);
    if (ranOut) {
      throw new TruncatedError('bzip2', 'the compressed data', { offset: reader.offset, found: `${total} bytes decoded` });
    }
    throw new FormatError('bzip2', 'BZIP2_BAD_DATA', `compressed data is corrupt (${message})`, { offset: reader.offset });
  }
}
