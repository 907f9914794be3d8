/**
 * A deterministic tar writer for test fixtures. It writes what GNU tar 1.34 writes, byte for byte
 * where GNU tar is deterministic, with nothing taken from the machine or the wall clock: every
 * time, owner, mode and order comes from the caller or from the fixed defaults below.
 *
 * Formats (the `format` option):
 * - 'pax'   POSIX.1-2001 as `tar --format=posix` writes it, minus the atime/ctime records GNU tar
 *           adds to every member (they would make fixtures depend on the clock). An extended
 *           header ('x') precedes a member only when the ustar header cannot hold it: a name over
 *           100 bytes (GNU tar in posix mode never splits names into prefix/name: it uses `path`),
 *           a link target over 100 bytes, a non-ASCII name, link target, uname or gname, a
 *           fractional mtime, a number too big for its octal field, or any `pax` records given.
 * - 'gnu'   `tar --format=gnu`: magic "ustar  \0", `././@LongLink` 'K' (link target) and 'L' (name)
 *           records for strings over 100 bytes, base-256 for numbers too big for octal.
 * - 'ustar' POSIX.1-1988: a name over 100 bytes is split at a '/' into prefix (155) and name (100);
 *           anything ustar cannot hold throws.
 * - 'v7'    Seventh Edition: no magic, no uname/gname, no devices; regular files have typeflag NUL.
 *
 * Layout of a 512-byte header (offsets in decimal; the same in every format, v7 stops at 257):
 *   0 name[100]  100 mode[8]  108 uid[8]  116 gid[8]  124 size[12]  136 mtime[12]  148 chksum[8]
 *   156 typeflag[1]  157 linkname[100]  257 magic[6]  263 version[2]  265 uname[32]  297 gname[32]
 *   329 devmajor[8]  337 devminor[8]  345 prefix[155]  500 pad[12]
 * Numbers are octal digits filling the field but its last byte, then NUL ("0000644\0"), as GNU tar
 * writes them; the checksum is six digits, NUL, space ("012345\0 ").
 * The archive ends with two zero blocks, and is padded with zeros to a 10240-byte record (GNU
 * tar's default blocking factor 20).
 */
import type { EntryType } from '@whydiff/formats';

export interface TarMember {
  path: string;
  type?: EntryType;
  content?: Uint8Array | string;
  mode?: number;
  uid?: number;
  gid?: number;
  uname?: string;
  gname?: string;
  mtime?: number;
  linkTarget?: string;
  devmajor?: number;
  devminor?: number;
  pax?: Record<string, string>;
}

export type TarFormat = 'v7' | 'ustar' | 'gnu' | 'pax';

export interface TarOptions {
  format?: TarFormat;
  /** Records for one global extended header ('g') written before the first member (pax only). */
  globalPax?: Record<string, string>;
  /**
   * The directory part of each extended header's name: `PaxHeaders`, GNU tar's default since 1.32
   * (%d/PaxHeaders/%f); older versions wrote `PaxHeaders.<pid>` (%d/PaxHeaders.%p/%f).
   */
  paxHeaders?: string;
  /** The archive is padded with zeros to a whole record: 10,240 bytes as GNU tar (-b 20), or 512 for -b 1. */
  recordSize?: number;
  /**
   * How header numbers are written: as GNU tar does (the default), or as bsdtar (libarchive) does
   * in ustar and pax headers: mode, uid, gid, devmajor and devminor as 6 digits, space, NUL
   * ("000644 \0"), size and mtime as 11 digits and a space; the checksum as GNU tar writes it.
   */
  numbers?: NumberStyle;
  /**
   * Each member's name field is written over the one before without clearing it, as a writer that
   * reuses its header buffer does: a name shorter than the last ends with its NUL, and the rest of
   * the last one's bytes stay after it.
   */
  unclearedNames?: boolean;
}

export type NumberStyle = 'gnu' | 'libarchive';

/** 2023-11-14T22:13:20Z: the fixed time every member gets unless told otherwise. */
export const DEFAULT_MTIME = 1700000000;
export const DEFAULT_OWNER = { uid: 1000, gid: 1000, uname: 'builder', gname: 'builder' } as const;

const BLOCK = 512;
/** GNU tar's default record: blocking factor 20 × 512. */
const RECORD = 20 * BLOCK;

const TYPEFLAG: Record<EntryType, string> = {
  file: '0',
  hardlink: '1',
  symlink: '2',
  char: '3',
  block: '4',
  dir: '5',
  fifo: '6',
  socket: '', // tar has no socket type: GNU tar skips sockets ("socket ignored")
};

const utf8 = new TextEncoder();

export function writeTar(members: TarMember[], options: TarOptions = {}): Uint8Array {
  const format = options.format ?? 'pax';
  const numbers = options.numbers ?? 'gnu';
  if (numbers === 'libarchive' && format !== 'pax' && format !== 'ustar') throw new Error(`tar-writer: libarchive's numbers are for pax and ustar headers, not ${format}`);
  const parts: Uint8Array[] = [];
  if (options.globalPax !== undefined) {
    if (format !== 'pax') throw new Error(`tar-writer: globalPax needs format 'pax', not '${format}'`);
    // GNU tar names the global header "$TMPDIR/GlobalHead.%p.%n" (pid, sequence number): the pid
    // is pinned to 0 here so that the name does not depend on the process.
    parts.push(...extendedHeader('g', '/tmp/GlobalHead.0.1', encodePax(new Map(Object.entries(options.globalPax))), DEFAULT_MTIME, numbers));
  }
  const names: NameField | null = options.unclearedNames === true ? { last: new Uint8Array(100) } : null;
  for (const member of members) parts.push(...memberBlocks(member, format, options.paxHeaders ?? 'PaxHeaders', numbers, names));
  parts.push(new Uint8Array(2 * BLOCK)); // end of archive: two zero blocks
  const used = parts.reduce((n, p) => n + p.byteLength, 0);
  const record = options.recordSize ?? RECORD;
  const total = Math.ceil(used / record) * record; // zero padding up to a whole record
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

/** A member with every default applied. */
interface Resolved {
  path: string;
  type: EntryType;
  content: Uint8Array;
  mode: number;
  uid: number;
  gid: number;
  uname: string;
  gname: string;
  mtime: number;
  linkTarget: string;
  devmajor: number;
  devminor: number;
  pax: Record<string, string>;
}

function resolve(m: TarMember): Resolved {
  const type: EntryType = m.type ?? (m.path.endsWith('/') ? 'dir' : 'file');
  if (type === 'socket') throw new Error(`tar-writer: ${m.path}: tar cannot hold a socket`);
  // GNU tar writes directory names with a trailing slash.
  const path = type === 'dir' && !m.path.endsWith('/') ? `${m.path}/` : m.path;
  if (m.content !== undefined && type !== 'file') throw new Error(`tar-writer: ${path}: only a file has content, not a ${type}`);
  const needsTarget = type === 'symlink' || type === 'hardlink';
  if (needsTarget !== (m.linkTarget !== undefined)) {
    throw new Error(`tar-writer: ${path}: a linkTarget is ${needsTarget ? 'required' : 'not allowed'} for a ${type}`);
  }
  const content = typeof m.content === 'string' ? utf8.encode(m.content) : (m.content ?? new Uint8Array(0));
  // Default modes: 0644 files, 0755 dirs, 0777 symlinks (what the kernel reports for a symlink).
  const mode = m.mode ?? (type === 'dir' ? 0o755 : type === 'symlink' ? 0o777 : 0o644);
  return {
    path,
    type,
    content,
    mode,
    uid: m.uid ?? DEFAULT_OWNER.uid,
    gid: m.gid ?? DEFAULT_OWNER.gid,
    uname: m.uname ?? DEFAULT_OWNER.uname,
    gname: m.gname ?? DEFAULT_OWNER.gname,
    mtime: m.mtime ?? DEFAULT_MTIME,
    linkTarget: m.linkTarget ?? '',
    devmajor: m.devmajor ?? 0,
    devminor: m.devminor ?? 0,
    pax: m.pax ?? {},
  };
}

/** The name field of the member written last, for TarOptions.unclearedNames. */
interface NameField {
  last: Uint8Array;
}

function memberBlocks(member: TarMember, format: TarFormat, paxHeaders: string, numbers: NumberStyle, names: NameField | null): Uint8Array[] {
  const m = resolve(member);
  const fail = (what: string): never => {
    throw new Error(`tar-writer: ${m.path}: ${format} cannot hold ${what}`);
  };
  const isDevice = m.type === 'char' || m.type === 'block';
  if (format === 'v7' && (isDevice || m.type === 'fifo')) fail(`a ${m.type} (v7 has no such type)`);
  if (format !== 'pax' && Object.keys(m.pax).length > 0) fail('pax records');

  const pathBytes = utf8.encode(m.path);
  const linkBytes = utf8.encode(m.linkTarget);
  const unameBytes = utf8.encode(m.uname);
  const gnameBytes = utf8.encode(m.gname);
  const size = m.type === 'file' ? m.content.byteLength : 0; // links, dirs, devices: size 0
  const out: Uint8Array[] = [];
  // pax records in the order GNU tar stores them: linkpath (stored before the header is begun),
  // path, uid, gid, size, mtime, uname, gname; then the caller's records.
  const records = new Map<string, string>();
  let nameField: Uint8Array = pathBytes;
  let prefixField: Uint8Array = new Uint8Array(0);
  let linkField: Uint8Array = linkBytes;

  // The link target: over 100 bytes (or non-ASCII in pax) it needs a record of its own.
  if (linkBytes.byteLength > 100 || (format === 'pax' && !isAscii(m.linkTarget))) {
    if (format === 'pax') records.set('linkpath', m.linkTarget);
    else if (format === 'gnu') out.push(...gnuLongLink('K', linkBytes));
    else fail(`a link target of ${linkBytes.byteLength} bytes (at most 100)`);
    linkField = linkBytes.subarray(0, 100); // GNU tar keeps the first 100 bytes in the header
  }
  // The name.
  if (pathBytes.byteLength > 100 || (format === 'pax' && !isAscii(m.path))) {
    if (format === 'pax') records.set('path', m.path);
    else if (format === 'gnu') out.push(...gnuLongLink('L', pathBytes));
    else if (format === 'ustar' && pathBytes.byteLength > 100) {
      const split = splitUstarName(pathBytes);
      if (split === null) fail(`the name (${pathBytes.byteLength} bytes, no '/' splits it into prefix ≤ 155 and name ≤ 100)`);
      else [prefixField, nameField] = split;
    } else if (pathBytes.byteLength > 100) fail(`a name of ${pathBytes.byteLength} bytes (at most 100)`);
    if (format !== 'ustar') nameField = pathBytes.subarray(0, 100);
  }

  const header = new Uint8Array(BLOCK);
  /** Octal, base-256 (gnu) or a pax record with 0 in the field (pax); throws in ustar and v7. */
  const putNumber = (offset: number, width: number, value: number, key: string): void => {
    if (fitsOctal(value, width)) return putOctal(header, offset, width, value);
    if (format === 'pax') {
      if (!records.has(key)) records.set(key, String(value)); // a fractional mtime is already there
      return putOctal(header, offset, width, 0);
    }
    if (format === 'gnu') return putBase256(header, offset, width, value);
    fail(`${key} ${value} (octal field of ${width - 1} digits)`);
  };

  // What the last name left after this one's NUL (TarOptions.unclearedNames).
  if (names !== null) header.set(names.last.subarray(nameField.byteLength + 1), nameField.byteLength + 1);
  put(header, 0, 100, nameField); //                                 0 name
  if (names !== null) names.last = header.slice(0, 100);
  putOctal(header, 100, 8, m.mode & 0o7777); //                      100 mode: permission bits only
  putNumber(108, 8, m.uid, 'uid'); //                                108 uid
  putNumber(116, 8, m.gid, 'gid'); //                                116 gid
  putNumber(124, 12, size, 'size'); //                               124 size
  const seconds = Math.floor(m.mtime);
  if (seconds !== m.mtime && format === 'pax') records.set('mtime', String(m.mtime)); // fraction kept in pax
  putNumber(136, 12, seconds, 'mtime'); //                           136 mtime (whole seconds)
  // 148 chksum: filled in last, once every other byte is in place.
  header[156] = format === 'v7' && m.type === 'file' ? 0 : TYPEFLAG[m.type].charCodeAt(0); // 156 typeflag
  put(header, 157, 100, linkField); //                               157 linkname
  if (format !== 'v7') {
    // 257 magic + 263 version: "ustar\0" "00" (POSIX) or "ustar " " \0" (GNU, one 8-byte string)
    put(header, 257, 8, utf8.encode(format === 'gnu' ? 'ustar  \0' : 'ustar\x0000'));
    for (const [offset, bytes, key] of [[265, unameBytes, 'uname'], [297, gnameBytes, 'gname']] as const) {
      const text = key === 'uname' ? m.uname : m.gname;
      if (bytes.byteLength > 32 || (format === 'pax' && !isAscii(text))) {
        if (format === 'pax') records.set(key, text);
        else fail(`a ${key} of ${bytes.byteLength} bytes (at most 32)`);
      }
      put(header, offset, 32, bytes.subarray(0, 32)); //            265 uname, 297 gname
    }
  }
  // 329 devmajor, 337 devminor: GNU tar fills them with octal zeros in ustar, posix and v7 headers,
  // and leaves them NUL in gnu headers, unless the member is a device.
  if (isDevice || format !== 'gnu') {
    putNumber(329, 8, m.devmajor, 'devmajor');
    putNumber(337, 8, m.devminor, 'devminor');
  }
  put(header, 345, 155, prefixField); //                             345 prefix (ustar only)
  finish(header, numbers);

  for (const [key, value] of Object.entries(m.pax)) records.set(key, value);
  const pre: Uint8Array[] = [];
  if (records.size > 0) {
    // The extended header's name ("%d/PaxHeaders/%f" by default), cut to the 100-byte field; its
    // mtime is the member's own (whole seconds), so it is as pinned as the member is.
    const bare = m.path.replace(/\/+$/, '');
    const slash = bare.lastIndexOf('/');
    const name = `${slash < 0 ? '.' : bare.slice(0, slash)}/${paxHeaders}/${bare.slice(slash + 1)}`;
    pre.push(...extendedHeader('x', name, encodePax(records), fitsOctal(seconds, 12) ? seconds : 0, numbers));
  }
  return [...pre, ...out, header, ...padded(m.type === 'file' ? m.content : new Uint8Array(0))];
}

/** An 'x' or 'g' header and its records, as GNU tar writes it: mode 0644, owner 0, no names. */
function extendedHeader(flag: 'x' | 'g', name: string, data: Uint8Array, mtime: number, numbers: NumberStyle): Uint8Array[] {
  const header = new Uint8Array(BLOCK);
  put(header, 0, 100, utf8.encode(name).subarray(0, 100)); //        0 name
  putOctal(header, 100, 8, 0o644); //                                100 mode
  putOctal(header, 108, 8, 0); //                                    108 uid
  putOctal(header, 116, 8, 0); //                                    116 gid
  putOctal(header, 124, 12, data.byteLength); //                     124 size: the records' bytes
  putOctal(header, 136, 12, mtime); //                               136 mtime
  header[156] = flag.charCodeAt(0); //                               156 typeflag
  put(header, 257, 8, utf8.encode('ustar\x0000')); //                257 magic, 263 version
  // uname, gname, devmajor, devminor, prefix stay NUL, as GNU tar leaves them.
  finish(header, numbers);
  return [header, ...padded(data)];
}

/** A GNU `././@LongLink` header ('L' name, 'K' link target) and the string with its NUL. */
function gnuLongLink(flag: 'L' | 'K', value: Uint8Array): Uint8Array[] {
  const data = new Uint8Array(value.byteLength + 1); // GNU tar counts and stores the final NUL
  data.set(value);
  const header = new Uint8Array(BLOCK);
  put(header, 0, 100, utf8.encode('././@LongLink')); //              0 name
  putOctal(header, 100, 8, 0o644); //                                100 mode
  putOctal(header, 108, 8, 0); //                                    108 uid
  putOctal(header, 116, 8, 0); //                                    116 gid
  putOctal(header, 124, 12, data.byteLength); //                     124 size
  putOctal(header, 136, 12, 0); //                                   136 mtime: 0 (the epoch)
  header[156] = flag.charCodeAt(0); //                               156 typeflag
  put(header, 257, 8, utf8.encode('ustar  \0')); //                  257 magic + version (GNU)
  put(header, 265, 32, utf8.encode('root')); //                      265 uname: GNU tar writes root
  put(header, 297, 32, utf8.encode('root')); //                      297 gname
  putChecksum(header);
  return [header, ...padded(data)];
}

/**
 * pax records "%d %s=%s\n", where the decimal length counts the whole record, itself included.
 * Keys and values are UTF-8.
 */
function encodePax(records: Map<string, string>): Uint8Array {
  let text = '';
  for (const [key, value] of records) {
    const body = utf8.encode(` ${key}=${value}\n`).byteLength;
    let length = body + 1;
    while (body + String(length).length !== length) length = body + String(length).length; // 98 → 100
    text += `${length} ${key}=${value}\n`;
  }
  return utf8.encode(text);
}

/**
 * Where GNU tar splits a long ustar name: at the last '/' within the first 156 bytes (ignoring a
 * trailing '/'), so the prefix is as long as it can be. Null when no split fits.
 */
function splitUstarName(path: Uint8Array): [Uint8Array, Uint8Array] | null {
  let limit = path.byteLength;
  if (limit > 156) limit = 156;
  else if (path[limit - 1] === 0x2f) limit--;
  let i = limit - 1;
  while (i > 0 && path[i] !== 0x2f) i--;
  if (i <= 0 || path.byteLength - i - 1 > 100) return null;
  return [path.subarray(0, i), path.subarray(i + 1)];
}

function fitsOctal(value: number, width: number): boolean {
  return Number.isInteger(value) && value >= 0 && value < 8 ** (width - 1);
}

/** `width - 1` zero-padded octal digits, then NUL. */
function putOctal(block: Uint8Array, offset: number, width: number, value: number): void {
  put(block, offset, width, utf8.encode(`${value.toString(8).padStart(width - 1, '0')}\0`));
}

/** GNU base-256: big-endian two's complement over the whole field, top bit of byte 0 set. */
function putBase256(block: Uint8Array, offset: number, width: number, value: number): void {
  const bits = BigInt(width * 8);
  let v = BigInt.asUintN(width * 8, BigInt(value));
  if (value >= 0 && BigInt(value) >= 1n << (bits - 1n)) throw new Error(`tar-writer: ${value} does not fit ${width} bytes of base-256`);
  for (let i = width - 1; i >= 0; i--) {
    block[offset + i] = Number(v & 0xffn);
    v >>= 8n;
  }
  block[offset] = block[offset]! | 0x80;
}

/** The last step of a header: its numbers rewritten in libarchive's form if asked, then the checksum. */
function finish(header: Uint8Array, numbers: NumberStyle): void {
  if (numbers === 'libarchive') {
    // libarchive's ustar template: "000000 \0" for the 8-byte fields, "00000000000 " for the 12-byte
    // ones. Fields written in base-256 are kept.
    for (const [offset, width] of [[100, 8], [108, 8], [116, 8], [124, 12], [136, 12], [329, 8], [337, 8]] as const) {
      const field = header.subarray(offset, offset + width);
      // devmajor and devminor it writes in every header, GNU tar in some: left NUL, they are zero.
      if (field[0]! & 0x80 || (field[0] === 0 && offset < 329)) continue;
      const value = field[0] === 0 ? 0 : parseInt(Buffer.from(field).toString('latin1').replace(/\0.*$/, ''), 8);
      const digits = value.toString(8).padStart(width === 8 ? 6 : 11, '0');
      put(header, offset, width, utf8.encode(width === 8 ? `${digits} \0` : `${digits} `));
    }
  }
  putChecksum(header);
}

/** The checksum of the header with the field taken as spaces: 6 octal digits, NUL, space. */
function putChecksum(block: Uint8Array): void {
  block.fill(0x20, 148, 156);
  let sum = 0;
  for (const b of block) sum += b;
  put(block, 148, 8, utf8.encode(`${sum.toString(8).padStart(6, '0')}\0 `));
}

function put(block: Uint8Array, offset: number, width: number, bytes: Uint8Array): void {
  if (bytes.byteLength > width) throw new Error(`tar-writer: ${bytes.byteLength} bytes do not fit a ${width}-byte field`);
  block.set(bytes, offset);
}

/** Data followed by zeros up to the next 512-byte boundary. */
function padded(data: Uint8Array): Uint8Array[] {
  if (data.byteLength === 0) return [];
  const rest = data.byteLength % BLOCK;
  return rest === 0 ? [data] : [data, new Uint8Array(BLOCK - rest)];
}

function isAscii(text: string): boolean {
  return /^[\x00-\x7f]*$/.test(text);
}
