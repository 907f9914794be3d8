/**
 * The Entry model: what every reader yields, whatever the format.
 *
 * Readers fill `raw` with every header field as stored (numbers as numbers, text as text, bytes as
 * hex strings, 64-bit values beyond 2^53 as decimal strings) so that the differ can compare fields
 * no other tool shows.
 */
import type { RawRecord } from './raw-record.js';

export type EntryType = 'file' | 'dir' | 'symlink' | 'hardlink' | 'char' | 'block' | 'fifo' | 'socket';

/** A JSON-safe value: raw header fields are printed as they are kept. */
export type RawValue = string | number | boolean | null | RawValue[] | { [key: string]: RawValue };
export type RawFields = { [key: string]: RawValue };

/** Something wrong in the input that did not stop reading. */
export interface Problem {
  /** SCREAMING_SNAKE code scoped by format, e.g. `TAR_BAD_CHECKSUM`. */
  code: string;
  /** One line in plain words: what was checked, what was expected, what was found. */
  message: string;
  /** Byte offset in the layer where it was found. */
  offset?: number;
  /** The member it belongs to (filled in by the walker with the nested path). */
  path?: string;
}

/** The header of one member, as a reader decodes it. */
export interface EntryHeader {
  /** The path as stored (decoded as UTF-8, or CP437 for legacy zip names). */
  path: string;
  /** The stored name's bytes, only when they are not valid UTF-8. */
  pathBytes?: Uint8Array;
  type: EntryType;
  /** Permission bits (mode & 0o7777). */
  mode: number;
  uid: number | null;
  gid: number | null;
  uname: string | null;
  gname: string | null;
  /** Seconds since the epoch, fractional where the format stores a fraction. */
  mtime: number | null;
  atime?: number | null;
  ctime?: number | null;
  /** Content size in bytes (the real size of sparse files). */
  size: number;
  /** Symlink or hardlink target. */
  linkTarget: string | null;
  /** Format and variant, e.g. `tar/gnu`, `tar/pax`, `zip`, `cpio/newc`. */
  format: string;
  /** Byte offset of this member's header in its layer. */
  offset: number;
  /** Every header field as stored. */
  raw: RawFields;
  /**
   * The header bytes `raw` is made from, when the reader keeps them (raw-record.ts): a thread that
   * hands the entry to another hands these over instead of the fields.
   */
  rawRecord?: RawRecord | undefined;
  /** Problems found while decoding this member. */
  problems: Problem[];
}

/**
 * A member as yielded by a reader: its header and, for members with content, the content stream.
 * The content must be consumed (or left alone) before asking the reader for the next member; the
 * reader skips what was not read. A reader that has a member's content at hand gives it as a list
 * of chunks instead (a small tar member inside one decompressed chunk): `for await` reads both.
 */
export interface Member extends EntryHeader {
  content: MemberContent | null;
}

/**
 * A member's content: a stream; the chunks themselves, when the reader has them at hand (a small
 * tar member inside one decompressed chunk); or a stream that can also give the whole content at
 * once, when asked (a small zip member in the read-ahead window: inflated only if someone reads it).
 */
export type MemberContent = AsyncIterable<Uint8Array> | Uint8Array[] | ContentAtHand;

export interface ContentAtHand extends AsyncIterable<Uint8Array> {
  /** The whole content now, as chunks; null when it must be streamed after all (then iterate it instead). */
  now(): Uint8Array[] | null;
  /**
   * The member's compressed bytes now, with what its headers declare of the content, when now()
   * would inflate them in one call; else null. Lets a comparison find a member whose compressed
   * data the other side has already read (core's twin-content.ts) instead of inflating it again.
   */
  compressed?(): CompressedAtHand | null;
  /**
   * Where the content's stored bytes lie in the source the member was read from, when they can be
   * read and decoded again from there alone (contentAt in zip-content.ts); else absent or null. Lets
   * a comparison remember a member of an artifact by place instead of holding its bytes.
   */
  location?(): ContentLocation | null;
}

/** A member's stored bytes in [start, end) of its source, stored (0) or deflated (8), and the size and CRC-32 its headers declare. */
export interface ContentLocation {
  start: number;
  end: number;
  method: 0 | 8;
  declaredSize: number;
  crc32: number;
}

export interface CompressedAtHand {
  /** The compression method's number in the container (zip: 8, deflate). */
  method: number;
  /** The declared CRC-32 and size of the content: a twin must declare the same to pass the same checks. */
  crc32: number;
  declaredSize: number;
  /** The compressed data, a view valid until the reader moves on. */
  bytes: Uint8Array;
}

/** The content as chunks if the reader can give it at once, else null (stream it). */
export function contentNow(content: MemberContent | null): Uint8Array[] | null {
  if (content === null) return null;
  if (Array.isArray(content)) return content;
  return 'now' in content && typeof content.now === 'function' ? content.now() : null;
}

/** Facts about a layer (a compression wrapper or an archive's own header) found while reading. */
export interface LayerInfo {
  /** `gzip`, `bzip2`, `zip`, `xar`, `egg`, `wheel`, ... */
  format: string;
  /** Header fields as stored, e.g. gzip MTIME, XFL, OS, FNAME. */
  raw: RawFields;
  /** A line for a listing header, e.g. `egg six 1.16.0`. */
  summary?: string;
}

/** What a reader reports besides its members. */
export interface ReadContext {
  /** The artifact's name, used in errors. */
  artifact: string;
  /** Report a layer's header fields. */
  layer(info: LayerInfo): void;
  /** Report a problem that does not belong to one member (a trailing garbage block, a bad TOC). */
  problem(problem: Problem): void;
}

/** A source of bytes that can be read at any position (a file on disk, a buffer in memory). */
export interface RandomAccessSource {
  /** Total size in bytes. */
  readonly size: number;
  /** Read up to `length` bytes at `position`; fewer only at the end of the source. */
  read(position: number, length: number): Promise<Uint8Array>;
  /** A stream of the bytes in [start, end). */
  stream(start: number, end: number): AsyncIterable<Uint8Array>;
  /**
   * Fill `target` from `position` (fewer bytes only at the end); the bytes read. Where a source
   * has it, a reader that is done with each piece before it reads the next reads them all into
   * one buffer (ReadWindow's `reuse`): a new buffer a piece is memory only a collection gives back.
   */
  readInto?(target: Uint8Array, position: number): Promise<number>;
}

export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

const HEX_BYTES = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

/**
 * A 32-bit value (a CRC-32, attributes) as 8 hex digits, by byte: a zip reader writes three for
 * every member, and Number's toString(16) with padStart took ~20 ms of a ×1 zip side's 330 ms of
 * header reading.
 */
export function hex8(n: number): string {
  return HEX_BYTES[n >>> 24]! + HEX_BYTES[(n >>> 16) & 255]! + HEX_BYTES[(n >>> 8) & 255]! + HEX_BYTES[n & 255]!;
}

const utf8Strict = new TextDecoder('utf-8', { fatal: true });

/** Decode a stored name as UTF-8; when it is not valid UTF-8 also return its bytes. */
export function decodeName(bytes: Uint8Array, fallback: (b: Uint8Array) => string = latin1): {
  text: string;
  bytes?: Uint8Array;
} {
  try {
    return { text: utf8Strict.decode(bytes) };
  } catch {
    return { text: fallback(bytes), bytes: new Uint8Array(bytes) };
  }
}

export function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}

/** A 64-bit count as a JSON-safe raw value: a number up to 2^53, a decimal string beyond. */
export function rawBig(value: bigint): RawValue {
  return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER)
    ? Number(value)
    : value.toString();
}
