/**
 * Detection by content, never by file name. An ordered table: the first rule that matches wins,
 * so the cheap unambiguous magics come first and the tar checksum (which needs 512 bytes) late.
 */
import { pythonVersionFromMagic } from './pyc-magic.js';
import { isTarHeaderBlock } from './tar-checksum.js';

export type ArchiveFormat = 'tar' | 'zip' | 'xar' | 'cpio';
export type CompressionFormat = 'gzip' | 'bzip2' | 'xz' | 'zstd';
export type NotArchive = 'empty' | 'text' | 'html' | 'binary';
export type DetectedFormat = ArchiveFormat | CompressionFormat | 'pyc' | NotArchive;

/** How many leading bytes detection wants to see (a tar header block). */
export const DETECT_BYTES = 512;

interface Rule {
  format: ArchiveFormat | CompressionFormat | 'pyc';
  matches(head: Uint8Array): boolean;
}

function startsWith(head: Uint8Array, magic: readonly number[], at = 0): boolean {
  if (head.byteLength < at + magic.length) return false;
  for (let i = 0; i < magic.length; i++) if (head[at + i] !== magic[i]) return false;
  return true;
}

const ascii = (text: string): number[] => [...text].map((c) => c.charCodeAt(0));

// The magics, made once: detection runs on every member's first bytes.
const GZIP = [0x1f, 0x8b, 0x08];
const BZH = ascii('BZh');
const BZIP2_BLOCK = [0x31, 0x41, 0x59, 0x26, 0x53, 0x59];
const BZIP2_END = [0x17, 0x72, 0x45, 0x38, 0x50, 0x90];
const XZ = [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00];
const ZSTD = [0x28, 0xb5, 0x2f, 0xfd];
const ZIP_LOCAL = [0x50, 0x4b, 0x03, 0x04];
const ZIP_END = [0x50, 0x4b, 0x05, 0x06];
const ZIP_SPAN = [0x50, 0x4b, 0x07, 0x08];
const XAR = ascii('xar!');
const CPIO_ODC = ascii('070707');
const CPIO_NEWC = ascii('070701');
const CPIO_CRC = ascii('070702');
const CPIO_BIN_LE = [0xc7, 0x71];
const CPIO_BIN_BE = [0x71, 0xc7];

const rules: readonly Rule[] = [
  // RFC 1952: ID1 ID2 CM(8 = deflate)
  { format: 'gzip', matches: (h) => startsWith(h, GZIP) },
  // bzip2: "BZh" + block size '1'..'9' + block magic (pi) or end-of-stream magic (sqrt pi)
  {
    format: 'bzip2',
    matches: (h) => startsWith(h, BZH) && h[3]! >= 0x31 && h[3]! <= 0x39 && (startsWith(h, BZIP2_BLOCK, 4) || startsWith(h, BZIP2_END, 4)),
  },
  { format: 'xz', matches: (h) => startsWith(h, XZ) },
  { format: 'zstd', matches: (h) => startsWith(h, ZSTD) },
  // PKWARE APPNOTE: local file header, empty archive (EOCD first), spanning marker
  { format: 'zip', matches: (h) => startsWith(h, ZIP_LOCAL) || startsWith(h, ZIP_END) || startsWith(h, ZIP_SPAN) },
  { format: 'xar', matches: (h) => startsWith(h, XAR) },
  // cpio: odc "070707", newc "070701", crc "070702"; old binary 070707 octal as a 16-bit word in either byte order
  {
    format: 'cpio',
    matches: (h) => startsWith(h, CPIO_ODC) || startsWith(h, CPIO_NEWC) || startsWith(h, CPIO_CRC) || startsWith(h, CPIO_BIN_LE) || startsWith(h, CPIO_BIN_BE),
  },
  { format: 'tar', matches: (h) => h.byteLength >= 512 && isTarHeaderBlock(h.subarray(0, 512)) },
  // PEP 552 / importlib: 16-bit magic (little-endian) + "\r\n", checked against known Python magics
  {
    format: 'pyc',
    matches: (h) => h.byteLength >= 8 && h[2] === 0x0d && h[3] === 0x0a && pythonVersionFromMagic(h[0]! | (h[1]! << 8)) !== null,
  },
];

/** Name what `head` (the first bytes of a stream, up to DETECT_BYTES) holds. */
export function detect(head: Uint8Array): DetectedFormat {
  if (head.byteLength === 0) return 'empty';
  return detectByMagic(head) ?? (looksLikeText(head) ? (looksLikeHtml(head) ? 'html' : 'text') : 'binary');
}

/**
 * The archive, compression or .pyc that `head` starts with, or null: detect() without telling
 * text from binary, for a member whose content only matters if it can be opened.
 */
export function detectByMagic(head: Uint8Array): ArchiveFormat | CompressionFormat | 'pyc' | null {
  for (const rule of rules) if (rule.matches(head)) return rule.format;
  return null;
}

export function isArchive(format: DetectedFormat): format is ArchiveFormat {
  return format === 'tar' || format === 'zip' || format === 'xar' || format === 'cpio';
}

export function isCompression(format: DetectedFormat): format is CompressionFormat {
  return format === 'gzip' || format === 'bzip2' || format === 'xz' || format === 'zstd';
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function looksLikeText(head: Uint8Array): boolean {
  if (head.includes(0)) return false;
  // A multi-byte character may be cut at the end of the sample: allow up to 3 trailing bytes.
  for (let cut = 0; cut < 4 && cut < head.byteLength; cut++) {
    try {
      utf8.decode(head.subarray(0, head.byteLength - cut));
      return true;
    } catch {
      // try a shorter sample
    }
  }
  return false;
}

function looksLikeHtml(head: Uint8Array): boolean {
  const start = Buffer.from(head.subarray(0, 256)).toString('utf8').trimStart().toLowerCase();
  return start.startsWith('<!doctype html') || start.startsWith('<html');
}

/**
 * A zip's end of central directory record ("PK\5\6") in the last bytes of a file: how a zip with
 * something in front of it (a self-extractor stub, padding) is found, as libarchive's seeking
 * reader finds it. `tail` is the last 64 KiB + 22 bytes (the longest comment plus the record).
 */
export function hasZipEndRecord(tail: Uint8Array): boolean {
  for (let i = tail.byteLength - 22; i >= 0; i--) {
    if (tail[i] === 0x50 && tail[i + 1] === 0x4b && tail[i + 2] === 0x05 && tail[i + 3] === 0x06) return true;
  }
  return false;
}

/** Bytes from the end of a file where the zip end record can be. */
export const ZIP_TAIL_BYTES = 65_535 + 22;
