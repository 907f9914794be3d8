/**
 * The 512-byte tar header, decoded field by field as stored: POSIX ustar (IEEE 1003.1-1988), its
 * v7 ancestor, the GNU variant (magic "ustar  \0", with atime/ctime/offset and the old sparse map
 * in the bytes ustar uses for the prefix) and star's (prefix shortened to 131 bytes, then atime and
 * ctime, "tar\0" at 508). Pure: no I/O, no state. The streaming loop is in tar.ts.
 *
 * Numbers are octal text (read as libarchive's tar_atol8 reads it: leading spaces skipped, digits
 * up to the first non-digit) or GNU base-256 (top bit of the first byte set; bit 6 is the sign of
 * a two's complement number over the rest of the field).
 */
import { decodeName, latin1, rawBig, type RawFields, type RawValue } from './entry.js';
import { tarChecksum } from './tar-checksum.js';
import { tarNumberForm } from './tar-number-form.js';
import { hasStarTrailer, tarHeaderSlack } from './tar-header-slack.js';

export const TAR_BLOCK = 512;

/** How the header is laid out, told by its magic and version (and star's "tar\0" at 508). */
export type TarVariant = 'v7' | 'ustar' | 'gnu' | 'pax' | 'star' | 'other';

export type TarNumberEncoding = 'octal' | 'base256' | 'empty';

/** A numeric field: its value and how it was written. */
export interface TarNumber {
  /** The value; null when it does not fit a JS number exactly (see `big`). */
  value: number | null;
  /** The exact value of a base-256 field (it can hold 95 bits); octal fields always fit `value`. */
  big?: bigint;
  encoding: TarNumberEncoding;
  /** False when the field holds bytes that are neither digits, spaces nor NULs. */
  clean: boolean;
}

/** One region of a sparse file: `numbytes` bytes of data stored for file offset `offset`. */
export interface SparseRegion {
  offset: number;
  numbytes: number;
}

export interface TarHeader {
  /** 0 name[100], up to the first NUL, as UTF-8 (latin1 when not valid UTF-8; see nameBytes). */
  name: string;
  nameBytes?: Uint8Array;
  mode: TarNumber; //        100 mode[8]
  uid: TarNumber; //         108 uid[8]
  gid: TarNumber; //         116 gid[8]
  size: TarNumber; //        124 size[12]
  mtime: TarNumber; //       136 mtime[12]
  /** 148 chksum[8]: the stored value (null when not octal). */
  chksum: number | null;
  /** Which sum the stored value matched: ustar says unsigned; some old tars summed signed chars. */
  checksum: 'unsigned' | 'signed' | 'bad';
  checksumUnsigned: number;
  checksumSigned: number;
  /** 156 typeflag[1], as a one-character string ('\0' for NUL). */
  typeflag: string;
  /** 157 linkname[100]. */
  linkname: string;
  linknameBytes?: Uint8Array;
  /** 257 magic[6] and 263 version[2], as stored (latin1, NULs kept). */
  magic: string;
  version: string;
  variant: TarVariant;
  uname: string; //          265 uname[32]
  gname: string; //          297 gname[32]
  devmajor: TarNumber; //    329 devmajor[8]
  devminor: TarNumber; //    337 devminor[8]
  /** 345 prefix[155] (ustar), or [131] (star); empty for v7 and GNU headers. */
  prefix: string;
  prefixBytes?: Uint8Array;
  /** GNU headers only: the fields GNU tar keeps where ustar has the prefix. */
  gnu?: GnuHeaderFields;
  /** star headers only. */
  star?: { atime: TarNumber; ctime: TarNumber };
  /** How the numbers are padded and terminated, where not as GNU tar writes them (tar-number-form.ts). */
  numberForm?: string;
  /** Stray bytes after text fields' NULs and in the padding, where there are any (tar-header-slack.ts). */
  slack?: Record<string, string>;
}

export interface GnuHeaderFields {
  atime: TarNumber; //       345 atime[12]
  ctime: TarNumber; //       357 ctime[12]
  offset: TarNumber; //      369 offset[12]: where a multivolume continuation ('M') starts
  longnames: string; //      381 longnames[4]: unused by GNU tar, kept as stored (hex)
  /** 386 sp[4] × (offset[12], numbytes[12]): the first four regions of an 'S' member. */
  sparse: SparseRegion[];
  isextended: boolean; //    482 isextended[1]: sparse extension blocks follow
  realsize: TarNumber; //    483 realsize[12]: the size of the expanded sparse file
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);

/**
 * Decode a numeric field, octal or base-256: the whole of `field`, or its bytes from `start` to
 * `end` (a header's fields are read in place: a view per field would be garbage a member).
 */
export function decodeTarNumber(field: Uint8Array, start = 0, end = field.length): TarNumber {
  const first = start < end ? field[start]! : 0;
  if (first & 0x80) {
    // Base-256: drop the marker bit; bit 6 is the sign of the remaining 8·n − 1 bits.
    let v = BigInt(first & 0x7f);
    for (let i = start + 1; i < end; i++) v = (v << 8n) | BigInt(field[i]!);
    const bits = BigInt((end - start) * 8 - 1);
    if (first & 0x40) v -= 1n << bits;
    return { value: v <= MAX_SAFE && v >= MIN_SAFE ? Number(v) : null, big: v, encoding: 'base256', clean: true };
  }
  let i = start;
  while (i < end && (field[i] === 0x20 || field[i] === 0x09)) i++;
  // libarchive's tar_atol8 stops at the first non-digit, so leading NULs read as 0: do the same.
  let value = 0;
  let digits = 0;
  for (; i < end; i++) {
    const c = field[i]!;
    if (c < 0x30 || c > 0x37) break;
    value = value * 8 + (c - 0x30);
    digits++;
  }
  let clean = true;
  for (; i < end; i++) {
    const c = field[i]!;
    if (c !== 0 && c !== 0x20) {
      clean = false;
      break;
    }
  }
  // 12 octal digits are at most 2^36: always exact in a number.
  return { value, encoding: digits === 0 ? 'empty' : 'octal', clean };
}

/** The bytes of a NUL-terminated text field, up to the first NUL. */
export function cString(field: Uint8Array): Uint8Array {
  const nul = field.indexOf(0);
  return nul < 0 ? field : field.subarray(0, nul);
}

const NO_TEXT = Object.freeze({ text: '' });

/** The text field at block[start..end), up to its first NUL; `bytes` only when it is not valid UTF-8. */
function text(block: Uint8Array, start: number, end: number): { text: string; bytes?: Uint8Array } {
  let stop = start;
  // Fast path for ASCII, the common case: no view, no TextDecoder, no try/catch.
  let ascii = true;
  for (; stop < end && block[stop] !== 0; stop++) if (block[stop]! >= 0x80) ascii = false;
  if (stop === start) return NO_TEXT;
  return ascii ? { text: latin1At(block, start, stop) } : decodeName(block.subarray(start, stop));
}

/** Bytes as latin1 text, read in place when they are a Buffer's. */
function latin1At(block: Uint8Array, start: number, end: number): string {
  return Buffer.isBuffer(block) ? block.toString('latin1', start, end) : latin1(block.subarray(start, end));
}

const USTAR_MAGIC = 'ustar\0';
const GNU_MAGIC = 'ustar ';

function isZero(block: Uint8Array): boolean {
  for (let i = 0; i < TAR_BLOCK; i++) if (block[i] !== 0) return false;
  return true;
}

/**
 * star's exustar headers (magic "ustar\0" "00", no "tar\0" at 508) keep atime and ctime where
 * ustar has the prefix's last 24 bytes: GNU tar's test, a prefix of at most 130 bytes followed by
 * two octal fields ending in a space.
 */
function hasStarTimes(block: Uint8Array): boolean {
  const digit = (c: number) => c >= 0x30 && c <= 0x37;
  return block[475] === 0 && digit(block[476]!) && block[487] === 0x20 && digit(block[488]!) && block[499] === 0x20;
}

/**
 * Decode one header block. Returns null for an all-zero block (the end-of-archive marker).
 * The checksum is computed and reported, not enforced: the reader decides what a bad one means.
 */
export function decodeTarHeader(block: Uint8Array): TarHeader | null {
  if (block.byteLength < TAR_BLOCK) throw new RangeError(`a tar header is ${TAR_BLOCK} bytes, not ${block.byteLength}`);
  if (block[0] === 0 && isZero(block)) return null;
  const sum = tarChecksum(block);
  const magic = latin1At(block, 257, 263); //                                       257 magic[6]
  const version = latin1At(block, 263, 265); //                                     263 version[2]
  const typeflag = String.fromCharCode(block[156]!); //                           156 typeflag[1]
  let variant: TarVariant;
  if (magic === USTAR_MAGIC) {
    if (typeflag === 'x' || typeflag === 'g') variant = 'pax';
    else if (hasStarTrailer(block) || hasStarTimes(block)) variant = 'star';
    else variant = 'ustar';
  } else if (magic === GNU_MAGIC && version === ' \0') variant = 'gnu';
  else if (isZeroRange(block, 257, 265)) variant = 'v7';
  else variant = 'other';

  const name = text(block, 0, 100); //                                   0 name[100]
  const linkname = text(block, 157, 257); //                             157 linkname[100]
  const hasNames = variant === 'ustar' || variant === 'pax' || variant === 'star' || variant === 'gnu';
  const header: TarHeader = {
    name: name.text,
    mode: decodeTarNumber(block, 100, 108), //                           100 mode[8]
    uid: decodeTarNumber(block, 108, 116), //                            108 uid[8]
    gid: decodeTarNumber(block, 116, 124), //                            116 gid[8]
    size: decodeTarNumber(block, 124, 136), //                           124 size[12]
    mtime: decodeTarNumber(block, 136, 148), //                          136 mtime[12]
    chksum: sum.stored, //                                                        148 chksum[8]
    checksum: sum.stored === sum.unsigned ? 'unsigned' : sum.stored === sum.signed ? 'signed' : 'bad',
    checksumUnsigned: sum.unsigned,
    checksumSigned: sum.signed,
    typeflag,
    linkname: linkname.text,
    magic,
    version,
    variant,
    // v7 headers end at 257: what follows is not uname/gname (libarchive ignores it too).
    uname: hasNames ? text(block, 265, 297).text : '', //               265 uname[32]
    gname: hasNames ? text(block, 297, 329).text : '', //               297 gname[32]
    devmajor: decodeTarNumber(block, 329, 337), //                       329 devmajor[8]
    devminor: decodeTarNumber(block, 337, 345), //                       337 devminor[8]
    prefix: '',
  };
  if (name.bytes) header.nameBytes = name.bytes;
  if (linkname.bytes) header.linknameBytes = linkname.bytes;
  const numberForm = tarNumberForm(block);
  if (numberForm !== null) header.numberForm = numberForm;
  const slack = tarHeaderSlack(block, variant === 'pax' && hasStarTimes(block) ? 'star' : variant);
  if (slack !== null) header.slack = slack;
  if (variant === 'ustar' || variant === 'pax') {
    const prefix = text(block, 345, 500); //                             345 prefix[155]
    header.prefix = prefix.text;
    if (prefix.bytes) header.prefixBytes = prefix.bytes;
  } else if (variant === 'star') {
    const prefix = text(block, 345, 476); //                             345 prefix[131]
    header.prefix = prefix.text;
    if (prefix.bytes) header.prefixBytes = prefix.bytes;
    header.star = {
      atime: decodeTarNumber(block, 476, 488), //                        476 atime[12]
      ctime: decodeTarNumber(block, 488, 500), //                        488 ctime[12]
    };
  } else if (variant === 'gnu') {
    header.gnu = {
      atime: decodeTarNumber(block, 345, 357), //                        345 atime[12]
      ctime: decodeTarNumber(block, 357, 369), //                        357 ctime[12]
      offset: decodeTarNumber(block, 369, 381), //                       369 offset[12]
      longnames: hex(block.subarray(381, 385)), //                                381 longnames[4]
      sparse: decodeSparseRegions(block, 386, 4), //                              386 sp[4][24]
      isextended: block[482] !== 0, //                                            482 isextended[1]
      realsize: decodeTarNumber(block, 483, 495), //                     483 realsize[12]
    };
  }
  return header;
}

/**
 * `count` sparse entries of 24 bytes (offset[12], numbytes[12]) from `at`; the list ends at the
 * first entry whose offset field is empty (GNU tar leaves unused entries NUL).
 */
export function decodeSparseRegions(block: Uint8Array, at: number, count: number): SparseRegion[] {
  const regions: SparseRegion[] = [];
  for (let i = 0; i < count; i++) {
    const base = at + i * 24;
    if (block[base] === 0) break;
    const offset = decodeTarNumber(block, base, base + 12);
    const numbytes = decodeTarNumber(block, base + 12, base + 24);
    regions.push({ offset: offset.value ?? -1, numbytes: numbytes.value ?? -1 });
  }
  return regions;
}

/** A GNU sparse extension block: 21 more entries, then isextended at 504. */
export function decodeSparseExtension(block: Uint8Array): { regions: SparseRegion[]; isextended: boolean } {
  return {
    regions: decodeSparseRegions(block, 0, 21), //                                0 sp[21][24]
    isextended: block[504] !== 0, //                                              504 isextended[1]
  };
}

function isZeroRange(block: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (block[i] !== 0) return false;
  return true;
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/** A numeric field as a raw value: the number, a decimal string beyond 2^53, null when empty. */
export function rawNumber(n: TarNumber): RawValue {
  if (n.encoding === 'empty') return null;
  return n.value !== null ? n.value : rawBig(n.big ?? 0n);
}

/** Every field of a header as stored, JSON-safe, for `raw`. */
export function tarHeaderRaw(h: TarHeader): RawFields {
  const raw: RawFields = {
    variant: h.variant,
    name: h.name,
    mode: rawNumber(h.mode),
    uid: rawNumber(h.uid),
    gid: rawNumber(h.gid),
    size: rawNumber(h.size),
    mtime: rawNumber(h.mtime),
    chksum: h.chksum,
    checksum: h.checksum,
    typeflag: h.typeflag,
    linkname: h.linkname,
    magic: h.magic,
    version: h.version,
    uname: h.uname,
    gname: h.gname,
    devmajor: rawNumber(h.devmajor),
    devminor: rawNumber(h.devminor),
    prefix: h.prefix,
  };
  if (h.nameBytes) raw.nameHex = hex(h.nameBytes);
  if (h.linknameBytes) raw.linknameHex = hex(h.linknameBytes);
  if (h.prefixBytes) raw.prefixHex = hex(h.prefixBytes);
  // How numbers were written differs between tar programs (GNU base-256 vs pax records): keep it.
  const base256 = (['mode', 'uid', 'gid', 'size', 'mtime', 'devmajor', 'devminor'] as const).filter((k) => h[k].encoding === 'base256');
  if (base256.length > 0) raw.base256 = base256;
  if (h.numberForm !== undefined) raw.numberForm = h.numberForm;
  if (h.slack !== undefined) raw.slack = h.slack;
  if (h.gnu) {
    raw.atime = rawNumber(h.gnu.atime);
    raw.ctime = rawNumber(h.gnu.ctime);
    raw.offset = rawNumber(h.gnu.offset);
    raw.longnames = h.gnu.longnames;
    if (h.typeflag === 'S' || h.gnu.sparse.length > 0) raw.sparse = h.gnu.sparse.map((r) => [r.offset, r.numbytes]);
    raw.isextended = h.gnu.isextended;
    raw.realsize = rawNumber(h.gnu.realsize);
  }
  if (h.star) {
    raw.atime = rawNumber(h.star.atime);
    raw.ctime = rawNumber(h.star.ctime);
  }
  return raw;
}
