/**
 * The header of a compiled Python file (.pyc), as importlib writes it:
 * - 3.7+ (PEP 552, 16 bytes): magic (2 bytes little-endian + "\r\n"), flags (32 bits), then either
 *   source mtime (32) and source size (32) when flags bit 0 is clear, or the 8-byte SipHash of the
 *   source when it is set (bit 1: check the hash against the source at import).
 * - 3.3 to 3.6 (12 bytes): magic, source mtime, source size.
 * - before 3.3 (8 bytes): magic, source mtime.
 * The marshalled code object follows the header; it is what a content comparison hashes, so a
 * header-only difference (a rebuilt source mtime) is told apart from a code difference.
 */
import { toHex, type RawFields } from './entry.js';
import { pythonVersionFromMagic } from './pyc-magic.js';

export type PycKind = 'timestamp' | 'hash-checked' | 'hash-unchecked';

export interface PycHeader {
  /** Bytes before the marshalled code: 16, 12 or 8. */
  headerLength: number;
  /** Python release series, e.g. `3.11`. */
  version: string;
  raw: RawFields;
}

function atLeast(version: string, major: number, minor: number): boolean {
  const [a = 0, b = 0] = version.split('.').map(Number);
  return a > major || (a === major && b >= minor);
}

function isoSeconds(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
}

/** Decode a .pyc header from its first bytes (16 are enough); null when the magic is not a known Python's. */
export function decodePycHeader(head: Uint8Array): PycHeader | null {
  if (head.byteLength < 4 || head[2] !== 0x0d || head[3] !== 0x0a) return null;
  const v = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const magic = v.getUint16(0, true); // 0 - magic number (little-endian), 2 - "\r\n"
  const version = pythonVersionFromMagic(magic);
  if (version === null) return null;
  const raw: RawFields = {
    magic,
    magicHex: toHex(head.subarray(0, 4)),
    pythonVersion: version,
  };
  if (atLeast(version, 3, 7)) {
    if (head.byteLength < 16) return null;
    const flags = v.getUint32(4, true); // 4 - flags (PEP 552)
    raw.flags = flags;
    if ((flags & 1) !== 0) {
      raw.kind = (flags & 2) !== 0 ? 'hash-checked' : 'hash-unchecked';
      raw.sourceHash = toHex(head.subarray(8, 16)); // 8 - SipHash-1-3 of the source
    } else {
      raw.kind = 'timestamp';
      const mtime = v.getUint32(8, true); // 8 - source mtime (seconds)
      raw.sourceMtime = mtime;
      raw.sourceMtimeIso = isoSeconds(mtime);
      raw.sourceSize = v.getUint32(12, true); // 12 - source size (mod 2^32)
    }
    return { headerLength: 16, version, raw };
  }
  const headerLength = atLeast(version, 3, 3) ? 12 : 8;
  if (head.byteLength < headerLength) return null;
  const mtime = v.getUint32(4, true); // 4 - source mtime (seconds)
  raw.kind = 'timestamp';
  raw.sourceMtime = mtime;
  raw.sourceMtimeIso = isoSeconds(mtime);
  if (headerLength === 12) raw.sourceSize = v.getUint32(8, true); // 8 - source size
  return { headerLength, version, raw };
}
