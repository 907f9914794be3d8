/**
 * cpio header decoders: pure functions from the fixed-size header bytes to the fields as stored.
 * No I/O, no state: the streaming loop in cpio.ts reads the bytes and calls these.
 *
 * Layouts (from the GNU cpio manual, "Options" appendix, and libarchive's cpio(5)):
 * - odc  (POSIX.1 "portable ASCII", magic 070707): 76 bytes of octal digits; the name follows, no padding.
 * - newc (SVR4, magic 070701) and crc (070702): 110 bytes of hex digits; header + name padded to a
 *   multiple of 4, the data padded to a multiple of 4. crc keeps the sum of the data bytes in `check`.
 * - bin  (old binary, 070707 as a 16-bit word): 26 bytes of 16-bit words in the writer's byte order;
 *   32-bit values (mtime, filesize) as two words, most significant first. Name and data padded to even.
 */
import type { RawFields } from './entry.js';

export type CpioVariant = 'odc' | 'newc' | 'crc' | 'bin-le' | 'bin-be';

/** Header sizes by variant. */
export const CPIO_HEADER_SIZE: Record<CpioVariant, number> = { odc: 76, newc: 110, crc: 110, 'bin-le': 26, 'bin-be': 26 };

/** Alignment of (header + name) and of the data. */
export const CPIO_ALIGN: Record<CpioVariant, number> = { odc: 1, newc: 4, crc: 4, 'bin-le': 2, 'bin-be': 2 };

export interface CpioHeader {
  variant: CpioVariant;
  /** odc and bin: one device number; newc/crc: major and minor. */
  dev: number | null;
  devmajor: number | null;
  devminor: number | null;
  ino: number;
  /** Full st_mode: file type bits and permissions. */
  mode: number;
  uid: number;
  gid: number;
  nlink: number;
  rdev: number | null;
  rdevmajor: number | null;
  rdevminor: number | null;
  mtime: number;
  /** Length of the name including its terminating NUL. */
  namesize: number;
  filesize: number;
  /** newc: always 0 when written; crc: the sum of the data bytes. */
  check: number | null;
}

/** Which variant a header starts with, or null (at least 6 bytes for the ASCII magics, 2 for bin). */
export function cpioVariantOf(head: Uint8Array): CpioVariant | null {
  if (head.byteLength >= 6 && head[0] === 0x30 && head[1] === 0x37 && head[2] === 0x30 && head[3] === 0x37 && head[4] === 0x30) {
    if (head[5] === 0x37) return 'odc';
    if (head[5] === 0x31) return 'newc';
    if (head[5] === 0x32) return 'crc';
    return null;
  }
  // 070707 octal = 0x71c7: little-endian writers store c7 71, big-endian 71 c7.
  if (head.byteLength >= 2 && head[0] === 0xc7 && head[1] === 0x71) return 'bin-le';
  if (head.byteLength >= 2 && head[0] === 0x71 && head[1] === 0xc7) return 'bin-be';
  return null;
}

/** The file types an st_mode may hold (S_IFIFO, S_IFCHR, S_IFDIR, S_IFBLK, S_IFREG, S_IFLNK, S_IFSOCK). */
const FILE_TYPES = new Set([0o010000, 0o020000, 0o040000, 0o060000, 0o100000, 0o120000, 0o140000]);
const TRAILER = 'TRAILER!!!';

/**
 * Whether `head` (a file's first bytes) starts with an old binary cpio header and not just its
 * magic. Two bytes are all the magic there is, which one file in 32,768 of any binary content
 * starts with: at the bench's ×12, two generated images of 330,000 members were opened as archives
 * and reported as truncated cpio. So the header must also hold up: a file type in its mode (or
 * none, for the trailer), and a name of 2 or more bytes whose NUL ends it where namesize says
 * (as far as `head` shows it).
 */
export function isBinaryCpioHeader(head: Uint8Array, variant: 'bin-le' | 'bin-be'): boolean {
  const size = CPIO_HEADER_SIZE[variant];
  if (head.byteLength < size) return false;
  const h = decodeBinHeader(head, variant);
  if (h.namesize < 2) return false;
  const shown = head.subarray(size, Math.min(head.byteLength, size + h.namesize));
  const nul = shown.indexOf(0);
  if (size + h.namesize <= head.byteLength ? nul !== h.namesize - 1 : nul >= 0) return false;
  if (FILE_TYPES.has(h.mode & 0o170000)) return true;
  return h.mode === 0 && String.fromCharCode(...shown.subarray(0, nul)) === TRAILER;
}

/** A field that does not hold digits of its base: the header is damaged. */
export class CpioFieldError extends Error {
  readonly field: string;
  readonly at: number;
  readonly text: string;
  constructor(field: string, at: number, text: string) {
    super(`field ${field} at header offset ${at} is not a number: ${JSON.stringify(text)}`);
    this.field = field;
    this.at = at;
    this.text = text;
  }
}

function digits(bytes: Uint8Array, at: number, length: number, base: 8 | 16, field: string): number {
  const text = String.fromCharCode(...bytes.subarray(at, at + length));
  const valid = base === 8 ? /^[0-7]+$/ : /^[0-9a-fA-F]+$/;
  if (!valid.test(text)) throw new CpioFieldError(field, at, text);
  // 11 octal digits are at most 2^33 - 1 and 8 hex digits 2^32 - 1: both exact in a double.
  return parseInt(text, base);
}

/** odc: 76 bytes of octal. Throws CpioFieldError on a field that is not octal. */
export function decodeOdcHeader(b: Uint8Array): CpioHeader {
  const o = (at: number, len: number, field: string) => digits(b, at, len, 8, field);
  return {
    variant: 'odc',
    // 0 - magic "070707" (6)
    dev: o(6, 6, 'dev'), // 6 - c_dev
    devmajor: null,
    devminor: null,
    ino: o(12, 6, 'ino'), // 12 - c_ino
    mode: o(18, 6, 'mode'), // 18 - c_mode
    uid: o(24, 6, 'uid'), // 24 - c_uid
    gid: o(30, 6, 'gid'), // 30 - c_gid
    nlink: o(36, 6, 'nlink'), // 36 - c_nlink
    rdev: o(42, 6, 'rdev'), // 42 - c_rdev
    rdevmajor: null,
    rdevminor: null,
    mtime: o(48, 11, 'mtime'), // 48 - c_mtime
    namesize: o(59, 6, 'namesize'), // 59 - c_namesize
    filesize: o(65, 11, 'filesize'), // 65 - c_filesize (ends at 76)
    check: null,
  };
}

/** newc and crc: 110 bytes of hex. Throws CpioFieldError on a field that is not hex. */
export function decodeNewcHeader(b: Uint8Array): CpioHeader {
  const x = (at: number, field: string) => digits(b, at, 8, 16, field);
  return {
    variant: b[5] === 0x32 ? 'crc' : 'newc', // 0 - magic "070701" or "070702" (6)
    ino: x(6, 'ino'), // 6 - c_ino
    mode: x(14, 'mode'), // 14 - c_mode
    uid: x(22, 'uid'), // 22 - c_uid
    gid: x(30, 'gid'), // 30 - c_gid
    nlink: x(38, 'nlink'), // 38 - c_nlink
    mtime: x(46, 'mtime'), // 46 - c_mtime
    filesize: x(54, 'filesize'), // 54 - c_filesize
    devmajor: x(62, 'devmajor'), // 62 - c_devmajor
    devminor: x(70, 'devminor'), // 70 - c_devminor
    rdevmajor: x(78, 'rdevmajor'), // 78 - c_rdevmajor
    rdevminor: x(86, 'rdevminor'), // 86 - c_rdevminor
    namesize: x(94, 'namesize'), // 94 - c_namesize
    check: x(102, 'check'), // 102 - c_check (ends at 110)
    dev: null,
    rdev: null,
  };
}

/** Old binary: 26 bytes of 16-bit words in the byte order the magic shows. */
export function decodeBinHeader(b: Uint8Array, variant: 'bin-le' | 'bin-be'): CpioHeader {
  const view = new DataView(b.buffer, b.byteOffset, 26);
  const le = variant === 'bin-le';
  const w = (at: number) => view.getUint16(at, le);
  // 32-bit values are two words, most significant word first, each word in the writer's byte order.
  const long = (at: number) => w(at) * 0x10000 + w(at + 2);
  return {
    variant,
    // 0 - c_magic 070707 (2)
    dev: w(2), // 2 - c_dev
    devmajor: null,
    devminor: null,
    ino: w(4), // 4 - c_ino
    mode: w(6), // 6 - c_mode
    uid: w(8), // 8 - c_uid
    gid: w(10), // 10 - c_gid
    nlink: w(12), // 12 - c_nlink
    rdev: w(14), // 14 - c_rdev
    rdevmajor: null,
    rdevminor: null,
    mtime: long(16), // 16 - c_mtime[2]
    namesize: w(20), // 20 - c_namesize
    filesize: long(22), // 22 - c_filesize[2] (ends at 26)
    check: null,
  };
}

/** Decode the header of any variant from its first CPIO_HEADER_SIZE[variant] bytes. */
export function decodeCpioHeader(b: Uint8Array, variant: CpioVariant): CpioHeader {
  switch (variant) {
    case 'odc':
      return decodeOdcHeader(b);
    case 'newc':
    case 'crc':
      return decodeNewcHeader(b);
    case 'bin-le':
    case 'bin-be':
      return decodeBinHeader(b, variant);
  }
}

/** Every header field as stored, for Entry.raw (the fields the variant does not have are left out). */
export function cpioHeaderRaw(h: CpioHeader): RawFields {
  const raw: RawFields = { variant: h.variant };
  if (h.dev !== null) raw.dev = h.dev;
  if (h.devmajor !== null) raw.devmajor = h.devmajor;
  if (h.devminor !== null) raw.devminor = h.devminor;
  raw.ino = h.ino;
  raw.mode = h.mode.toString(8).padStart(6, '0');
  raw.uid = h.uid;
  raw.gid = h.gid;
  raw.nlink = h.nlink;
  if (h.rdev !== null) raw.rdev = h.rdev;
  if (h.rdevmajor !== null) raw.rdevmajor = h.rdevmajor;
  if (h.rdevminor !== null) raw.rdevminor = h.rdevminor;
  raw.mtime = h.mtime;
  raw.namesize = h.namesize;
  raw.filesize = h.filesize;
  if (h.check !== null) raw.check = h.check;
  return raw;
}

/** Bytes of padding after `length` bytes so that the next thing starts on `align`. */
export function padTo(length: number, align: number): number {
  return (align - (length % align)) % align;
}
