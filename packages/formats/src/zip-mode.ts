/**
 * Type and permission bits of a zip member, derived from "version made by" (host) and the external
 * attributes exactly as libarchive derives them, so that our listing agrees with bsdtar's:
 * - Unix host (3): the high 16 bits are st_mode.
 * - MS-DOS host (0): attribute 0x10 is a directory (0775), otherwise a file (0664); the read-only
 *   attribute 0x01 strips the write bits (0444 / 0555).
 * - any other host: nothing is known (mode 0), which becomes 0664.
 * Then: a FIFO is read as a file (Info-ZIP stats a pipe when zipping stdin), a name ending in `/`
 * is a directory (and gains the x bits), and a mode without a type is a regular file.
 */
import type { EntryType } from './entry.js';

export const S_IFMT = 0o170000;
const S_IFSOCK = 0o140000;
const S_IFLNK = 0o120000;
const S_IFREG = 0o100000;
const S_IFBLK = 0o060000;
const S_IFDIR = 0o040000;
const S_IFCHR = 0o020000;
const S_IFIFO = 0o010000;

export interface ZipMode {
  type: EntryType;
  /** Permission bits (mode & 0o7777). */
  mode: number;
  /** The full st_mode libarchive would report (type and permissions). */
  stMode: number;
}

/**
 * @param host high byte of "version made by", or null when there is no central header (a member
 *   found by scanning local headers: libarchive's streaming reader knows no attributes either).
 */
export function zipMode(host: number | null, externalAttributes: number, nameEndsWithSlash: boolean): ZipMode {
  let m: number;
  if (host === 3) {
    m = externalAttributes >>> 16;
  } else if (host === 0) {
    m = (externalAttributes & 0x10) !== 0 ? S_IFDIR | 0o775 : S_IFREG | 0o664;
    // read-only: libarchive masks with 0555, which also drops the type (restored below)
    if ((externalAttributes & 0x01) !== 0) m &= 0o555;
  } else {
    m = 0;
  }
  if ((m & S_IFMT) === S_IFIFO) m = (m & ~S_IFMT) | S_IFREG;
  if (m === 0) m = 0o664;
  if ((m & S_IFMT) !== S_IFDIR) {
    if (nameEndsWithSlash) m = (m & ~S_IFMT) | S_IFDIR | 0o111;
    else if ((m & S_IFMT) === 0) m |= S_IFREG;
  }
  return { type: typeOf(m), mode: m & 0o7777, stMode: m };
}

function typeOf(m: number): EntryType {
  switch (m & S_IFMT) {
    case S_IFDIR: return 'dir';
    case S_IFLNK: return 'symlink';
    case S_IFCHR: return 'char';
    case S_IFBLK: return 'block';
    case S_IFSOCK: return 'socket';
    case S_IFIFO: return 'fifo';
    case S_IFREG: return 'file';
    default: return 'file'; // an unknown type value: libarchive lists it as a regular file
  }
}
