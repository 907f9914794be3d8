/**
 * Mutations of archive bytes, as data: a fuzz case is a base input (a generated fixture or a
 * libarchive corpus file, by name) and a list of these, so a finding is reproduced by code from its
 * description, never stored as a blob. Positions are taken modulo the current length, so any
 * number is valid for any input; header fields are found by the format's layout (fieldsOf).
 */

export type FieldValue = 'zero' | 'huge' | 'plus1' | 'minus1';

export type Mutation =
  /** Flip one bit. */
  | { kind: 'flip'; at: number; bit: number }
  /** Keep only the first `at` bytes (modulo length + 1). */
  | { kind: 'truncate'; at: number }
  /** Set the `index`-th header field found by fieldsOf (modulo their count) to 0, huge, or ±1. */
  | { kind: 'field'; index: number; value: FieldValue }
  /** Keep [0, at) of this input and append `other` from `from` on. */
  | { kind: 'splice'; at: number; other: string; from: number }
  /** Copy `length` bytes at `start` (a header, when `start` is a field's header) and insert them at `to`. */
  | { kind: 'duplicate'; start: number; length: number; to: number };

/** A header field where the layout is known: offset, width and encoding. */
export interface FieldSpot {
  at: number;
  width: number;
  encoding: 'le' | 'be' | 'octal' | 'hex';
  /** Where the header holding it starts, and its length (for duplicate-header mutations). */
  header: number;
  headerLength: number;
  name: string;
}

const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

function indexesOf(bytes: Uint8Array, magic: number[], limit = 4096): number[] {
  const out: number[] = [];
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = buf.indexOf(Buffer.from(magic));
  while (at >= 0 && out.length < limit) {
    out.push(at);
    at = buf.indexOf(Buffer.from(magic), at + 1);
  }
  return out;
}

function tarChecksumOk(block: Uint8Array): boolean {
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : block[i]!;
  const stored = parseInt(Buffer.from(block.subarray(148, 156)).toString('latin1').replace(/[^0-7]/g, ''), 8);
  return sum === stored && sum !== 8 * 32;
}

/**
 * Every header field of the known layouts found in `bytes` (plain, not inside compression):
 * tar headers, zip local/central/end records, xar header, cpio newc headers, gzip trailer.
 */
export function fieldsOf(bytes: Uint8Array): FieldSpot[] {
  const out: FieldSpot[] = [];
  const add = (header: number, headerLength: number, fields: Array<[string, number, number, FieldSpot['encoding']]>) => {
    for (const [name, off, width, encoding] of fields) {
      if (header + off + width <= bytes.byteLength) out.push({ at: header + off, width, encoding, header, headerLength, name });
    }
  };
  // tar (POSIX ustar layout): size, mtime, checksum, mode, uid
  for (let at = 0; at + 512 <= bytes.byteLength && out.length < 2048; at += 512) {
    if (tarChecksumOk(bytes.subarray(at, at + 512))) add(at, 512, [['tar.size', 124, 11, 'octal'], ['tar.mtime', 136, 11, 'octal'], ['tar.chksum', 148, 6, 'octal'], ['tar.mode', 100, 7, 'octal']]);
  }
  // zip (APPNOTE 4.3.7, 4.3.12, 4.3.16)
  for (const at of indexesOf(bytes, [0x50, 0x4b, 0x03, 0x04])) add(at, 30, [['zip.local.csize', 18, 4, 'le'], ['zip.local.usize', 22, 4, 'le'], ['zip.local.nameLength', 26, 2, 'le'], ['zip.local.extraLength', 28, 2, 'le']]);
  for (const at of indexesOf(bytes, [0x50, 0x4b, 0x01, 0x02])) add(at, 46, [['zip.central.csize', 20, 4, 'le'], ['zip.central.usize', 24, 4, 'le'], ['zip.central.nameLength', 28, 2, 'le'], ['zip.central.extraLength', 30, 2, 'le'], ['zip.central.commentLength', 32, 2, 'le'], ['zip.central.localOffset', 42, 4, 'le']]);
  for (const at of indexesOf(bytes, [0x50, 0x4b, 0x05, 0x06])) add(at, 22, [['zip.eocd.entries', 10, 2, 'le'], ['zip.eocd.cdSize', 12, 4, 'le'], ['zip.eocd.cdOffset', 16, 4, 'le'], ['zip.eocd.commentLength', 20, 2, 'le']]);
  for (const at of indexesOf(bytes, [0x50, 0x4b, 0x06, 0x06])) add(at, 56, [['zip.eocd64.entries', 32, 8, 'le'], ['zip.eocd64.cdSize', 40, 8, 'le'], ['zip.eocd64.cdOffset', 48, 8, 'le']]);
  // xar header (big-endian): header size, TOC compressed and uncompressed lengths
  if (bytes.byteLength >= 28 && bytes[0] === 0x78 && bytes[1] === 0x61 && bytes[2] === 0x72 && bytes[3] === 0x21) {
    add(0, 28, [['xar.headerSize', 4, 2, 'be'], ['xar.tocCompressed', 8, 8, 'be'], ['xar.tocUncompressed', 16, 8, 'be']]);
  }
  // cpio newc/crc: 8 hex digits each; filesize at 54, namesize at 94
  for (const at of [...indexesOf(bytes, ascii('070701'), 1024), ...indexesOf(bytes, ascii('070702'), 1024)]) add(at, 110, [['cpio.filesize', 54, 8, 'hex'], ['cpio.namesize', 94, 8, 'hex']]);
  // gzip: ISIZE and CRC in the last member's trailer
  if (bytes.byteLength >= 18 && bytes[0] === 0x1f && bytes[1] === 0x8b) add(bytes.byteLength - 8, 8, [['gzip.crc32', 0, 4, 'le'], ['gzip.isize', 4, 4, 'le']]);
  return out;
}

function readField(bytes: Uint8Array, f: FieldSpot): bigint {
  const slice = bytes.subarray(f.at, f.at + f.width);
  if (f.encoding === 'octal' || f.encoding === 'hex') {
    const digits = Buffer.from(slice).toString('latin1').replace(f.encoding === 'octal' ? /[^0-7]/g : /[^0-9a-fA-F]/g, '');
    return digits === '' ? 0n : BigInt(f.encoding === 'octal' ? `0o${digits}` : `0x${digits}`);
  }
  let v = 0n;
  for (let i = 0; i < f.width; i++) v = (v << 8n) | BigInt(slice[f.encoding === 'be' ? i : f.width - 1 - i]!);
  return v;
}

function writeField(bytes: Uint8Array, f: FieldSpot, value: bigint): void {
  if (f.encoding === 'octal' || f.encoding === 'hex') {
    const radix = f.encoding === 'octal' ? 8 : 16;
    const max = BigInt(radix) ** BigInt(f.width) - 1n;
    const v = value < 0n ? 0n : value > max ? max : value;
    bytes.set(ascii(v.toString(radix).padStart(f.width, '0')), f.at);
    return;
  }
  const max = (1n << BigInt(8 * f.width)) - 1n;
  let v = value & max;
  for (let i = 0; i < f.width; i++) {
    bytes[f.at + (f.encoding === 'be' ? f.width - 1 - i : i)] = Number(v & 0xffn);
    v >>= 8n;
  }
}

/** The value a `field` mutation writes: 0, the largest the field holds (7FFF...F0 for 8 bytes), or ±1. */
function newValue(old: bigint, f: FieldSpot, value: FieldValue): bigint {
  switch (value) {
    case 'zero': return 0n;
    case 'plus1': return old + 1n;
    case 'minus1': return old - 1n;
    case 'huge':
      if (f.encoding === 'octal') return 8n ** BigInt(f.width) - 1n;
      if (f.encoding === 'hex') return 16n ** BigInt(f.width) - 1n;
      // 0x7FFFFFFFFFFFFFF0 for 64-bit fields: past 2^53, positive as a signed value too
      return f.width === 8 ? 0x7ffffffffffffff0n : (1n << BigInt(8 * f.width)) - 1n;
  }
}

/** Apply mutations in order; `others` resolves the names used by splices. */
export function applyMutations(base: Uint8Array, mutations: readonly Mutation[], others: (name: string) => Uint8Array): Uint8Array {
  let bytes = Uint8Array.from(base);
  for (const m of mutations) {
    switch (m.kind) {
      case 'flip':
        if (bytes.byteLength > 0) bytes[m.at % bytes.byteLength]! ^= 1 << (m.bit & 7);
        break;
      case 'truncate':
        bytes = bytes.slice(0, m.at % (bytes.byteLength + 1));
        break;
      case 'field': {
        const fields = fieldsOf(bytes);
        if (fields.length === 0) break;
        const f = fields[m.index % fields.length]!;
        writeField(bytes, f, newValue(readField(bytes, f), f, m.value));
        break;
      }
      case 'splice': {
        const other = others(m.other);
        const at = m.at % (bytes.byteLength + 1);
        const from = m.from % (other.byteLength + 1);
        bytes = Buffer.concat([bytes.subarray(0, at), other.subarray(from)]);
        break;
      }
      case 'duplicate': {
        if (bytes.byteLength === 0) break;
        const fields = fieldsOf(bytes);
        // Prefer a real header when the layout is known; else any run of bytes.
        const f = fields.length > 0 ? fields[m.start % fields.length]! : null;
        const start = f !== null ? f.header : m.start % bytes.byteLength;
        const length = f !== null ? f.headerLength : 1 + (m.length % 512);
        const piece = bytes.slice(start, start + length);
        const to = f !== null && fields.length > 0 ? fields[m.to % fields.length]!.header : m.to % (bytes.byteLength + 1);
        bytes = Buffer.concat([bytes.subarray(0, to), piece, bytes.subarray(to)]);
        break;
      }
    }
  }
  return Uint8Array.from(bytes);
}

/** A short description for logs: `flip@123.4, field[2]=huge`. */
export function describeMutations(mutations: readonly Mutation[]): string {
  return mutations
    .map((m) => {
      switch (m.kind) {
        case 'flip': return `flip@${m.at}.${m.bit & 7}`;
        case 'truncate': return `truncate@${m.at}`;
        case 'field': return `field[${m.index}]=${m.value}`;
        case 'splice': return `splice@${m.at}+${m.other}@${m.from}`;
        case 'duplicate': return `duplicate[${m.start}]->[${m.to}]`;
      }
    })
    .join(', ');
}
