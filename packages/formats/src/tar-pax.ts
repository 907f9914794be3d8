/**
 * pax extended header records (POSIX.1-2001, pax "Extended Header"): `"%d %s=%s\n"`, where the
 * decimal length counts the whole record, itself included. Pure: bytes in, records out.
 *
 * Every record is kept, in order, even repeated keys (GNU sparse 0.0 repeats GNU.sparse.offset and
 * GNU.sparse.numbytes) and keys we do not interpret (SCHILY.*, LIBARCHIVE.*). Interpretation of the
 * keys that change the entry (path, size, times...) is `interpretPax`, also pure.
 */
import type { Problem } from './entry.js';
import { latin1 } from './entry.js';

export interface PaxRecord {
  key: string;
  /** The value as UTF-8 (latin1 when it is not valid UTF-8: see `valueBytes`). */
  value: string;
  /** The value's bytes, only when they are not valid UTF-8 (binary xattrs, hdrcharset=BINARY). */
  valueBytes?: Uint8Array;
  /** Offset of the record in the extended header's data. */
  offset: number;
}

export interface PaxDecoded {
  records: PaxRecord[];
  problems: Problem[];
}

const utf8Strict = new TextDecoder('utf-8', { fatal: true });

function decodeValue(bytes: Uint8Array): { text: string; bytes?: Uint8Array } {
  try {
    return { text: utf8Strict.decode(bytes) };
  } catch {
    return { text: latin1(bytes), bytes: new Uint8Array(bytes) };
  }
}

/**
 * Decode the data of an 'x' or 'g' header. A malformed length stops decoding (nothing after it
 * can be trusted to start a record) with a problem; `baseOffset` places problems in the layer.
 */
export function decodePaxRecords(bytes: Uint8Array, baseOffset = 0): PaxDecoded {
  const records: PaxRecord[] = [];
  const problems: Problem[] = [];
  const bad = (at: number, message: string) =>
    problems.push({ code: 'TAR_PAX_MALFORMED', message: `tar: pax record at byte ${at}: ${message}`, offset: baseOffset + at });
  let p = 0;
  while (p < bytes.byteLength) {
    // Some writers pad the data with NULs: the rest being NULs is the end, not damage.
    if (bytes[p] === 0) {
      let q = p;
      while (q < bytes.byteLength && bytes[q] === 0) q++;
      if (q === bytes.byteLength) break;
    }
    // %d: decimal digits, then a space.
    let length = 0;
    let q = p;
    while (q < bytes.byteLength && q - p < 16 && bytes[q]! >= 0x30 && bytes[q]! <= 0x39) length = length * 10 + (bytes[q++]! - 0x30);
    if (q === p || bytes[q] !== 0x20) {
      bad(p, `expected a decimal length and a space, found ${JSON.stringify(latin1(bytes.subarray(p, Math.min(p + 16, bytes.byteLength))))}`);
      break;
    }
    if (length < q - p + 2 || p + length > bytes.byteLength) {
      bad(p, `length ${length} does not fit: ${bytes.byteLength - p} bytes remain`);
      break;
    }
    const end = p + length;
    const body = bytes.subarray(q + 1, end);
    const eq = body.indexOf(0x3d);
    if (eq < 0) {
      bad(p, 'expected key=value, found no "="');
      p = end;
      continue;
    }
    const newline = body[body.byteLength - 1] === 0x0a;
    if (!newline) bad(p, 'expected the record to end with a newline');
    const key = decodeValue(body.subarray(0, eq)).text;
    const value = decodeValue(body.subarray(eq + 1, newline ? body.byteLength - 1 : body.byteLength));
    const record: PaxRecord = { key, value: value.text, offset: p };
    if (value.bytes) record.valueBytes = value.bytes;
    records.push(record);
    p = end;
  }
  return { records, problems };
}

/** The keys of an extended header that change the entry, decoded. Absent: not set. */
export interface PaxAttributes {
  path?: string;
  pathBytes?: Uint8Array;
  linkpath?: string;
  size?: number;
  uid?: number;
  gid?: number;
  uname?: string;
  gname?: string;
  mtime?: number;
  atime?: number;
  ctime?: number;
  devmajor?: number;
  devminor?: number;
  /**
   * Permission bits from a POSIX.1e access ACL (SCHILY.acl.access): its user::, group:: and other::
   * entries. libarchive lists these as the mode; with an ACL mask the header's group bits are the
   * mask instead, so the two differ.
   */
  aclMode?: { user?: number; group?: number; other?: number };
  /** hdrcharset=BINARY: path and names are bytes, not UTF-8. */
  binary?: boolean;
  sparse?: PaxSparse;
}

/** GNU sparse attributes in their three versions, and Solaris's SUN.holesdata. */
export interface PaxSparse {
  /** 0.0: repeated offset/numbytes records; 0.1: GNU.sparse.map; 1.0: the map is in the data. */
  version: '0.0' | '0.1' | '1.0' | 'sun';
  /** GNU.sparse.size (0.x) or GNU.sparse.realsize (1.0): the expanded size. */
  realsize?: number;
  /** GNU.sparse.name: the real name (0.1, 1.0). */
  name?: string;
  /** The map (0.0, 0.1): flat [offset, numbytes, ...]; for sun, the data/hole boundaries. */
  map?: number[];
  numblocks?: number;
}

/**
 * Decode the records that matter to the entry. Later records override earlier ones (pax says so);
 * an empty value unsets the key ("the header field applies"). Size and ids must be decimal
 * integers; a negative size is returned as -1 (the reader makes that fatal, as libarchive does).
 */
export function interpretPax(records: readonly PaxRecord[], problems: Problem[], baseOffset = 0): PaxAttributes {
  const a: PaxAttributes = {};
  const gnuOffsets: number[] = [];
  const gnuNumbytes: number[] = [];
  const bad = (r: PaxRecord, what: string) =>
    problems.push({
      code: 'TAR_PAX_BAD_VALUE',
      message: `tar: pax record ${r.key}: expected ${what}, found ${JSON.stringify(r.value.slice(0, 40))}`,
      offset: baseOffset + r.offset,
    });
  const integer = (r: PaxRecord): number | undefined => {
    if (!/^-?\d+$/.test(r.value)) return void bad(r, 'a decimal integer');
    const n = Number(r.value);
    if (!Number.isSafeInteger(n)) {
      if (r.value.startsWith('-')) return -1;
      return void bad(r, `an integer below 2^53`);
    }
    return n;
  };
  const time = (r: PaxRecord): number | undefined => {
    // seconds[.fraction], possibly negative (before the epoch).
    // libarchive reads the digits and ignores what follows them; so do we, with a problem.
    const m = /^(-?)(\d+)(?:\.(\d*))?/.exec(r.value);
    if (m === null) return void bad(r, 'a time as seconds[.fraction]');
    if (m[0].length !== r.value.length) bad(r, 'a time as seconds[.fraction] and nothing after it');
    const whole = Number(m[2]);
    const fraction = m[3] ? Number(`0.${m[3].slice(0, 9)}`) : 0;
    return m[1] === '-' ? -(whole + fraction) : whole + fraction;
  };
  let sparse: PaxSparse | undefined;
  const sparseOf = (version: PaxSparse['version']): PaxSparse => {
    sparse ??= { version };
    if (version !== '0.0') sparse.version = version;
    return sparse;
  };
  let major: string | undefined;
  let minor: string | undefined;
  for (const r of records) {
    const empty = r.value === '';
    switch (r.key) {
      case 'path':
        if (empty) {
          delete a.path;
          delete a.pathBytes;
        } else {
          a.path = r.value;
          if (r.valueBytes) a.pathBytes = r.valueBytes;
          else delete a.pathBytes;
        }
        break;
      case 'linkpath':
        if (empty) delete a.linkpath;
        else a.linkpath = r.value;
        break;
      case 'uname':
        if (empty) delete a.uname;
        else a.uname = r.value;
        break;
      case 'gname':
        if (empty) delete a.gname;
        else a.gname = r.value;
        break;
      case 'size':
      case 'uid':
      case 'gid':
      case 'SCHILY.devmajor':
      case 'SCHILY.devminor': {
        const field = r.key === 'SCHILY.devmajor' ? 'devmajor' : r.key === 'SCHILY.devminor' ? 'devminor' : r.key;
        if (empty) {
          delete a[field];
          break;
        }
        const n = integer(r);
        if (n !== undefined) a[field] = n;
        break;
      }
      case 'mtime':
      case 'atime':
      case 'ctime': {
        if (empty) {
          delete a[r.key];
          break;
        }
        const t = time(r);
        if (t !== undefined) a[r.key] = t;
        break;
      }
      case 'SCHILY.acl.access': {
        const mode: { user?: number; group?: number; other?: number } = {};
        for (const item of r.value.split(/[,\n]/)) {
          const [tag = '', qualifier = '', perms = ''] = item.split(':');
          if (qualifier !== '' || !/^[r-][w-][x-]$/.test(perms)) continue;
          const bits = (perms[0] === 'r' ? 4 : 0) | (perms[1] === 'w' ? 2 : 0) | (perms[2] === 'x' ? 1 : 0);
          if (tag === 'user' || tag === 'u') mode.user = bits;
          else if (tag === 'group' || tag === 'g') mode.group = bits;
          else if (tag === 'other' || tag === 'o') mode.other = bits;
        }
        a.aclMode = mode;
        break;
      }
      case 'hdrcharset':
        a.binary = r.value === 'BINARY';
        break;
      case 'GNU.sparse.size':
      case 'GNU.sparse.realsize': {
        const n = integer(r);
        if (n !== undefined) sparseOf(r.key === 'GNU.sparse.size' ? '0.0' : '1.0').realsize = n;
        break;
      }
      case 'GNU.sparse.numblocks': {
        const n = integer(r);
        if (n !== undefined) sparseOf('0.0').numblocks = n;
        break;
      }
      case 'GNU.sparse.offset':
      case 'GNU.sparse.numbytes': {
        const n = integer(r);
        sparseOf('0.0');
        (r.key === 'GNU.sparse.offset' ? gnuOffsets : gnuNumbytes).push(n ?? -1);
        break;
      }
      case 'GNU.sparse.map': {
        const parts = r.value === '' ? [] : r.value.split(',');
        const map = parts.map(Number);
        if (map.some((n) => !Number.isSafeInteger(n) || n < 0) || map.length % 2 !== 0) {
          bad(r, 'comma-separated offset,size pairs');
          break;
        }
        sparseOf('0.1').map = map;
        break;
      }
      case 'GNU.sparse.name':
        sparseOf('0.0').name = r.value;
        break;
      case 'GNU.sparse.major':
        major = r.value;
        break;
      case 'GNU.sparse.minor':
        minor = r.value;
        break;
      case 'SUN.holesdata': {
        // " data hole data hole ...": offsets where data and holes begin, alternately.
        const parts = r.value.trim().split(/\s+/).map(Number);
        if (parts.some((n) => !Number.isSafeInteger(n) || n < 0)) {
          bad(r, 'space-separated offsets');
          break;
        }
        sparseOf('sun').map = parts;
        break;
      }
      default:
        break; // kept in raw as records; not interpreted
    }
  }
  if (major !== undefined || minor !== undefined) {
    if (major === '1' && minor === '0') sparseOf('1.0');
    else problems.push({ code: 'TAR_SPARSE_UNSUPPORTED', message: `tar: GNU sparse format ${major}.${minor} is not one we read (0.0, 0.1, 1.0)`, offset: baseOffset });
  }
  if (sparse !== undefined && sparse.version === '0.0' && (gnuOffsets.length > 0 || gnuNumbytes.length > 0)) {
    const map: number[] = [];
    for (let i = 0; i < Math.max(gnuOffsets.length, gnuNumbytes.length); i++) map.push(gnuOffsets[i] ?? -1, gnuNumbytes[i] ?? -1);
    sparse.map = map;
  }
  if (sparse !== undefined) a.sparse = sparse;
  return a;
}
