/**
 * A zip member's raw fields, made from the bytes of its headers (see raw-record.ts): the central
 * header with its name, extra field and comment; the local header with its name and extra field;
 * the data descriptor. The reader (zip.ts) keeps those bytes and the numbers they do not hold, and
 * this is the only place the fields are made, in the reader's thread or in another.
 */
import { crc32 } from './crc32.js';
import { decodeName, hex8, rawBig, toHex, type RawFields } from './entry.js';
import type { RawRecord } from './raw-record.js';
import { decodeCp437 } from './zip-cp437.js';
import { decodeUnicodePath, decodeZip64Extra, extraBlockRaw, splitExtra, type ExtraBlock, type ExtraList, type Zip64Needs } from './zip-extra.js';
import { zipMode } from './zip-mode.js';
import {
  CENTRAL_LENGTH,
  LOCAL_LENGTH,
  decodeCentralHeader,
  decodeDataDescriptor,
  decodeLocalHeader,
  dosDateTimeText,
  hostName,
  methodName,
  type CentralHeader,
  type LocalHeader,
} from './zip-records.js';

/** The Info-ZIP Unicode Path extra field's id. */
export const UNICODE_PATH_ID = 0x7075;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Decode a stored name: UTF-8 when it is valid UTF-8 (flagged or not), else CP437 with its bytes. */
export function decodeStoredName(bytes: Uint8Array): { text: string; bytes?: Uint8Array } {
  return decodeName(bytes, decodeCp437);
}

/** The Unicode Path extra (0x7075) replaces the name when its CRC matches the header name (libarchive's rule). */
export function unicodePath(blocks: readonly ExtraBlock[], nameBytes: Uint8Array): string | null {
  const block = blocks.find((b) => b.id === UNICODE_PATH_ID);
  if (!block) return null;
  const u = decodeUnicodePath(block.data);
  if (u === null || u.nameCrc32 !== crc32(nameBytes) >>> 0) return null;
  try {
    return utf8.decode(u.name);
  } catch {
    return null;
  }
}

/** Which 32-bit header values were 0xffffffff (or 0xffff for the disk) and so live in the zip64 extra. */
export function zip64Needs(h: { uncompressedSize: number; compressedSize: number; localHeaderOffset?: number; diskNumberStart?: number }): Zip64Needs {
  return {
    uncompressedSize: h.uncompressedSize === 0xffffffff,
    compressedSize: h.compressedSize === 0xffffffff,
    localHeaderOffset: h.localHeaderOffset === 0xffffffff,
    diskNumberStart: h.diskNumberStart === 0xffff,
  };
}

/** A central header's zip64 extra, applied: the real sizes and offset, and the values as stored. */
export function centralZip64(h: CentralHeader, extra: ExtraList): { compressedSize: number; uncompressedSize: number; localHeaderOffset: number; raw: RawFields | null } {
  const out = { compressedSize: h.compressedSize, uncompressedSize: h.uncompressedSize, localHeaderOffset: h.localHeaderOffset, raw: null as RawFields | null };
  const z64 = extra.blocks.find((b) => b.id === 0x0001);
  if (z64 === undefined) return out;
  const v = decodeZip64Extra(z64.data, zip64Needs(h));
  const raw: RawFields = {};
  if (v.uncompressedSize !== undefined) { out.uncompressedSize = Number(v.uncompressedSize); raw.uncompressedSize = rawBig(v.uncompressedSize); }
  if (v.compressedSize !== undefined) { out.compressedSize = Number(v.compressedSize); raw.compressedSize = rawBig(v.compressedSize); }
  if (v.localHeaderOffset !== undefined) { out.localHeaderOffset = Number(v.localHeaderOffset); raw.localHeaderOffset = rawBig(v.localHeaderOffset); }
  if (v.diskNumberStart !== undefined) raw.diskNumberStart = v.diskNumberStart;
  out.raw = raw;
  return out;
}

/** A central header's bytes: the fixed part and its name, extra field and comment (views into `record`). */
export function splitCentralRecord(record: Uint8Array): { h: CentralHeader; name: Uint8Array; extra: Uint8Array; comment: Uint8Array } {
  const h = decodeCentralHeader(record)!;
  const name = CENTRAL_LENGTH + h.nameLength;
  const extra = name + h.extraLength;
  return { h, name: record.subarray(CENTRAL_LENGTH, name), extra: record.subarray(name, extra), comment: record.subarray(extra, extra + h.commentLength) };
}

/**
 * A local header's bytes as read (the name and extra field may be cut short by the file's end);
 * `h`, their fixed part decoded, when the caller has it already.
 */
export function splitLocalRecord(record: Uint8Array, h: LocalHeader = decodeLocalHeader(record)!): { h: LocalHeader; name: Uint8Array; extra: ExtraList } {
  const rest = record.subarray(LOCAL_LENGTH);
  return { h, name: rest.subarray(0, h.nameLength), extra: splitExtra(rest.subarray(h.nameLength)) };
}

/**
 * The member's path, as libarchive makes it: the stored name; the Unicode Path extra when its CRC
 * matches (each header's vouches for that header's name: the central one first, then the local
 * one); backslashes of DOS writers turned into slashes when there is no slash at all.
 */
export function zipMemberPath(
  listed: { name: Uint8Array; extra: readonly ExtraBlock[] },
  local: { h: LocalHeader; name: Uint8Array; extra: ExtraList } | null,
  central: CentralHeader | null,
): { path: string; pathBytes: Uint8Array | undefined; nameIsUtf8: boolean; unicode: string | null; backslashes: boolean } {
  const name = decodeStoredName(listed.name);
  let path = name.text;
  let pathBytes = name.bytes;
  const unicode = unicodePath(listed.extra, listed.name) ?? (local ? unicodePath(local.extra.blocks, local.name) : null);
  if (unicode !== null) {
    path = unicode;
    pathBytes = undefined;
  }
  // libarchive looks at the host byte of the local header's "version needed" here (its `system`).
  const localHost = local ? local.h.versionNeeded >> 8 : (central?.versionMadeBy ?? 0) >> 8;
  const backslashes = localHost === 0 && !path.includes('/') && path.includes('\\');
  if (backslashes) path = path.replaceAll('\\', '/');
  return { path, pathBytes, nameIsUtf8: name.bytes === undefined, unicode, backslashes };
}

/**
 * What a zip member's raw fields are made from (parts and numbers of a 'zip-member' record). The
 * listed name and extra field are the central header's; a member found by scanning local headers
 * has none, and is listed by what the scan read.
 */
export interface ZipRawParts {
  index: number;
  /** The central header's offset (the local header's, for a member found by scanning). */
  offset: number;
  /** Where the local header is (its recorded offset corrected for a prefix). */
  at: number;
  central: Uint8Array | null;
  local: Uint8Array | null;
  descriptor: Uint8Array | null;
  /** A scanned member's name and extra field (null with a central header). */
  scannedName: Uint8Array | null;
  scannedExtra: Uint8Array | null;
  /** What the data descriptor is checked against: the CRC-32 and sizes the member is read by. */
  descriptorZip64: boolean;
  crc32: number;
  compressedSize: number;
  uncompressedSize: number;
  /** A symlink's target length, once read; -1 otherwise. */
  linkTargetLength: number;
}

export function zipRawRecord(p: ZipRawParts): RawRecord {
  return {
    kind: 'zip-member',
    parts: [p.central, p.local, p.descriptor, p.scannedName, p.scannedExtra],
    numbers: [p.index, p.offset, p.at, p.descriptorZip64 ? 1 : 0, p.crc32, p.compressedSize, p.uncompressedSize, p.linkTargetLength],
  };
}

/** A 'zip-member' record's raw fields (see zipRawRecord for the order of parts and numbers). */
export function zipMemberRaw(parts: ReadonlyArray<Uint8Array | null>, numbers: readonly number[]): RawFields {
  const [centralBytes, localBytes, descriptorBytes, scannedName, scannedExtra] = parts as Array<Uint8Array | null>;
  const [index, offset, at, descriptorZip64, declaredCrc, compressedSize, uncompressedSize, linkTargetLength] = numbers as number[];
  const central = centralBytes ? splitCentralRecord(centralBytes) : null;
  const c = central?.h ?? null;
  const centralExtra = central ? splitExtra(central.extra) : null;
  const local = localBytes ? splitLocalRecord(localBytes) : null;
  const lh = local?.h ?? null;

  const flags = c?.flags ?? lh?.flags ?? 0;
  const method = c?.method ?? lh?.method ?? 0;
  const crc = c?.crc32 ?? lh?.crc32 ?? 0;
  const dosDate = c?.dosDate ?? lh?.dosDate ?? 0;
  const dosTime = c?.dosTime ?? lh?.dosTime ?? 0;

  // The keys in the order the fields were always written (reports print them in this order).
  const raw: RawFields = { index: index!, source: c ? 'central-directory' : 'local-header-scan' };
  if (c) {
    raw.offset = offset!;
    raw.versionMadeBy = c.versionMadeBy;
    raw.host = hostName(c.versionMadeBy >> 8);
  }
  // Known from either header (the local copy for a scanned member).
  if (c !== null || lh !== null) raw.versionNeeded = c?.versionNeeded ?? lh!.versionNeeded;
  raw.flags = flags;
  raw.method = method;
  raw.methodName = methodName(method);
  raw.dosDate = dosDate;
  raw.dosTime = dosTime;
  raw.dosDateTime = dosDateTimeText(dosDate, dosTime);
  raw.crc32 = hex8(crc);
  raw.compressedSize = c?.compressedSize ?? lh?.compressedSize ?? 0;
  raw.uncompressedSize = c?.uncompressedSize ?? lh?.uncompressedSize ?? 0;
  let zip64: RawFields | null = null;
  if (c && central && centralExtra) {
    raw.diskNumberStart = c.diskNumberStart;
    raw.internalAttributes = c.internalAttributes;
    raw.externalAttributes = c.externalAttributes;
    raw.externalAttributesHex = hex8(c.externalAttributes);
    raw.localHeaderOffset = c.localHeaderOffset;
    const needs = zip64Needs(c);
    raw.extra = centralExtra.blocks.map((b) => extraBlockRaw(b, needs));
    if (centralExtra.trailing) raw.extraTrailing = toHex(centralExtra.trailing);
    const comment = decodeStoredName(central.comment);
    raw.comment = comment.text;
    if (comment.bytes) raw.commentHex = toHex(central.comment);
    zip64 = centralZip64(c, centralExtra).raw;
  }
  if (zip64) raw.zip64 = zip64;
  const listedName = central?.name ?? scannedName ?? new Uint8Array(0);
  const listedExtra = centralExtra?.blocks ?? (scannedExtra ? splitExtra(scannedExtra).blocks : []);
  const named = zipMemberPath({ name: listedName, extra: listedExtra }, local, c);
  if (!named.nameIsUtf8) raw.nameHex = toHex(listedName);
  if (local) raw.local = localRaw(at!, local.h, local.name, local.extra, zip64Needs(local.h));
  if (named.unicode !== null) raw.unicodePath = named.unicode;
  if (named.backslashes) raw.backslashesNormalized = true;
  raw.stMode = zipMode(c ? c.versionMadeBy >> 8 : null, c?.externalAttributes ?? 0, named.path.endsWith('/')).stMode;

  if (!local) return raw;
  const dataStart = at! + LOCAL_LENGTH + local.h.nameLength + local.h.extraLength;
  raw.dataOffset = dataStart;
  if (descriptorBytes) {
    const d = decodeDataDescriptor(descriptorBytes, { crc32: declaredCrc!, compressedSize: compressedSize!, uncompressedSize: uncompressedSize! }, descriptorZip64 === 1);
    if (d !== null) {
      raw.dataDescriptor = {
        offset: dataStart + compressedSize!,
        signature: d.signature,
        zip64: d.zip64,
        crc32: hex8(d.crc32),
        compressedSize: rawBig(d.compressedSize),
        uncompressedSize: rawBig(d.uncompressedSize),
      };
    }
  }
  if (linkTargetLength! >= 0) raw.linkTargetLength = linkTargetLength!;
  return raw;
}

function localRaw(at: number, h: LocalHeader, nameBytes: Uint8Array, extra: ExtraList, needs: Zip64Needs): RawFields {
  const raw: RawFields = {
    offset: at,
    versionNeeded: h.versionNeeded,
    flags: h.flags,
    method: h.method,
    dosDate: h.dosDate,
    dosTime: h.dosTime,
    dosDateTime: dosDateTimeText(h.dosDate, h.dosTime),
    crc32: hex8(h.crc32),
    compressedSize: h.compressedSize,
    uncompressedSize: h.uncompressedSize,
    nameLength: h.nameLength,
    extraLength: h.extraLength,
    extra: extra.blocks.map((b) => extraBlockRaw(b, needs)),
  };
  if (decodeName(nameBytes).bytes) raw.nameHex = toHex(nameBytes);
  if (extra.trailing) raw.extraTrailing = toHex(extra.trailing);
  return raw;
}
