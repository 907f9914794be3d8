/**
 * Zip extra fields (APPNOTE 4.5 and Info-ZIP's extrafld.txt): a list of (id, size, data) blocks
 * after the name in both the local and the central header. Pure decoders by id, and the rule that
 * turns them into times and owners the way libarchive applies them.
 */
import { hex8, toHex, type RawFields, type RawValue } from './entry.js';

export interface ExtraBlock {
  id: number;
  data: Uint8Array;
}

export interface ExtraList {
  blocks: ExtraBlock[];
  /** Bytes that do not form a block (a size running past the end, or trailing bytes). */
  trailing: Uint8Array | null;
  /** Why the list ended early, when it did. */
  problem: string | null;
}

/** Split an extra area into blocks without trusting any size beyond the bytes present. */
export function splitExtra(extra: Uint8Array): ExtraList {
  const blocks: ExtraBlock[] = [];
  let at = 0;
  while (at + 4 <= extra.byteLength) {
    const id = extra[at]! | (extra[at + 1]! << 8); // 0 - header id
    const size = extra[at + 2]! | (extra[at + 3]! << 8); // 2 - data size; 4 - data
    if (at + 4 + size > extra.byteLength) {
      return {
        blocks,
        trailing: extra.subarray(at),
        problem: `extra field 0x${id.toString(16).padStart(4, '0')} declares ${size} bytes but only ${extra.byteLength - at - 4} remain`,
      };
    }
    blocks.push({ id, data: extra.subarray(at + 4, at + 4 + size) });
    at += 4 + size;
  }
  if (at < extra.byteLength) {
    const rest = extra.subarray(at);
    // Some writers pad with zero bytes (libarchive accepts them); anything else is damage.
    const zeros = rest.every((b) => b === 0);
    return { blocks, trailing: rest, problem: zeros ? null : `${rest.byteLength} trailing bytes after the extra fields` };
  }
  return { blocks, trailing: null, problem: null };
}

function dv(b: Uint8Array): DataView {
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}

/** Which 32-bit header values were 0xffffffff (or 0xffff for the disk) and so live in the zip64 extra. */
export interface Zip64Needs {
  uncompressedSize: boolean;
  compressedSize: boolean;
  localHeaderOffset: boolean;
  diskNumberStart: boolean;
}

export interface Zip64Extra {
  uncompressedSize?: bigint;
  compressedSize?: bigint;
  localHeaderOffset?: bigint;
  diskNumberStart?: number;
}

/** 0x0001 zip64 extended information: only the fields whose header value overflowed, in this order. */
export function decodeZip64Extra(data: Uint8Array, needs: Zip64Needs): Zip64Extra {
  const v = dv(data);
  const out: Zip64Extra = {};
  let at = 0;
  const take8 = (): bigint | undefined => {
    if (at + 8 > data.byteLength) return undefined;
    const value = v.getBigUint64(at, true);
    at += 8;
    return value;
  };
  if (needs.uncompressedSize) out.uncompressedSize = take8(); // original size
  if (needs.compressedSize) out.compressedSize = take8(); // compressed size
  if (needs.localHeaderOffset) out.localHeaderOffset = take8(); // relative header offset
  if (needs.diskNumberStart && at + 4 <= data.byteLength) out.diskNumberStart = v.getUint32(at, true); // disk start
  return out;
}

export interface ExtendedTimestamp {
  flags: number;
  mtime?: number;
  atime?: number;
  ctime?: number;
}

/** 0x5455 "UT": flags, then the times the flags name, as far as the data goes (central copies hold mtime only). */
export function decodeExtendedTimestamp(data: Uint8Array): ExtendedTimestamp | null {
  if (data.byteLength < 1) return null;
  const out: ExtendedTimestamp = { flags: data[0]! }; // 0 - flags: bit 0 mtime, 1 atime, 2 ctime
  let at = 1;
  const take = (): number | undefined => {
    if (at + 4 > data.byteLength) return undefined;
    const t = data[at]! | (data[at + 1]! << 8) | (data[at + 2]! << 16) | (data[at + 3]! << 24); // signed: times before 1970
    at += 4;
    return t;
  };
  if (out.flags & 1) {
    const t = take();
    if (t === undefined) return out;
    out.mtime = t;
  }
  if (out.flags & 2) {
    const t = take();
    if (t === undefined) return out;
    out.atime = t;
  }
  if (out.flags & 4) {
    const t = take();
    if (t === undefined) return out;
    out.ctime = t;
  }
  return out;
}

/** 0x7875 "ux" (Info-ZIP Unix, type 3): version 1, then uid and gid each with its own size. */
export function decodeInfoZipUnix(data: Uint8Array): { version: number; uid?: number; gid?: number } | null {
  if (data.byteLength < 1) return null;
  const version = data[0]!; // 0 - version (1)
  if (version !== 1) return { version };
  const readId = (at: number): { value: number; next: number } | undefined => {
    if (at >= data.byteLength) return undefined;
    const size = data[at]!; // size of the id in bytes
    if (size === 0 || size > 8 || at + 1 + size > data.byteLength) return undefined;
    let value = 0;
    for (let i = size - 1; i >= 0; i--) value = value * 256 + data[at + 1 + i]!; // little-endian
    return { value, next: at + 1 + size };
  };
  const uid = readId(1); // 1 - UIDSize, 2 - UID
  const gid = uid ? readId(uid.next) : undefined; // GIDSize, GID
  return { version, ...(uid ? { uid: uid.value } : {}), ...(gid ? { gid: gid.value } : {}) };
}

/** 0x5855 "UX" (old Info-ZIP Unix): atime, mtime, then (local copy) uid and gid. */
export function decodeInfoZipUnixOld(data: Uint8Array): { atime?: number; mtime?: number; uid?: number; gid?: number } | null {
  const v = dv(data);
  if (data.byteLength < 8) return null;
  return {
    atime: v.getInt32(0, true), // 0 - atime
    mtime: v.getInt32(4, true), // 4 - mtime
    ...(data.byteLength >= 12 ? { uid: v.getUint16(8, true), gid: v.getUint16(10, true) } : {}), // 8 - uid, 10 - gid
  };
}

/** 0x7855 "Ux" (Info-ZIP Unix, type 2): uid and gid in the local copy, nothing in the central one. */
export function decodeInfoZipUnix2(data: Uint8Array): { uid?: number; gid?: number } {
  const v = dv(data);
  return {
    ...(data.byteLength >= 2 ? { uid: v.getUint16(0, true) } : {}), // 0 - uid
    ...(data.byteLength >= 4 ? { gid: v.getUint16(2, true) } : {}), // 2 - gid
  };
}

/** 0x000d PKWARE Unix: atime, mtime, uid, gid, then variable data (a link target or device numbers). */
export function decodePkwareUnix(data: Uint8Array): { atime: number; mtime: number; uid: number; gid: number; variable: string } | null {
  if (data.byteLength < 12) return null;
  const v = dv(data);
  return {
    atime: v.getInt32(0, true), // 0 - atime
    mtime: v.getInt32(4, true), // 4 - mtime
    uid: v.getUint16(8, true), // 8 - uid
    gid: v.getUint16(10, true), // 10 - gid
    variable: toHex(data.subarray(12)), // 12 - variable-length data
  };
}

/** 0x7075 Info-ZIP Unicode Path: version, CRC-32 of the header name, the name in UTF-8. */
export function decodeUnicodePath(data: Uint8Array): { version: number; nameCrc32: number; name: Uint8Array } | null {
  if (data.byteLength < 5) return null;
  return {
    version: data[0]!, // 0 - version (1)
    nameCrc32: dv(data).getUint32(1, true), // 1 - CRC-32 of the name in the header
    name: data.subarray(5), // 5 - UTF-8 name
  };
}

/** NTFS FILETIME (100 ns ticks since 1601-01-01) as seconds since the epoch, with the fraction. */
export function filetimeToUnix(ticks: bigint): { seconds: number; nanos: number } {
  const since1970 = ticks - 116444736000000000n;
  let seconds = since1970 / 10000000n;
  let rest = since1970 % 10000000n;
  if (rest < 0n) {
    seconds -= 1n;
    rest += 10000000n;
  }
  return { seconds: Number(seconds), nanos: Number(rest) * 100 };
}

/** 0x000a NTFS: 4 reserved bytes, then tagged attributes; tag 1 (24 bytes) holds mtime, atime, ctime. */
export function decodeNtfsTimes(data: Uint8Array): { mtime: bigint; atime: bigint; ctime: bigint } | null {
  if (data.byteLength < 4) return null;
  const v = dv(data);
  let at = 4; // 0 - reserved
  while (at + 4 <= data.byteLength) {
    const tag = v.getUint16(at, true); // tag
    const size = v.getUint16(at + 2, true); // size of the attribute
    at += 4;
    if (at + size > data.byteLength) return null;
    if (tag === 1 && size === 24) {
      return { mtime: v.getBigUint64(at, true), atime: v.getBigUint64(at + 8, true), ctime: v.getBigUint64(at + 16, true) };
    }
    at += size;
  }
  return null;
}

const names: Record<number, string> = {
  0x0001: 'zip64', 0x0007: 'av-info', 0x000a: 'ntfs', 0x000d: 'pkware-unix', 0x0017: 'strong-encryption',
  0x5455: 'extended-timestamp', 0x5855: 'info-zip-unix-old', 0x6375: 'unicode-comment', 0x6c78: 'xl',
  0x7075: 'unicode-path', 0x7855: 'info-zip-unix-2', 0x7875: 'info-zip-unix', 0x9901: 'aes', 0xcafe: 'jar-marker',
  0xd935: 'android-alignment',
};

/** Ids seen so far as text (a zip's members carry the same few kinds of extra field), a bounded few. */
const idTexts = new Map<number, string>();
const ID_TEXTS_MAX = 256;

export function extraIdHex(id: number): string {
  let text = idTexts.get(id);
  if (text === undefined) {
    text = `0x${id.toString(16).padStart(4, '0')}`;
    if (idTexts.size < ID_TEXTS_MAX) idTexts.set(id, text);
  }
  return text;
}

const bigRaw = (b: bigint): RawValue => (b <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(b) : b.toString());

/** One block as it goes into `raw`: id, name, size, the bytes as hex and what they decode to. */
export function extraBlockRaw(block: ExtraBlock, needs: Zip64Needs): RawFields {
  const out: RawFields = {
    id: extraIdHex(block.id),
    name: names[block.id] ?? 'unknown',
    size: block.data.byteLength,
    data: toHex(block.data),
  };
  const put = (fields: Record<string, unknown> | null) => {
    if (fields === null) return;
    // for-in, not Object.entries: the same keys in the same order without an array a field
    // (every member's extra fields pass here, twice: central and local).
    for (const k in fields) {
      const value = fields[k];
      if (value === undefined) continue;
      if (typeof value === 'bigint') out[k] = bigRaw(value);
      else if (value instanceof Uint8Array) out[k] = toHex(value);
      else out[k] = value as RawValue;
    }
  };
  switch (block.id) {
    case 0x0001: put({ ...decodeZip64Extra(block.data, needs) }); break;
    case 0x000a: {
      const t = decodeNtfsTimes(block.data);
      if (t) {
        const unix = (ticks: bigint) => {
          const u = filetimeToUnix(ticks);
          return u.seconds + u.nanos / 1e9;
        };
        put({ mtime: t.mtime.toString(), atime: t.atime.toString(), ctime: t.ctime.toString(), mtimeUnix: unix(t.mtime), atimeUnix: unix(t.atime), ctimeUnix: unix(t.ctime) });
      }
      break;
    }
    case 0x000d: put(decodePkwareUnix(block.data)); break;
    case 0x5455: put(decodeExtendedTimestamp(block.data) as Record<string, unknown> | null); break;
    case 0x5855: put(decodeInfoZipUnixOld(block.data)); break;
    case 0x7075: {
      const u = decodeUnicodePath(block.data);
      if (u) put({ version: u.version, nameCrc32: hex8(u.nameCrc32), unicodeName: Buffer.from(u.name).toString('utf8') });
      break;
    }
    case 0x7855: put(decodeInfoZipUnix2(block.data)); break;
    case 0x7875: put(decodeInfoZipUnix(block.data)); break;
    default: break;
  }
  return out;
}

/** Times and owners as the extra fields give them. */
export interface ExtraFacts {
  mtime: number;
  /** True once an extra field set mtime (the local DOS time then no longer applies). */
  mtimeFromExtra: boolean;
  atime: number | null;
  ctime: number | null;
  uid: number | null;
  gid: number | null;
}

/**
 * Apply one header's extra blocks, in order, the way libarchive's process_extra does: 0x5455 and
 * 0x5855 set times, 0x7875, 0x7855 and 0x5855 set uid and gid. 0x000a (NTFS times) and 0x000d
 * (PKWARE Unix) are decoded into `raw` but do not set the entry's times or owners: the libarchive
 * the conformance corpus was listed with ignores them (test_read_format_zip_pkware_unix.zip and
 * test_read_format_zip_7075_utf8_paths.zip show the DOS time and uid 0), and agreeing with it is
 * what makes our listing comparable with bsdtar's. Newer libarchive applies both.
 */
export function applyExtraFacts(facts: ExtraFacts, blocks: readonly ExtraBlock[]): ExtraFacts {
  const f = { ...facts };
  const setMtime = (t: number) => {
    f.mtime = t;
    f.mtimeFromExtra = true;
  };
  const setAtime = (t: number) => {
    f.atime = t;
  };
  for (const block of blocks) {
    switch (block.id) {
      case 0x5455: {
        const t = decodeExtendedTimestamp(block.data);
        if (t === null) break;
        if (t.mtime !== undefined) setMtime(t.mtime);
        if (t.atime !== undefined) setAtime(t.atime);
        if (t.ctime !== undefined) f.ctime = t.ctime;
        break;
      }
      case 0x5855: {
        const u = decodeInfoZipUnixOld(block.data);
        if (u === null) break;
        if (u.atime !== undefined) setAtime(u.atime);
        if (u.mtime !== undefined) setMtime(u.mtime);
        if (u.uid !== undefined) f.uid = u.uid;
        if (u.gid !== undefined) f.gid = u.gid;
        break;
      }
      case 0x7855: {
        const u = decodeInfoZipUnix2(block.data);
        if (u.uid !== undefined) f.uid = u.uid;
        if (u.gid !== undefined) f.gid = u.gid;
        break;
      }
      case 0x7875: {
        const u = decodeInfoZipUnix(block.data);
        if (u?.uid !== undefined) f.uid = u.uid;
        if (u?.gid !== undefined) f.gid = u.gid;
        break;
      }
      default:
        break;
    }
  }
  return f;
}
