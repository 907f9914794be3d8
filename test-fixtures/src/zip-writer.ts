/**
 * A deterministic zip writer (PKWARE APPNOTE 6.3.10) for test fixtures: every byte is chosen by
 * the caller or fixed here, so the same entries give the same archive on every machine. It writes
 * what real zip tools write, and the knobs that make two builds differ: DOS times, the Info-ZIP
 * extended timestamp and uid/gid extras (`zip -X` leaves them out), external attributes, deflate
 * level, UTF-8 flag or CP437 names, zip64 records, data descriptors with or without signature,
 * member order and comments.
 */
import { crc32, deflateRawSync } from 'node:zlib';

export interface ZipEntry {
  /** The name as stored: a string is written as UTF-8; bytes are written as given (e.g. CP437). */
  name: string | Uint8Array;
  /** Content (omit for a directory). Strings are UTF-8. */
  data?: Uint8Array | string;
  /** 'stored', 'deflate', or a raw method number whose `data` is written as is (default deflate). */
  method?: 'stored' | 'deflate' | number;
  /** zlib level for deflate (default 6, what `zip` uses). */
  level?: number;
  /** Modification time, seconds since the epoch; written as a DOS time read as UTC. */
  mtime?: number;
  /** Write the 0x5455 extended timestamp (local: mtime and atime; central: mtime). */
  extendedTimestamp?: { mtime: number; atime?: number };
  /** Write the 0x7875 Info-ZIP uid/gid field (4-byte ids). */
  unixIds?: { uid: number; gid: number };
  /** Unix st_mode (type and permissions): "made by" Unix, external attributes = mode << 16. */
  unixMode?: number;
  /** Explicit external attributes (with `madeBy`) instead of `unixMode`. */
  externalAttributes?: number;
  /** Internal attributes (default 0); bit 0 marks a text file, as Info-ZIP sets it for files it reads as text. */
  internalAttributes?: number;
  /** "Version made by" (default 0x031e: Unix, 3.0; 0x0014 for MS-DOS 2.0). */
  madeBy?: number;
  /** Set general purpose bit 11 (UTF-8 names). Default: set when the name is a non-ASCII string. */
  utf8Flag?: boolean;
  /** Write a data descriptor after the data (bit 3), with or without the PK\7\8 signature. */
  dataDescriptor?: 'signature' | 'no-signature';
  /** Write sizes and offset as 0xffffffff with a 0x0001 zip64 extra in both headers. */
  zip64?: boolean;
  /** Member comment (central directory). */
  comment?: string;
  /** More general purpose bits (e.g. 1: encrypted) OR-ed into the flags. */
  extraFlags?: number;
  /** Raw extra field bytes appended to both headers (for extras the writer has no knob for). */
  rawExtra?: Uint8Array;
  /** Values written in the local header instead of the real ones (local/central mismatch tests). */
  localOverride?: { crc32?: number; mtime?: number; name?: string };
  /** The CRC written in both headers instead of the real one (a damaged member). */
  crcOverride?: number;
}

export interface ZipOptions {
  /** Archive comment (end of central directory). */
  comment?: string;
  /** Write the zip64 end of central directory record and locator. */
  zip64End?: boolean;
  /** Bytes before the first local header (a self-extractor stub); offsets stay relative to it. */
  prefix?: Uint8Array;
}

const enc = new TextEncoder();
const bytesOf = (v: string | Uint8Array) => (typeof v === 'string' ? enc.encode(v) : v);

/** A DOS date and time (local time fields taken as UTC). Times before 1980 clamp to 1980-01-01. */
export function dosDateTime(seconds: number): { date: number; time: number } {
  const d = new Date(Math.max(seconds, 315532800) * 1000);
  return {
    date: ((d.getUTCFullYear() - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate(),
    time: (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | (d.getUTCSeconds() >> 1),
  };
}

class Bytes {
  private parts: Uint8Array[] = [];
  length = 0;
  u8(v: number) { return this.push(Uint8Array.of(v)); }
  u16(v: number) { const b = new Uint8Array(2); new DataView(b.buffer).setUint16(0, v, true); return this.push(b); }
  u32(v: number) { const b = new Uint8Array(4); new DataView(b.buffer).setUint32(0, v >>> 0, true); return this.push(b); }
  u64(v: number) { const b = new Uint8Array(8); new DataView(b.buffer).setBigUint64(0, BigInt(v), true); return this.push(b); }
  push(b: Uint8Array) { this.parts.push(b); this.length += b.byteLength; return this; }
  bytes(): Uint8Array { return Buffer.concat(this.parts); }
}

function extraBlock(id: number, body: Uint8Array): Uint8Array {
  return new Bytes().u16(id).u16(body.byteLength).push(body).bytes();
}

/** Write a zip archive with the entries in the order given. */
export function writeZip(entries: readonly ZipEntry[], options: ZipOptions = {}): Uint8Array {
  const out = new Bytes();
  if (options.prefix) out.push(options.prefix);
  const central = new Bytes();
  for (const e of entries) {
    const name = bytesOf(e.name);
    const data = e.data === undefined ? new Uint8Array(0) : bytesOf(e.data);
    const methodNumber = e.method === 'stored' ? 0 : e.method === undefined || e.method === 'deflate' ? 8 : e.method;
    const isDir = e.data === undefined;
    const method = isDir ? 0 : methodNumber;
    const stored = method === 8 && (e.method === undefined || e.method === 'deflate') ? deflateRawSync(data, { level: e.level ?? 6 }) : data;
    const crc = e.crcOverride ?? crc32(data);
    const nonAscii = typeof e.name === 'string' && /[^\x00-\x7f]/.test(e.name);
    const descriptor = e.dataDescriptor !== undefined;
    const flags = ((e.utf8Flag ?? nonAscii) ? 0x0800 : 0) | (descriptor ? 0x0008 : 0) | (e.extraFlags ?? 0);
    const time = dosDateTime(e.mtime ?? 1700000000);
    const madeBy = e.madeBy ?? 0x031e;
    const external = e.externalAttributes ?? ((e.unixMode ?? (isDir ? 0o40755 : 0o100644)) * 0x10000) + (isDir ? 0x10 : 0);
    const needed = e.zip64 ? 45 : isDir ? 10 : method === 8 ? 20 : 10;
    const offset = out.length - (options.prefix?.byteLength ?? 0);

    const localExtra = new Bytes();
    const centralExtra = new Bytes();
    if (e.zip64) {
      localExtra.push(extraBlock(0x0001, new Bytes().u64(data.byteLength).u64(stored.byteLength).bytes()));
      centralExtra.push(extraBlock(0x0001, new Bytes().u64(data.byteLength).u64(stored.byteLength).u64(offset).bytes()));
    }
    if (e.extendedTimestamp) {
      const t = e.extendedTimestamp;
      const local = new Bytes().u8(t.atime !== undefined ? 3 : 1).u32(t.mtime);
      if (t.atime !== undefined) local.u32(t.atime);
      localExtra.push(extraBlock(0x5455, local.bytes()));
      centralExtra.push(extraBlock(0x5455, new Bytes().u8(t.atime !== undefined ? 3 : 1).u32(t.mtime).bytes()));
    }
    if (e.unixIds) {
      const body = new Bytes().u8(1).u8(4).u32(e.unixIds.uid).u8(4).u32(e.unixIds.gid).bytes();
      localExtra.push(extraBlock(0x7875, body));
      centralExtra.push(extraBlock(0x7875, new Uint8Array(0)));
    }
    if (e.rawExtra) {
      localExtra.push(e.rawExtra);
      centralExtra.push(e.rawExtra);
    }
    const le = localExtra.bytes();
    const ce = centralExtra.bytes();

    // Local header: with a data descriptor, CRC and sizes are zero here (APPNOTE 4.4.4 bit 3).
    const localName = e.localOverride?.name !== undefined ? bytesOf(e.localOverride.name) : name;
    const localTime = e.localOverride?.mtime !== undefined ? dosDateTime(e.localOverride.mtime) : time;
    const small = (v: number) => (e.zip64 ? 0xffffffff : descriptor ? 0 : v);
    out.u32(0x04034b50).u16(needed).u16(flags).u16(method).u16(localTime.time).u16(localTime.date);
    out.u32(descriptor ? 0 : (e.localOverride?.crc32 ?? crc)).u32(small(stored.byteLength)).u32(small(data.byteLength));
    out.u16(localName.byteLength).u16(le.byteLength).push(localName).push(le).push(stored);
    if (e.dataDescriptor === 'signature') out.u32(0x08074b50);
    if (descriptor) {
      out.u32(crc);
      if (e.zip64) out.u64(stored.byteLength).u64(data.byteLength);
      else out.u32(stored.byteLength).u32(data.byteLength);
    }

    const comment = bytesOf(e.comment ?? '');
    const big = (v: number) => (e.zip64 ? 0xffffffff : v);
    central.u32(0x02014b50).u16(madeBy).u16(needed).u16(flags).u16(method).u16(time.time).u16(time.date);
    central.u32(crc).u32(big(stored.byteLength)).u32(big(data.byteLength));
    // name, extra and comment lengths, disk number start, internal and external attributes, local header offset
    central.u16(name.byteLength).u16(ce.byteLength).u16(comment.byteLength).u16(0).u16(e.internalAttributes ?? 0).u32(external).u32(big(offset));
    central.push(name).push(ce).push(comment);
  }
  const cd = central.bytes();
  const cdOffset = out.length - (options.prefix?.byteLength ?? 0);
  out.push(cd);
  const comment = bytesOf(options.comment ?? '');
  if (options.zip64End) {
    const eocd64Offset = out.length - (options.prefix?.byteLength ?? 0);
    out.u32(0x06064b50).u64(44).u16(0x032d).u16(45).u32(0).u32(0);
    out.u64(entries.length).u64(entries.length).u64(cd.byteLength).u64(cdOffset);
    out.u32(0x07064b50).u32(0).u64(eocd64Offset).u32(1);
  }
  const z = options.zip64End;
  out.u32(0x06054b50).u16(0).u16(0).u16(z ? 0xffff : entries.length).u16(z ? 0xffff : entries.length);
  out.u32(z ? 0xffffffff : cd.byteLength).u32(z ? 0xffffffff : cdOffset).u16(comment.byteLength).push(comment);
  return out.bytes();
}
