/**
 * Pure decoders for the fixed records of a zip file (PKWARE APPNOTE 6.3.10, section 4.3): end of
 * central directory (EOCD), zip64 EOCD locator and record, central directory file header, local
 * file header, data descriptor. Each takes bytes that start at the record and returns its fields,
 * or null when the signature is not there or the bytes are too few. No I/O, no state.
 */

export const SIG_LOCAL = 0x04034b50; // "PK\3\4"
export const SIG_CENTRAL = 0x02014b50; // "PK\1\2"
export const SIG_EOCD = 0x06054b50; // "PK\5\6"
export const SIG_EOCD64 = 0x06064b50; // "PK\6\6"
export const SIG_LOCATOR = 0x07064b50; // "PK\6\7"
export const SIG_DESCRIPTOR = 0x08074b50; // "PK\7\8"

export const EOCD_LENGTH = 22;
export const LOCATOR_LENGTH = 20;
export const EOCD64_LENGTH = 56;
export const CENTRAL_LENGTH = 46;
export const LOCAL_LENGTH = 30;

/** General purpose flag bits (APPNOTE 4.4.4). */
export const FLAG_ENCRYPTED = 0x0001;
export const FLAG_DATA_DESCRIPTOR = 0x0008;
export const FLAG_STRONG_ENCRYPTION = 0x0040;
export const FLAG_UTF8 = 0x0800;

function view(b: Uint8Array): DataView {
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}

/**
 * Little-endian reads straight from the bytes, for the headers every member has (a DataView made
 * for each header cost more than reading it; the records with 64-bit fields keep theirs).
 */
export function readU16(b: Uint8Array, at: number): number {
  return b[at]! | (b[at + 1]! << 8);
}

export function readU32(b: Uint8Array, at: number): number {
  return (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;
}

export interface Eocd {
  diskNumber: number;
  centralDirectoryDisk: number;
  entriesOnDisk: number;
  entriesTotal: number;
  centralDirectorySize: number;
  centralDirectoryOffset: number;
  commentLength: number;
}

export function decodeEocd(b: Uint8Array): Eocd | null {
  if (b.byteLength < EOCD_LENGTH) return null;
  const v = view(b);
  if (v.getUint32(0, true) !== SIG_EOCD) return null; // 0 - signature
  return {
    diskNumber: v.getUint16(4, true), // 4 - number of this disk
    centralDirectoryDisk: v.getUint16(6, true), // 6 - disk where the central directory starts
    entriesOnDisk: v.getUint16(8, true), // 8 - central directory records on this disk
    entriesTotal: v.getUint16(10, true), // 10 - central directory records in total
    centralDirectorySize: v.getUint32(12, true), // 12 - size of the central directory
    centralDirectoryOffset: v.getUint32(16, true), // 16 - offset of the central directory
    commentLength: v.getUint16(20, true), // 20 - comment length (n), comment follows
  };
}

export interface Zip64Locator {
  eocd64Disk: number;
  eocd64Offset: bigint;
  totalDisks: number;
}

export function decodeZip64Locator(b: Uint8Array): Zip64Locator | null {
  if (b.byteLength < LOCATOR_LENGTH) return null;
  const v = view(b);
  if (v.getUint32(0, true) !== SIG_LOCATOR) return null; // 0 - signature
  return {
    eocd64Disk: v.getUint32(4, true), // 4 - disk holding the zip64 EOCD record
    eocd64Offset: v.getBigUint64(8, true), // 8 - offset of the zip64 EOCD record
    totalDisks: v.getUint32(16, true), // 16 - total number of disks
  };
}

export interface Eocd64 {
  recordSize: bigint;
  versionMadeBy: number;
  versionNeeded: number;
  diskNumber: number;
  centralDirectoryDisk: number;
  entriesOnDisk: bigint;
  entriesTotal: bigint;
  centralDirectorySize: bigint;
  centralDirectoryOffset: bigint;
}

export function decodeEocd64(b: Uint8Array): Eocd64 | null {
  if (b.byteLength < EOCD64_LENGTH) return null;
  const v = view(b);
  if (v.getUint32(0, true) !== SIG_EOCD64) return null; // 0 - signature
  return {
    recordSize: v.getBigUint64(4, true), // 4 - size of the rest of the record (from offset 12)
    versionMadeBy: v.getUint16(12, true), // 12 - version made by
    versionNeeded: v.getUint16(14, true), // 14 - version needed to extract
    diskNumber: v.getUint32(16, true), // 16 - number of this disk
    centralDirectoryDisk: v.getUint32(20, true), // 20 - disk where the central directory starts
    entriesOnDisk: v.getBigUint64(24, true), // 24 - records on this disk
    entriesTotal: v.getBigUint64(32, true), // 32 - records in total
    centralDirectorySize: v.getBigUint64(40, true), // 40 - size of the central directory
    centralDirectoryOffset: v.getBigUint64(48, true), // 48 - offset of the central directory
  };
}

export interface CentralHeader {
  versionMadeBy: number;
  versionNeeded: number;
  flags: number;
  method: number;
  dosTime: number;
  dosDate: number;
  crc32: number;
  compressedSize: number;
  uncompressedSize: number;
  nameLength: number;
  extraLength: number;
  commentLength: number;
  diskNumberStart: number;
  internalAttributes: number;
  externalAttributes: number;
  localHeaderOffset: number;
}

export function decodeCentralHeader(b: Uint8Array): CentralHeader | null {
  if (b.byteLength < CENTRAL_LENGTH) return null;
  if (readU32(b, 0) !== SIG_CENTRAL) return null; // 0 - signature
  return {
    versionMadeBy: readU16(b, 4), // 4 - version made by (high byte: host system)
    versionNeeded: readU16(b, 6), // 6 - version needed to extract
    flags: readU16(b, 8), // 8 - general purpose bit flag
    method: readU16(b, 10), // 10 - compression method
    dosTime: readU16(b, 12), // 12 - last mod file time (DOS)
    dosDate: readU16(b, 14), // 14 - last mod file date (DOS)
    crc32: readU32(b, 16), // 16 - crc-32
    compressedSize: readU32(b, 20), // 20 - compressed size (0xffffffff: see zip64 extra)
    uncompressedSize: readU32(b, 24), // 24 - uncompressed size (0xffffffff: see zip64 extra)
    nameLength: readU16(b, 28), // 28 - file name length (n)
    extraLength: readU16(b, 30), // 30 - extra field length (m)
    commentLength: readU16(b, 32), // 32 - file comment length (k)
    diskNumberStart: readU16(b, 34), // 34 - disk number start
    internalAttributes: readU16(b, 36), // 36 - internal file attributes
    externalAttributes: readU32(b, 38), // 38 - external file attributes
    localHeaderOffset: readU32(b, 42), // 42 - relative offset of local header; 46 - name, extra, comment
  };
}

export interface LocalHeader {
  versionNeeded: number;
  flags: number;
  method: number;
  dosTime: number;
  dosDate: number;
  crc32: number;
  compressedSize: number;
  uncompressedSize: number;
  nameLength: number;
  extraLength: number;
}

export function decodeLocalHeader(b: Uint8Array): LocalHeader | null {
  if (b.byteLength < LOCAL_LENGTH) return null;
  if (readU32(b, 0) !== SIG_LOCAL) return null; // 0 - signature
  return {
    versionNeeded: readU16(b, 4), // 4 - version needed to extract
    flags: readU16(b, 6), // 6 - general purpose bit flag
    method: readU16(b, 8), // 8 - compression method
    dosTime: readU16(b, 10), // 10 - last mod file time (DOS)
    dosDate: readU16(b, 12), // 12 - last mod file date (DOS)
    crc32: readU32(b, 14), // 14 - crc-32 (0 when bit 3 puts it in a data descriptor)
    compressedSize: readU32(b, 18), // 18 - compressed size
    uncompressedSize: readU32(b, 22), // 22 - uncompressed size
    nameLength: readU16(b, 26), // 26 - file name length (n)
    extraLength: readU16(b, 28), // 28 - extra field length (m); 30 - name, extra, data
  };
}

export interface DataDescriptor {
  /** Whether the optional "PK\7\8" signature was written. */
  signature: boolean;
  /** Whether the sizes are 8 bytes each (zip64). */
  zip64: boolean;
  crc32: number;
  compressedSize: bigint;
  uncompressedSize: bigint;
  /** Bytes the descriptor takes: 12, 16, 20 or 24. */
  length: number;
}

/**
 * A data descriptor (APPNOTE 4.3.9): [signature] crc-32, compressed size, uncompressed size, with
 * 4- or 8-byte sizes. The layout is ambiguous, so like libarchive (and Mark Adler's sunzip) try
 * every layout, longest first, and take the first whose values match what was actually read;
 * when none matches, read the signature if present and the sizes at the width `zip64` says.
 */
export function decodeDataDescriptor(
  b: Uint8Array,
  actual: { crc32: number; compressedSize: number; uncompressedSize: number },
  zip64: boolean,
): DataDescriptor | null {
  const v = view(b);
  const u32 = (at: number) => (at + 4 <= b.byteLength ? v.getUint32(at, true) : -1);
  const u64 = (at: number) => (at + 8 <= b.byteLength ? v.getBigUint64(at, true) : -1n);
  const layouts: Array<{ signature: boolean; zip64: boolean }> = [
    { signature: true, zip64: true },
    { signature: false, zip64: true },
    { signature: true, zip64: false },
    { signature: false, zip64: false },
  ];
  const read = (l: { signature: boolean; zip64: boolean }): DataDescriptor | null => {
    const at = l.signature ? 4 : 0;
    const length = at + (l.zip64 ? 20 : 12);
    if (b.byteLength < length) return null;
    if (l.signature && u32(0) !== SIG_DESCRIPTOR) return null;
    return {
      ...l,
      crc32: u32(at), // 0 (or 4 after the signature) - crc-32
      compressedSize: l.zip64 ? u64(at + 4) : BigInt(u32(at + 4)), // 4 - compressed size
      uncompressedSize: l.zip64 ? u64(at + 12) : BigInt(u32(at + 8)), // 8 (12) - uncompressed size
      length,
    };
  };
  for (const l of layouts) {
    const d = read(l);
    if (
      d !== null &&
      d.crc32 === actual.crc32 &&
      d.compressedSize === BigInt(actual.compressedSize) &&
      d.uncompressedSize === BigInt(actual.uncompressedSize)
    ) {
      return d;
    }
  }
  return read({ signature: u32(0) === SIG_DESCRIPTOR, zip64 });
}

/** Host systems of "version made by" (APPNOTE 4.4.2.2). */
const hosts: Record<number, string> = {
  0: 'msdos', 1: 'amiga', 2: 'openvms', 3: 'unix', 4: 'vm/cms', 5: 'atari-st', 6: 'os/2-hpfs', 7: 'macintosh',
  8: 'z-system', 9: 'cp/m', 10: 'ntfs', 11: 'mvs', 12: 'vse', 13: 'acorn-risc', 14: 'vfat', 15: 'alternate-mvs',
  16: 'beos', 17: 'tandem', 18: 'os/400', 19: 'os-x',
};

export function hostName(host: number): string {
  return hosts[host] ?? `unknown-${host}`;
}

/** Compression methods (APPNOTE 4.4.5). */
const methods: Record<number, string> = {
  0: 'stored', 1: 'shrunk', 2: 'reduced-1', 3: 'reduced-2', 4: 'reduced-3', 5: 'reduced-4', 6: 'imploded',
  8: 'deflate', 9: 'deflate64', 10: 'ibm-terse-old', 12: 'bzip2', 14: 'lzma', 16: 'ibm-cmpsc', 18: 'ibm-terse',
  19: 'ibm-lz77', 20: 'zstd-deprecated', 93: 'zstd', 94: 'mp3', 95: 'xz', 96: 'jpeg', 97: 'wavpack', 98: 'ppmd',
  99: 'aes',
};

export function methodName(method: number): string {
  return methods[method] ?? `unknown-${method}`;
}

/**
 * A DOS date and time as seconds since the epoch, read as UTC (what libarchive gives under TZ=UTC:
 * it calls mktime, which normalizes out-of-range fields the way Date.UTC does).
 */
export function dosDateTimeToUnix(date: number, time: number): number {
  const year = ((date >> 9) & 0x7f) + 1980; // bits 9-15: years since 1980
  const month = (date >> 5) & 0x0f; // bits 5-8: month 1-12
  const day = date & 0x1f; // bits 0-4: day 1-31
  const hour = (time >> 11) & 0x1f; // bits 11-15
  const minute = (time >> 5) & 0x3f; // bits 5-10
  const second = (time & 0x1f) * 2; // bits 0-4: seconds / 2
  return Date.UTC(year, month - 1, day, hour, minute, second) / 1000;
}

/** The DOS date and time as written, e.g. `2020-01-01T00:00:00` (no zone: DOS times have none). */
export function dosDateTimeText(date: number, time: number): string {
  // Members of one build share a few times: each text is made once (the table is small and bounded).
  const key = date * 0x10000 + time;
  let text = dosTexts.get(key);
  if (text === undefined) {
    if (dosTexts.size >= DOS_TEXTS_MAX) dosTexts.clear();
    const pad = (n: number, w = 2) => String(n).padStart(w, '0');
    text =
      `${pad(((date >> 9) & 0x7f) + 1980, 4)}-${pad((date >> 5) & 0x0f)}-${pad(date & 0x1f)}` +
      `T${pad((time >> 11) & 0x1f)}:${pad((time >> 5) & 0x3f)}:${pad((time & 0x1f) * 2)}`;
    dosTexts.set(key, text);
  }
  return text;
}

const dosTexts = new Map<number, string>();
const DOS_TEXTS_MAX = 4096;
