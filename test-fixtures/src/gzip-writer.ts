/**
 * A deterministic gzip writer (RFC 1952) for test fixtures. The header is ours, byte by byte, so a
 * fixture says exactly which MTIME, XFL, OS and optional fields it carries; the deflate body comes
 * from zlib at the chosen level, the trailer is CRC-32 and ISIZE.
 *
 * Member layout (multi-byte numbers little-endian):
 *   0 ID1 0x1f   1 ID2 0x8b   2 CM 8 (deflate)   3 FLG   4 MTIME[4]   8 XFL   9 OS
 *   then, in this order, each only when its FLG bit is set:
 *   FEXTRA (bit 2): XLEN[2] and XLEN bytes of subfields (SI1 SI2 LEN[2] data)...
 *   FNAME (bit 3): the original file name, ISO 8859-1, zero-terminated
 *   FCOMMENT (bit 4): a comment, ISO 8859-1, zero-terminated
 *   FHCRC (bit 1): the low 16 bits of the CRC-32 of every header byte before it
 *   the deflate stream (RFC 1951), then CRC32[4] of the uncompressed data and ISIZE[4] (size mod 2^32)
 */
import { crc32, deflateRawSync } from 'node:zlib';

export interface GzipOptions {
  /** MTIME: seconds since the epoch; 0 means "no time stored" (what `gzip -n` and stdin give). Default 0. */
  mtime?: number;
  /** OS: 3 Unix (default; what GNU gzip on Linux writes), 0 FAT, 11 NTFS, 255 unknown. */
  os?: number;
  /** XFL; default what GNU gzip writes for the level: 2 for -9 ("slowest"), 4 for -1 ("fastest"), else 0. */
  xfl?: number;
  /** FNAME: the original name, as `gzip file` stores it (and `gzip -n` or a pipe does not). */
  fname?: string;
  fcomment?: string;
  /** FEXTRA: the raw subfield bytes (SI1 SI2 LEN data...), without XLEN. */
  fextra?: Uint8Array;
  /** FHCRC: add the header CRC-16 (GNU gzip never writes it; some other tools do). */
  fhcrc?: boolean;
  /** FTEXT: the compressor's guess that the data is text. */
  ftext?: boolean;
  /** Deflate level 0..9, default 6 like gzip. */
  level?: number;
}

export const GZIP_FLAGS = { FTEXT: 0x01, FHCRC: 0x02, FEXTRA: 0x04, FNAME: 0x08, FCOMMENT: 0x10 } as const;

export function writeGzip(data: Uint8Array | string, options: GzipOptions = {}): Uint8Array {
  const input = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  const level = options.level ?? 6;
  if (!Number.isInteger(level) || level < 0 || level > 9) throw new Error(`gzip-writer: level ${level} is not 0..9`);
  const mtime = options.mtime ?? 0;
  if (!Number.isInteger(mtime) || mtime < 0 || mtime > 0xffffffff) throw new Error(`gzip-writer: mtime ${mtime} does not fit 32 bits`);
  const xfl = options.xfl ?? (level === 9 ? 2 : level === 1 ? 4 : 0);

  let flg = 0;
  if (options.ftext) flg |= GZIP_FLAGS.FTEXT;
  if (options.fhcrc) flg |= GZIP_FLAGS.FHCRC;
  if (options.fextra !== undefined) flg |= GZIP_FLAGS.FEXTRA;
  if (options.fname !== undefined) flg |= GZIP_FLAGS.FNAME;
  if (options.fcomment !== undefined) flg |= GZIP_FLAGS.FCOMMENT;

  const header: number[] = [
    0x1f, 0x8b, //                   0 ID1 ID2
    8, //                            2 CM: deflate
    flg, //                          3 FLG
    ...le32(mtime), //               4 MTIME
    byte(xfl, 'xfl'), //             8 XFL
    byte(options.os ?? 3, 'os'), //  9 OS
  ];
  if (options.fextra !== undefined) {
    if (options.fextra.byteLength > 0xffff) throw new Error(`gzip-writer: fextra of ${options.fextra.byteLength} bytes is over 65535`);
    header.push(...le16(options.fextra.byteLength), ...options.fextra); // XLEN, subfields
  }
  if (options.fname !== undefined) header.push(...latin1z(options.fname, 'fname'));
  if (options.fcomment !== undefined) header.push(...latin1z(options.fcomment, 'fcomment'));
  if (options.fhcrc) header.push(...le16(crc32(Uint8Array.from(header)) & 0xffff));

  const body = deflateRawSync(input, { level });
  const trailer = [...le32(crc32(input)), ...le32(input.byteLength % 2 ** 32)]; // CRC32, ISIZE

  const out = new Uint8Array(header.length + body.byteLength + trailer.length);
  out.set(header, 0);
  out.set(body, header.length);
  out.set(trailer, header.length + body.byteLength);
  return out;
}

/** A multi-member gzip file: members one after the other, as `cat a.gz b.gz` or pigz -i give. */
export function writeGzipMembers(parts: { data: Uint8Array | string; options?: GzipOptions }[]): Uint8Array {
  return Buffer.concat(parts.map((p) => writeGzip(p.data, p.options)));
}

function byte(value: number, what: string): number {
  if (!Number.isInteger(value) || value < 0 || value > 255) throw new Error(`gzip-writer: ${what} ${value} is not a byte`);
  return value;
}

function le16(v: number): number[] {
  return [v & 0xff, (v >>> 8) & 0xff];
}

function le32(v: number): number[] {
  return [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff];
}

/** ISO 8859-1 bytes and the terminating zero; throws on what Latin-1 cannot hold or on a NUL. */
function latin1z(text: string, what: string): number[] {
  const out: number[] = [];
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c === 0 || c > 0xff) throw new Error(`gzip-writer: ${what} holds U+${c.toString(16).padStart(4, '0')}, not a Latin-1 character`);
    out.push(c);
  }
  out.push(0);
  return out;
}
