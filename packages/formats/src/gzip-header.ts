/**
 * RFC 1952 member header, decoded field by field. Pure: bytes in, fields out; the streaming loop is
 * in gzip.ts.
 */
import { FormatError } from './errors.js';
import { latin1, toHex, type RawFields } from './entry.js';

// FLG bits (RFC 1952 §2.3.1)
const FTEXT = 0x01;
const FHCRC = 0x02;
const FEXTRA = 0x04;
const FNAME = 0x08;
const FCOMMENT = 0x10;
const FRESERVED = 0xe0;

/** Operating system codes (RFC 1952 §2.3.1, OS). */
const osNames: readonly string[] = [
  'FAT', 'Amiga', 'VMS', 'Unix', 'VM/CMS', 'Atari TOS', 'HPFS', 'Macintosh', 'Z-System', 'CP/M',
  'TOPS-20', 'NTFS', 'QDOS', 'Acorn RISCOS',
];

export interface GzipHeader {
  /** Header length in bytes, including optional fields. */
  length: number;
  flags: number;
  /** MTIME: seconds since the epoch, 0 = none recorded. */
  mtime: number;
  xfl: number;
  os: number;
  extra: Uint8Array | null;
  /** FNAME and FCOMMENT are ISO 8859-1, zero-terminated. */
  fname: string | null;
  fcomment: string | null;
  /** FHCRC: the low 16 bits of the header's CRC-32, when present. */
  hcrc: number | null;
}

/**
 * Decode a member header at the start of `bytes`. Returns null when `bytes` ends before the header
 * does (the caller reads more and retries); throws when the bytes are not a gzip header.
 */
export function decodeGzipHeader(bytes: Uint8Array, offset = 0): GzipHeader | null {
  if (bytes.byteLength < 10) return null;
  // 0 - ID1 ID2 (0x1f 0x8b)
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) {
    throw new FormatError('gzip', 'GZIP_BAD_MAGIC', `member header magic: expected 1f8b, found ${toHex(bytes.subarray(0, 2))}`, { offset });
  }
  // 2 - CM, compression method (8 = deflate, the only one defined)
  if (bytes[2] !== 8) {
    throw new FormatError('gzip', 'GZIP_BAD_METHOD', `compression method: expected 8 (deflate), found ${bytes[2]}`, { offset: offset + 2 });
  }
  // 3 - FLG
  const flags = bytes[3]!;
  if (flags & FRESERVED) {
    throw new FormatError('gzip', 'GZIP_RESERVED_FLAGS', `reserved flag bits set: found flags 0x${flags.toString(16)}`, { offset: offset + 3 });
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // 4 - MTIME (little-endian uint32)
  const mtime = view.getUint32(4, true);
  // 8 - XFL (2 = maximum compression, 4 = fastest)
  const xfl = bytes[8]!;
  // 9 - OS
  const os = bytes[9]!;
  let p = 10;
  let extra: Uint8Array | null = null;
  if (flags & FEXTRA) {
    // XLEN (uint16 LE) then XLEN bytes of subfields
    if (bytes.byteLength < p + 2) return null;
    const xlen = view.getUint16(p, true);
    if (bytes.byteLength < p + 2 + xlen) return null;
    extra = bytes.slice(p + 2, p + 2 + xlen);
    p += 2 + xlen;
  }
  const zeroTerminated = (): string | null | undefined => {
    const end = bytes.indexOf(0, p);
    if (end < 0) return undefined;
    const text = latin1(bytes.subarray(p, end));
    p = end + 1;
    return text;
  };
  let fname: string | null = null;
  if (flags & FNAME) {
    const text = zeroTerminated();
    if (text === undefined) return null;
    fname = text;
  }
  let fcomment: string | null = null;
  if (flags & FCOMMENT) {
    const text = zeroTerminated();
    if (text === undefined) return null;
    fcomment = text;
  }
  let hcrc: number | null = null;
  if (flags & FHCRC) {
    if (bytes.byteLength < p + 2) return null;
    hcrc = view.getUint16(p, true);
    p += 2;
  }
  return { length: p, flags, mtime, xfl, os, extra, fname, fcomment, hcrc };
}

/**
 * XFL as RFC 1952 defines it for deflate, and what it says of the level: zlib (gzip, pigz, Python,
 * Go, Java) writes 2 for level 9, 4 for level 1 (or a Huffman-only strategy), 0 for 2 to 8.
 */
const xflNames: Record<number, string> = { 0: 'no flag (level 2-8)', 2: 'maximum compression (level 9)', 4: 'fastest (level 1)' };

/** The header as JSON-safe raw fields, named as RFC 1952 names them. */
export function gzipHeaderRaw(header: GzipHeader): RawFields {
  return {
    FLG: header.flags,
    FTEXT: (header.flags & FTEXT) !== 0,
    MTIME: header.mtime,
    XFL: header.xfl,
    XFLName: xflNames[header.xfl] ?? `not defined (${header.xfl})`,
    OS: header.os,
    OSName: osNames[header.os] ?? (header.os === 255 ? 'unknown' : `reserved ${header.os}`),
    FEXTRA: header.extra === null ? null : toHex(header.extra),
    FNAME: header.fname,
    FCOMMENT: header.fcomment,
    FHCRC: header.hcrc,
  };
}

/** Oversized optional fields are a sign of garbage: FNAME/FCOMMENT/FEXTRA are capped at 64 KiB. */
export const GZIP_MAX_HEADER = 64 * 1024 + 16;
