/**
 * The xar header: a pure decoder. Layout (xar's include/xar.h.in, `struct xar_header`), big-endian:
 *
 *   0  magic                    "xar!" (0x78617221)
 *   4  size                     header size in bytes (28, or more when a checksum name follows)
 *   6  version                  1
 *   8  toc_length_compressed    u64: bytes of zlib-compressed TOC right after the header
 *  16  toc_length_uncompressed  u64: bytes of TOC XML once inflated
 *  24  cksum_alg                u32: 0 none, 1 sha1, 2 md5, 3 other (named after the 28 bytes)
 *  28  toc_cksum_name           (cksum_alg 3) NUL-terminated name, e.g. "sha256", up to `size`
 */
import type { RawFields } from './entry.js';
import { rawBig } from './entry.js';

export const XAR_MAGIC = 0x78617221;
export const XAR_HEADER_MIN = 28;

export interface XarHeader {
  magic: number;
  headerSize: number;
  version: number;
  tocLengthCompressed: bigint;
  tocLengthUncompressed: bigint;
  cksumAlg: number;
  /** The name stored after the 28 bytes when cksum_alg is 3 (null when absent). */
  cksumName: string | null;
}

/** Decode from the first bytes of the file (at least 28; up to the header size to see the name). */
export function decodeXarHeader(b: Uint8Array): XarHeader {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const headerSize = view.getUint16(4); // 4 - size
  const cksumAlg = view.getUint32(24); // 24 - cksum_alg
  let cksumName: string | null = null;
  if (cksumAlg === 3 && headerSize > XAR_HEADER_MIN) {
    const tail = b.subarray(XAR_HEADER_MIN, Math.min(headerSize, b.byteLength)); // 28 - toc_cksum_name
    const nul = tail.indexOf(0);
    cksumName = String.fromCharCode(...tail.subarray(0, nul === -1 ? tail.byteLength : nul));
  }
  return {
    magic: view.getUint32(0), // 0 - magic
    headerSize,
    version: view.getUint16(6), // 6 - version
    tocLengthCompressed: view.getBigUint64(8), // 8 - toc_length_compressed
    tocLengthUncompressed: view.getBigUint64(16), // 16 - toc_length_uncompressed
    cksumAlg,
    cksumName,
  };
}

/** The TOC checksum algorithm's name as node:crypto knows it, or null for none; `other:<name>` when unknown. */
export function xarChecksumName(h: XarHeader): string | null {
  switch (h.cksumAlg) {
    case 0:
      return null;
    case 1:
      return 'sha1';
    case 2:
      return 'md5';
    default:
      return (h.cksumName ?? `unknown-${h.cksumAlg}`).toLowerCase();
  }
}

export function xarHeaderRaw(h: XarHeader): RawFields {
  return {
    magic: h.magic.toString(16),
    headerSize: h.headerSize,
    version: h.version,
    tocLengthCompressed: rawBig(h.tocLengthCompressed),
    tocLengthUncompressed: rawBig(h.tocLengthUncompressed),
    checksumAlgorithm: h.cksumAlg,
    checksumName: h.cksumName,
  };
}
