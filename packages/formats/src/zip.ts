/**
 * The zip reader. The central directory is the authority (found through the end of central
 * directory record in the last 64 KiB + 22 bytes, and the zip64 locator and record); each
 * member's local header is read too and compared with its central copy. Members come in
 * central-directory order. The directory's position is checked (the first local header must be
 * where its record says, after any stub prefix), so a wrong offset in the end record is reported
 * rather than taken for a stub. Where the central directory is damaged, local headers are scanned
 * from the start instead (a problem says so), and the central headers still intact are given back
 * to their members; a member left without one has only what its local header says. Eggs and wheels are recognized here, before the first
 * member is yielded, because that needs the central directory's names (see egg.ts).
 *
 * Content is read with positional reads through a read-ahead window (zip-window.ts) and inflated
 * in one call for small members, streamed for large ones (zip-content.ts).
 */
import { createHash } from 'node:crypto';
import zlib from 'node:zlib';
import { crc32 } from './crc32.js';
import { hex8, rawBig, toHex, type Member, type MemberContent, type Problem, type RandomAccessSource, type RawFields, type ReadContext } from './entry.js';
import { FormatError } from './errors.js';
import {
  checkRecordedHash,
  isRecordExempt,
  mayBePackageMetadata,
  parseCoreMetadata,
  parseRecord,
  pythonPackageLayer,
  recognizePythonPackage,
  type CoreMetadata,
  type RecordRow,
} from './egg.js';
import { DEFAULT_INFLATE_SYNC_MAX_BYTES, inOneCall, memberContent } from './zip-content.js';
import {
  applyExtraFacts,
  decodeZip64Extra,
  splitExtra,
  type ExtraFacts,
  type ExtraList,
} from './zip-extra.js';
import { zipMode } from './zip-mode.js';
import { centralZip64, decodeStoredName, splitLocalRecord, UNICODE_PATH_ID, unicodePath, zip64Needs, zipMemberPath, zipRawRecord, type ZipRawParts } from './zip-raw.js';
import { RecordedMember } from './raw-record.js';
import {
  CENTRAL_LENGTH,
  EOCD64_LENGTH,
  EOCD_LENGTH,
  FLAG_DATA_DESCRIPTOR,
  FLAG_ENCRYPTED,
  FLAG_STRONG_ENCRYPTION,
    LOCAL_LENGTH,
  LOCATOR_LENGTH,
  SIG_CENTRAL,
  SIG_DESCRIPTOR,
  SIG_EOCD,
  SIG_EOCD64,
  SIG_LOCAL,
  SIG_LOCATOR,
  decodeCentralHeader,
  decodeDataDescriptor,
  decodeEocd,
  decodeEocd64,
  decodeLocalHeader,
  decodeZip64Locator,
  dosDateTimeText,
  dosDateTimeToUnix,
  methodName,
  readU32,
  type CentralHeader,
  type Eocd,
  type Eocd64,
  type LocalHeader,
} from './zip-records.js';
import { DEFAULT_WINDOW_BYTES, ReadWindow } from './zip-window.js';

export interface ZipReadOptions {
  /** Read-ahead window for headers and small members (default 128 KiB). */
  windowBytes?: number;
  /** Deflate members up to this many compressed bytes are inflated in one call (default 1 MiB). */
  inflateSyncMaxBytes?: number;
  /** Most bytes read from a wheel's RECORD or an egg's PKG-INFO before the members (default 16 MiB). */
  metadataMaxBytes?: number;
}

/** The largest symlink target we read (libarchive refuses link entries over 64 KiB compressed). */
const LINK_MAX_BYTES = 64 << 10;
/** How much of the file one step of the backward scan for central headers reads. */
const CHAIN_SCAN_BYTES = 4 << 20;
/** How far a damaged archive's local-header scan inflates to find the end of a member. */
const SCAN_INFLATE_MAX_BYTES = 64 << 20;

/** One member as the central directory (or, after damage, its local header) describes it. */
interface DirectoryEntry {
  index: number;
  /** Offset of the central header, or of the local header for scanned entries. */
  offset: number;
  central: CentralHeader | null;
  /** The central header's bytes: its fixed part, name, extra field and comment (null: found by scanning). */
  centralBytes: Uint8Array | null;
  nameBytes: Uint8Array;
  /** The listed extra field: its bytes, and its blocks (views into them). */
  extraBytes: Uint8Array;
  extra: ExtraList;
  comment: Uint8Array;
  compressedSize: number;
  uncompressedSize: number;
  /** Where the local header is (central offset plus the prefix correction). */
  localHeaderOffset: number;
  problems: Problem[];
}

interface ArchiveEnd {
  eocdOffset: number;
  eocd: Eocd;
  comment: Uint8Array;
  eocd64: Eocd64 | null;
  eocd64Offset: number | null;
  /** Whether the EOCD values hold together (disk numbers, the directory before the EOCD). */
  plausible: boolean;
}



/** Find the last EOCD signature in the tail, and the zip64 records it points to. */
async function findEnd(window: ReadWindow): Promise<ArchiveEnd | null> {
  const size = window.size;
  const tailLength = Math.min(size, 0xffff + EOCD_LENGTH);
  const tailStart = size - tailLength;
  const tail = await window.read(tailStart, tailLength);
  let fallback: ArchiveEnd | null = null;
  for (let i = tail.byteLength - EOCD_LENGTH; i >= 0; i--) {
    if (tail[i] !== 0x50 || tail[i + 1] !== 0x4b || tail[i + 2] !== 0x05 || tail[i + 3] !== 0x06) continue;
    const eocd = decodeEocd(tail.subarray(i));
    if (eocd === null) continue;
    const eocdOffset = tailStart + i;
    const comment = tail.subarray(i + EOCD_LENGTH, Math.min(tail.byteLength, i + EOCD_LENGTH + eocd.commentLength));
    let eocd64: Eocd64 | null = null;
    let eocd64Offset: number | null = null;
    if (eocdOffset >= LOCATOR_LENGTH) {
      const locator = decodeZip64Locator(await window.read(eocdOffset - LOCATOR_LENGTH, LOCATOR_LENGTH));
      if (locator !== null) {
        // The locator's offset is wrong when bytes were prepended; the record usually sits right before it.
        for (const at of [Number(locator.eocd64Offset), eocdOffset - LOCATOR_LENGTH - EOCD64_LENGTH]) {
          if (!Number.isSafeInteger(at) || at < 0 || at + EOCD64_LENGTH > eocdOffset) continue;
          eocd64 = decodeEocd64(await window.read(at, EOCD64_LENGTH));
          if (eocd64 !== null) {
            eocd64Offset = at;
            break;
          }
        }
      }
    }
    const cdEnd = eocd64 ? Number(eocd64.centralDirectoryOffset + eocd64.centralDirectorySize) : eocd.centralDirectoryOffset + eocd.centralDirectorySize;
    const plausible =
      eocd64 !== null
        ? eocd64.diskNumber === 0 && eocd64.centralDirectoryDisk === 0 && cdEnd <= (eocd64Offset ?? eocdOffset)
        : eocd.diskNumber === 0 && eocd.centralDirectoryDisk === 0 && eocd.entriesOnDisk === eocd.entriesTotal && cdEnd <= eocdOffset;
    const end = { eocdOffset, eocd, comment, eocd64, eocd64Offset, plausible };
    if (plausible) return end;
    fallback ??= end;
  }
  return fallback;
}

/** The end record's fields; `prefix` is the checked prefix length, or null when nothing confirms one. */
function endRaw(end: ArchiveEnd, prefix: number | null): RawFields {
  const c = decodeStoredName(end.comment);
  const raw: RawFields = {
    eocdOffset: end.eocdOffset,
    diskNumber: end.eocd.diskNumber,
    centralDirectoryDisk: end.eocd.centralDirectoryDisk,
    entriesOnDisk: end.eocd.entriesOnDisk,
    entriesTotal: end.eocd.entriesTotal,
    centralDirectorySize: end.eocd.centralDirectorySize,
    centralDirectoryOffset: end.eocd.centralDirectoryOffset,
    commentLength: end.eocd.commentLength,
    comment: c.text,
  };
  if (prefix !== null) raw.prefixBytes = prefix;
  if (c.bytes) raw.commentHex = toHex(end.comment);
  if (end.eocd64) {
    raw.zip64 = {
      offset: end.eocd64Offset,
      recordSize: rawBig(end.eocd64.recordSize),
      versionMadeBy: end.eocd64.versionMadeBy,
      versionNeeded: end.eocd64.versionNeeded,
      diskNumber: end.eocd64.diskNumber,
      centralDirectoryDisk: end.eocd64.centralDirectoryDisk,
      entriesOnDisk: rawBig(end.eocd64.entriesOnDisk),
      entriesTotal: rawBig(end.eocd64.entriesTotal),
      centralDirectorySize: rawBig(end.eocd64.centralDirectorySize),
      centralDirectoryOffset: rawBig(end.eocd64.centralDirectoryOffset),
    };
  }
  return raw;
}

/** Signature at a position (0 when out of range). */
async function signatureAt(window: ReadWindow, at: number): Promise<number> {
  if (at < 0 || at + 4 > window.size) return 0;
  let bytes = window.bytesAt(at, 4);
  if (bytes instanceof Promise) bytes = await bytes;
  return readU32(bytes, 0);
}

/** Where the central directory is, and how far every stored offset is off (a prefix). */
interface Located {
  start: number;
  /** The offset the end record declares. */
  declared: number;
  /** Bytes before the archive proper: add to every stored offset. */
  prefix: number;
  /** Whether the first record's local header was found at its offset plus the prefix. */
  checked: boolean;
}

/** The name bytes of the local header at `at`, or null when there is no PK\3\4 there. */
async function localNameAt(window: ReadWindow, at: number): Promise<Uint8Array | null> {
  if (at < 0 || at + LOCAL_LENGTH > window.size) return null;
  const h = decodeLocalHeader(await window.read(at, LOCAL_LENGTH));
  if (h === null) return null;
  return window.read(at + LOCAL_LENGTH, h.nameLength);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  for (let i = 0; i < a.byteLength; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The prefix that puts the record's local header where it says: the one the directory's position
 * suggests (a self-extractor stub), then none (the end record's offset is wrong). A candidate
 * counts only when a local header with the record's very name is there.
 */
async function checkPrefix(window: ReadWindow, record: DirectoryEntry, candidates: number[]): Promise<number | null> {
  for (const prefix of new Set(candidates)) {
    const name = await localNameAt(window, record.localHeaderOffset + prefix);
    if (name !== null && sameBytes(name, record.nameBytes)) return prefix;
  }
  return null;
}

/**
 * The start of the chain of central headers that ends exactly at `stop`, found by scanning
 * backwards for PK\1\2 (as libarchive and Info-ZIP do when the end record's offset is not to be
 * trusted): a header counts when the next record starts right after it. Stops once `expected`
 * headers chain up; otherwise the earliest chain start wins.
 */
async function chainStart(window: ReadWindow, stop: number, expected: number): Promise<number | null> {
  const chained = new Map<number, number>([[stop, 0]]);
  let best: number | null = null;
  let to = stop;
  while (to > 0) {
    // Big steps: the read window caches forwards, and this walks backwards.
    const from = Math.max(0, to - CHAIN_SCAN_BYTES);
    const chunk = await window.read(from, Math.min(to - from + CENTRAL_LENGTH, window.size - from));
    for (let i = to - from - 1; i >= 0; i--) {
      if (chunk[i] !== 0x50 || chunk[i + 1] !== 0x4b || chunk[i + 2] !== 0x01 || chunk[i + 3] !== 0x02) continue;
      const h = decodeCentralHeader(chunk.subarray(i, i + CENTRAL_LENGTH));
      if (h === null) continue;
      const count = chained.get(from + i + CENTRAL_LENGTH + h.nameLength + h.extraLength + h.commentLength);
      if (count === undefined) continue;
      chained.set(from + i, count + 1);
      best = from + i;
      if (count + 1 >= expected) return best;
    }
    to = from;
  }
  return best;
}

/**
 * Where the central directory really starts, and whether stored offsets need a correction.
 * Bytes prepended to a zip (a self-extractor stub) make every stored offset too small; like
 * libarchive, look at EOCD offset minus directory size first, then the stored offset. A position
 * counts when a central header is there and the first one's local header is found at its offset
 * plus the prefix: a wrong offset in the end record is not taken for a stub. Failing both, the
 * directory is found by scanning back from the end record for a chain of central headers.
 */
async function locateCentralDirectory(window: ReadWindow, end: ArchiveEnd): Promise<Located | null> {
  const declared = end.eocd64 ? Number(end.eocd64.centralDirectoryOffset) : end.eocd.centralDirectoryOffset;
  const size = end.eocd64 ? Number(end.eocd64.centralDirectorySize) : end.eocd.centralDirectorySize;
  const expected = end.eocd64 ? Number(end.eocd64.entriesTotal) : end.eocd.entriesTotal;
  const stop = end.eocd64Offset ?? end.eocdOffset;
  let unchecked: Located | null = null;
  const tryStart = async (start: number): Promise<Located | null> => {
    const sig = await signatureAt(window, start);
    // An empty directory: the end records follow at once.
    if (sig === SIG_EOCD || sig === SIG_EOCD64) return { start, declared, prefix: start - declared, checked: true };
    if (sig !== SIG_CENTRAL) return null;
    const first = await decodeCentralAt(window, start, stop, 0);
    if (typeof first === 'string') return null;
    const prefix = await checkPrefix(window, first.entry, [start - declared, 0]);
    if (prefix !== null) return { start, declared, prefix, checked: true };
    unchecked ??= { start, declared, prefix: start - declared, checked: false };
    return null;
  };
  for (const start of new Set([stop - size, declared])) {
    if (start < 0 || start > stop) continue;
    const found = await tryStart(start);
    if (found !== null) return found;
  }
  const chained = await chainStart(window, stop, expected);
  if (chained !== null) {
    const found = await tryStart(chained);
    if (found !== null) return found;
  }
  return unchecked;
}

class DamagedDirectory extends Error {}

/**
 * The central header at `at` as a directory entry (index 0; the caller numbers it), and its
 * length; or what is wrong with it.
 */
async function decodeCentralAt(window: ReadWindow, at: number, stop: number, correction: number): Promise<{ entry: DirectoryEntry; length: number } | string> {
  const record = await centralRecordAt(window, at, stop);
  if (typeof record === 'string') return record;
  const { h, length } = record;
  // One copy of the whole record: the entry's name, extra field and comment are views into it, and
  // its bytes are what the member's raw fields are made from (zip-raw.ts).
  let bytes = window.bytesAt(at, length);
  if (bytes instanceof Promise) bytes = await bytes;
  const centralBytes = new Uint8Array(bytes);
  const nameBytes = centralBytes.subarray(CENTRAL_LENGTH, CENTRAL_LENGTH + h.nameLength);
  const extraBytes = centralBytes.subarray(CENTRAL_LENGTH + h.nameLength, CENTRAL_LENGTH + h.nameLength + h.extraLength);
  const comment = centralBytes.subarray(CENTRAL_LENGTH + h.nameLength + h.extraLength);
  const extra = splitExtra(extraBytes);
  const problems: Problem[] = [];
  if (extra.problem) problems.push({ code: 'ZIP_BAD_EXTRA_FIELD', message: `zip: central directory ${extra.problem}`, offset: at });
  const z64 = centralZip64(h, extra);
  const entry: DirectoryEntry = {
    index: 0,
    offset: at,
    central: h,
    centralBytes,
    nameBytes,
    extraBytes,
    extra,
    comment,
    compressedSize: z64.compressedSize,
    uncompressedSize: z64.uncompressedSize,
    localHeaderOffset: z64.localHeaderOffset + correction,
    problems,
  };
  return { entry, length };
}

/**
 * The central header at `at` and the bytes after it (name, extra, comment: a view into the
 * window, valid until its next read), or what is wrong with it: the checks decodeCentralAt makes
 * before decoding, and all it needs to fail on.
 */
async function centralRecordAt(window: ReadWindow, at: number, stop: number): Promise<{ h: CentralHeader; rest: Uint8Array; length: number } | string> {
  // Awaited only when the window does not hold them (ReadWindow.bytesAt).
  let fixed = window.bytesAt(at, CENTRAL_LENGTH);
  if (fixed instanceof Promise) fixed = await fixed;
  const h = decodeCentralHeader(fixed);
  if (h === null) return `expected a central directory header (PK\\1\\2) at offset ${at}, found ${hex8(fixed.byteLength >= 4 ? readU32(fixed, 0) : 0)}`;
  const varLength = h.nameLength + h.extraLength + h.commentLength;
  if (at + CENTRAL_LENGTH + varLength > stop) return `central directory header at offset ${at} runs past the end of the central directory`;
  let rest = window.bytesAt(at + CENTRAL_LENGTH, varLength);
  if (rest instanceof Promise) rest = await rest;
  return { h, rest, length: CENTRAL_LENGTH + varLength };
}

/**
 * The members in directory order, decoded when asked for: a central directory of 27,000 members
 * decoded at once holds ~34 MB of objects for the whole walk, and four times that at 110,000.
 */
interface Directory {
  readonly length: number;
  /**
   * The members that may be an egg's or a wheel's metadata (mayBePackageMetadata), by the path the
   * directory lists: their index (the first, for a name listed twice). Every member's path held
   * here was ~9 MB of a worker's heap at 110,000 members, for the few that name a package.
   */
  readonly metadata: Map<string, number>;
  /**
   * Where the first local header lies (the lowest offset the directory records, corrected for a
   * prefix): the bytes before it are a self-extractor stub or other prepended data. Null when not
   * known (an offset held in a zip64 extra field, or members found by scanning).
   */
  readonly firstLocalHeader: number | null;
  entry(index: number): Promise<DirectoryEntry>;
}

/** Entries already decoded (found by scanning local headers): handed out as they are. */
function decodedDirectory(entries: DirectoryEntry[]): Directory {
  const metadata = new Map<string, number>();
  entries.forEach((e, index) => noteMetadata(metadata, listedPath(e), index));
  return { length: entries.length, metadata, firstLocalHeader: null, entry: async (index) => entries[index]! };
}

function noteMetadata(metadata: Map<string, number>, path: string, index: number): void {
  if (mayBePackageMetadata(path) && !metadata.has(path)) metadata.set(path, index);
}

/** Whether a stored name has one '/', not at its end: what a package's metadata file's name has. */
function oneDirectoryDeep(name: Uint8Array): boolean {
  const slash = name.indexOf(0x2f);
  return slash >= 0 && slash < name.byteLength - 1 && name.indexOf(0x2f, slash + 1) < 0;
}

function listedPath(e: DirectoryEntry): string {
  return unicodePath(e.extra.blocks, e.nameBytes) ?? decodeStoredName(e.nameBytes).text;
}


/** Whether an extra area holds a block with this id (walking the block headers only). */
function hasExtraBlock(extra: Uint8Array, id: number): boolean {
  for (let at = 0; at + 4 <= extra.byteLength; at += 4 + (extra[at + 2]! | (extra[at + 3]! << 8))) {
    if ((extra[at]! | (extra[at + 1]! << 8)) === id) return true;
  }
  return false;
}

/**
 * Check every central header from `start` to the EOCD and note where each is (throws
 * DamagedDirectory on a bad record); each is decoded again when its member is read. `window` is the
 * directory's own, so that reading members (from the front of the file) does not move it.
 */
async function indexCentralDirectory(window: ReadWindow, start: number, stop: number, correction: number): Promise<Directory> {
  const offsets = new OffsetList();
  const metadata = new Map<string, number>();
  let firstLocal = Infinity;
  let at = start;
  while (at < stop) {
    const sig = await signatureAt(window, at);
    if (sig === SIG_EOCD || sig === SIG_EOCD64 || sig === SIG_LOCATOR) break;
    // Checked and named only: the full decoding (extra fields, copies) waits for the member's turn.
    const record = await centralRecordAt(window, at, stop);
    if (typeof record === 'string') throw new DamagedDirectory(record);
    const nameBytes = record.rest.subarray(0, record.h.nameLength);
    const extra = record.rest.subarray(record.h.nameLength, record.h.nameLength + record.h.extraLength);
    // Names are decoded here only where they may name a package's metadata (or are replaced by a Unicode Path extra).
    const unicode = hasExtraBlock(extra, UNICODE_PATH_ID);
    if (unicode || oneDirectoryDeep(nameBytes)) noteMetadata(metadata, (unicode ? unicodePath(splitExtra(extra).blocks, nameBytes) : null) ?? decodeStoredName(nameBytes).text, offsets.length);
    offsets.push(at);
    // An offset kept in a zip64 extra reads 0xffffffff here: the least is a real one unless all are.
    firstLocal = Math.min(firstLocal, record.h.localHeaderOffset);
    at += record.length;
  }
  return {
    length: offsets.length,
    metadata,
    firstLocalHeader: firstLocal === Infinity || firstLocal === 0xffffffff ? null : firstLocal + correction,
    async entry(index) {
      const record = await decodeCentralAt(window, offsets.at(index), stop, correction);
      // Checked when indexed; the bytes have not changed since.
      if (typeof record === 'string') throw new DamagedDirectory(record);
      return { ...record.entry, index };
    },
  };
}

/**
 * Where each central header lies: 4 bytes a member while every offset fits (8 once one lies past
 * 4 GiB, in a zip64 archive), not a JavaScript array's 8 and its headroom. The directory of the
 * bench's ×12 zip indexes 330,816 members a side, for the whole walk.
 */
export class OffsetList {
  private values: Uint32Array | Float64Array = new Uint32Array(256);
  length = 0;

  push(offset: number): void {
    if (offset > 0xffffffff && this.values instanceof Uint32Array) this.values = Float64Array.from(this.values);
    if (this.length === this.values.length) {
      const size = this.length + (this.length >> 1);
      const grown = this.values instanceof Uint32Array ? new Uint32Array(size) : new Float64Array(size);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.length++] = offset;
  }

  at(index: number): number {
    if (!(index >= 0 && index < this.length)) throw new RangeError(`central directory entry ${index} is outside the ${this.length} indexed`);
    return this.values[index]!;
  }
}

/**
 * After a scan: the central headers still intact between `from` and `stop`, each given to the
 * scanned member whose local header it points at (same offset after the prefix, same name bytes),
 * so that those members keep their attributes. A header whose signature is broken gives nothing.
 * With no prefix known, the first header matched by name sets it. Returns the prefix used.
 */
async function recoverCentralRecords(window: ReadWindow, from: number, stop: number, scanned: DirectoryEntry[], prefix: number | null): Promise<number | null> {
  const byOffset = new Map(scanned.map((e) => [e.localHeaderOffset, e]));
  let at = Math.max(0, from);
  while (at + CENTRAL_LENGTH <= stop) {
    const chunk = await window.read(at, Math.min(1 << 16, stop - at));
    let next = -1;
    for (let i = 0; i + 4 <= chunk.byteLength; i++) {
      if (chunk[i] === 0x50 && chunk[i + 1] === 0x4b && chunk[i + 2] === 0x01 && chunk[i + 3] === 0x02) {
        next = at + i;
        break;
      }
    }
    if (next < 0) {
      at += Math.max(1, chunk.byteLength - 3);
      continue;
    }
    const record = await decodeCentralAt(window, next, stop, 0);
    at = next + 4;
    if (typeof record === 'string') continue;
    const r = record.entry;
    if (prefix === null) {
      const named = scanned.find((e) => e.central === null && sameBytes(e.nameBytes, r.nameBytes));
      if (named === undefined) continue;
      prefix = named.localHeaderOffset - r.localHeaderOffset;
    }
    const member = byOffset.get(r.localHeaderOffset + prefix);
    if (member === undefined || member.central !== null || !sameBytes(member.nameBytes, r.nameBytes)) continue;
    Object.assign(member, { ...r, index: member.index, localHeaderOffset: member.localHeaderOffset, problems: [...member.problems, ...r.problems] });
    at = next + record.length;
  }
  return prefix;
}

/** Index of the next "PK\3\4" at or after `from`, or -1. */
async function findLocalHeader(window: ReadWindow, from: number): Promise<number> {
  let at = from;
  while (at + 4 <= window.size) {
    const chunk = await window.read(at, Math.min(1 << 16, window.size - at));
    if (chunk.byteLength < 4) return -1;
    for (let i = 0; i + 4 <= chunk.byteLength; i++) {
      if (chunk[i] === 0x50 && chunk[i + 1] === 0x4b && chunk[i + 2] === 0x03 && chunk[i + 3] === 0x04) return at + i;
    }
    at += chunk.byteLength - 3;
  }
  return -1;
}

/**
 * Without a central directory: walk the local headers from the first one. Sizes come from the
 * header, or for members with a data descriptor from inflating (deflate) or from finding a
 * descriptor whose compressed size matches the distance (stored).
 */
async function scanLocalHeaders(window: ReadWindow): Promise<DirectoryEntry[]> {
  const entries: DirectoryEntry[] = [];
  let at = await findLocalHeader(window, 0);
  while (at >= 0 && at + LOCAL_LENGTH <= window.size) {
    const h = decodeLocalHeader(await window.read(at, LOCAL_LENGTH));
    if (h === null) break;
    const problems: Problem[] = [];
    const rest = await window.read(at + LOCAL_LENGTH, h.nameLength + h.extraLength);
    if (rest.byteLength < h.nameLength + h.extraLength) {
      problems.push({ code: 'ZIP_TRUNCATED', message: 'zip: local header name and extra field run past the end of the file', offset: at });
    }
    const nameBytes = new Uint8Array(rest.subarray(0, h.nameLength));
    const extraBytes = new Uint8Array(rest.subarray(h.nameLength));
    const extra = splitExtra(extraBytes);
    if (extra.problem) problems.push({ code: 'ZIP_BAD_EXTRA_FIELD', message: `zip: local header ${extra.problem}`, offset: at });
    let compressedSize = h.compressedSize;
    let uncompressedSize = h.uncompressedSize;
    const z64 = extra.blocks.find((b) => b.id === 0x0001);
    let zip64 = false;
    if (z64) {
      const v = decodeZip64Extra(z64.data, zip64Needs(h));
      if (v.uncompressedSize !== undefined) uncompressedSize = Number(v.uncompressedSize);
      if (v.compressedSize !== undefined) compressedSize = Number(v.compressedSize);
      zip64 = true;
    }
    const dataStart = at + LOCAL_LENGTH + h.nameLength + h.extraLength;
    let next: number;
    if ((h.flags & FLAG_DATA_DESCRIPTOR) !== 0 && compressedSize === 0) {
      const found = await findDataEnd(window, h, dataStart, zip64);
      if (found === null) {
        problems.push({ code: 'ZIP_TRUNCATED', message: 'zip: could not find the end of a member stored with a data descriptor', offset: at });
        entries.push(scannedEntry(entries.length, at, nameBytes, extraBytes, extra, window.size - dataStart, uncompressedSize, problems));
        break;
      }
      compressedSize = found.compressedSize;
      uncompressedSize = found.uncompressedSize;
      next = dataStart + compressedSize + found.descriptorLength;
    } else {
      next = dataStart + compressedSize;
    }
    entries.push(scannedEntry(entries.length, at, nameBytes, extraBytes, extra, compressedSize, uncompressedSize, problems));
    if (next > window.size) break;
    const sig = await signatureAt(window, next);
    if (sig === SIG_CENTRAL || sig === SIG_EOCD) break;
    at = sig === SIG_LOCAL ? next : await findLocalHeader(window, Math.max(next, at + 4));
  }
  return entries;
}

function scannedEntry(
  index: number,
  at: number,
  nameBytes: Uint8Array,
  extraBytes: Uint8Array,
  extra: ExtraList,
  compressedSize: number,
  uncompressedSize: number,
  problems: Problem[],
): DirectoryEntry {
  return { index, offset: at, central: null, centralBytes: null, nameBytes, extraBytes, extra, comment: new Uint8Array(0), compressedSize, uncompressedSize, localHeaderOffset: at, problems };
}

async function findDataEnd(
  window: ReadWindow,
  h: LocalHeader,
  dataStart: number,
  zip64: boolean,
): Promise<{ compressedSize: number; uncompressedSize: number; descriptorLength: number } | null> {
  const available = Math.min(window.size - dataStart, SCAN_INFLATE_MAX_BYTES);
  if (h.method === 8) {
    const input = await window.read(dataStart, available);
    try {
      const { buffer, engine } = zlib.inflateRawSync(input, { info: true, maxOutputLength: 1 << 30 }) as unknown as {
        buffer: Buffer;
        engine: { bytesWritten: number };
      };
      const compressedSize = engine.bytesWritten;
      const d = decodeDataDescriptor(await window.read(dataStart + compressedSize, 24), { crc32: crc32(buffer), compressedSize, uncompressedSize: buffer.byteLength }, zip64);
      return { compressedSize, uncompressedSize: buffer.byteLength, descriptorLength: d?.length ?? 0 };
    } catch {
      return null;
    }
  }
  // Stored (or unknown): the data ends where a descriptor (with or without its signature, 32- or
  // 64-bit sizes) declares the distance from the data start as its compressed size and the CRC
  // of the bytes before it as its CRC.
  const data = await window.read(dataStart, available);
  const v = new DataView(data.buffer, data.byteOffset, data.byteLength);
  for (let q = 0; q + 12 <= data.byteLength; q++) {
    for (const withSig of [true, false]) {
      const at = q + (withSig ? 4 : 0);
      if (withSig && v.getUint32(q, true) !== SIG_DESCRIPTOR) continue;
      for (const wide of [true, false]) {
        const length = (withSig ? 4 : 0) + (wide ? 20 : 12);
        if (q + length > data.byteLength) continue;
        const compressedSize = wide ? Number(v.getBigUint64(at + 4, true)) : v.getUint32(at + 4, true);
        if (compressedSize !== q) continue;
        const uncompressedSize = wide ? Number(v.getBigUint64(at + 12, true)) : v.getUint32(at + 8, true);
        if (h.method === 0 && uncompressedSize !== q) continue;
        if (v.getUint32(at, true) !== crc32(data.subarray(0, q)) >>> 0 && h.method === 0) continue;
        return { compressedSize, uncompressedSize, descriptorLength: length };
      }
    }
  }
  return null;
}

/** Build a member: read and compare its local header, decide type, mode, times, and plan its content. */
async function buildMember(
  source: RandomAccessSource,
  window: ReadWindow,
  entry: DirectoryEntry,
  options: Required<ZipReadOptions>,
): Promise<Member> {
  const problems: Problem[] = [...entry.problems];
  const c = entry.central;
  const at = entry.localHeaderOffset;
  // The raw fields are made from these bytes when they are read (zip-raw.ts), not here.
  const parts: ZipRawParts = {
    index: entry.index,
    offset: entry.offset,
    at,
    central: entry.centralBytes,
    local: null,
    descriptor: null,
    scannedName: c === null ? entry.nameBytes : null,
    scannedExtra: c === null ? entry.extraBytes : null,
    descriptorZip64: false,
    crc32: 0,
    compressedSize: entry.compressedSize,
    uncompressedSize: entry.uncompressedSize,
    linkTargetLength: -1,
  };
  let fixed = window.bytesAt(at, LOCAL_LENGTH);
  if (fixed instanceof Promise) fixed = await fixed;
  const lh = decodeLocalHeader(fixed);
  let local: ReturnType<typeof splitLocalRecord> | null = null;
  let dataStart = -1;
  if (lh === null) {
    problems.push({
      code: 'ZIP_LOCAL_HEADER_MISSING',
      message: `zip: expected a local file header (PK\\3\\4) at offset ${at}, found ${at + 4 <= source.size ? hex8(await signatureAt(window, at)) : 'the end of the file'}`,
      offset: at,
    });
  } else {
    const header = new Uint8Array(fixed);
    let rest = window.bytesAt(at + LOCAL_LENGTH, lh.nameLength + lh.extraLength);
    if (rest instanceof Promise) rest = await rest;
    if (rest.byteLength < lh.nameLength + lh.extraLength) {
      problems.push({ code: 'ZIP_TRUNCATED', message: 'zip: local header name and extra field run past the end of the file', offset: at });
    }
    const bytes = new Uint8Array(LOCAL_LENGTH + rest.byteLength);
    bytes.set(header);
    bytes.set(rest, LOCAL_LENGTH);
    parts.local = bytes;
    local = splitLocalRecord(bytes, lh);
    if (c !== null && local.extra.problem) problems.push({ code: 'ZIP_BAD_EXTRA_FIELD', message: `zip: local header ${local.extra.problem}`, offset: at });
    dataStart = at + LOCAL_LENGTH + lh.nameLength + lh.extraLength;
  }
  const localBytes = local?.name ?? new Uint8Array(0);
  const localExtra = local?.extra ?? { blocks: [], trailing: null, problem: null };

  // The header the member is described by: central when there is one, else the local one.
  const flags = c?.flags ?? lh?.flags ?? 0;
  const method = c?.method ?? lh?.method ?? 0;
  const crc32 = c?.crc32 ?? lh?.crc32 ?? 0;
  const dosDate = c?.dosDate ?? lh?.dosDate ?? 0;
  const dosTime = c?.dosTime ?? lh?.dosTime ?? 0;
  parts.crc32 = crc32;

  // Local against central: say which field differs (the raw fields keep both: raw and raw.local).
  let localCompressed = lh?.compressedSize ?? 0;
  let localUncompressed = lh?.uncompressedSize ?? 0;
  let localZip64 = false;
  if (lh) {
    const z64 = localExtra.blocks.find((b) => b.id === 0x0001);
    if (z64) {
      localZip64 = true;
      const v = decodeZip64Extra(z64.data, zip64Needs(lh));
      if (v.compressedSize !== undefined) localCompressed = Number(v.compressedSize);
      if (v.uncompressedSize !== undefined) localUncompressed = Number(v.uncompressedSize);
    }
  }
  if (c && lh) {
    const mismatch = (field: string, central: string | number, local: string | number) => {
      if (central === local) return;
      problems.push({
        code: 'ZIP_LOCAL_CENTRAL_MISMATCH',
        message: `zip: ${field} differs between the local header and the central directory; central ${central}, local ${local}`,
        offset: at,
      });
    };
    mismatch('versionNeeded', c.versionNeeded, lh.versionNeeded);
    mismatch('flags', c.flags, lh.flags);
    mismatch('method', c.method, lh.method);
    // Compared as stored; written as text only when they differ (every member passes here).
    if (c.dosDate !== lh.dosDate || c.dosTime !== lh.dosTime) mismatch('dosTime', dosDateTimeText(c.dosDate, c.dosTime), dosDateTimeText(lh.dosDate, lh.dosTime));
    // With a data descriptor the local header may hold zeros for CRC and sizes (APPNOTE 4.4.4 bit 3).
    const deferred = (lh.flags & FLAG_DATA_DESCRIPTOR) !== 0;
    if (c.crc32 !== lh.crc32 && !(deferred && lh.crc32 === 0)) mismatch('crc32', hex8(c.crc32), hex8(lh.crc32));
    if (!(deferred && lh.compressedSize === 0)) mismatch('compressedSize', entry.compressedSize, localCompressed);
    if (!(deferred && lh.uncompressedSize === 0)) mismatch('uncompressedSize', entry.uncompressedSize, localUncompressed);
    if (!sameBytes(localBytes, entry.nameBytes)) {
      mismatch('name', JSON.stringify(decodeStoredName(entry.nameBytes).text), JSON.stringify(decodeStoredName(localBytes).text));
    }
  }

  const { path, pathBytes } = zipMemberPath({ name: entry.nameBytes, extra: entry.extra.blocks }, local, c);
  const host = c ? c.versionMadeBy >> 8 : null;
  const { type, mode } = zipMode(host, c?.externalAttributes ?? 0, path.endsWith('/'));

  // Times and owners: central DOS time, central extras, then the local DOS time unless an extra
  // already set mtime, then the local extras (libarchive's order: the local copies win).
  let facts: ExtraFacts = {
    mtime: dosDateTimeToUnix(dosDate, dosTime),
    mtimeFromExtra: false,
    atime: null,
    ctime: null,
    uid: null,
    gid: null,
  };
  if (c) facts = applyExtraFacts(facts, entry.extra.blocks);
  if (lh && !facts.mtimeFromExtra) facts.mtime = dosDateTimeToUnix(lh.dosDate, lh.dosTime);
  if (lh) facts = applyExtraFacts(facts, localExtra.blocks);

  const member = new RecordedMember(
    {
      path,
      type,
      mode,
      uid: facts.uid,
      gid: facts.gid,
      uname: null,
      gname: null,
      mtime: facts.mtime,
      size: type === 'file' ? entry.uncompressedSize : 0,
      linkTarget: null,
      format: 'zip',
      offset: at,
      problems,
      content: null,
      pathBytes,
      atime: facts.atime ?? undefined,
      ctime: facts.ctime ?? undefined,
    },
    zipRawRecord(parts),
  );

  // Data: where it is, whether we can read it.
  if (dataStart < 0) return member;
  const end = Math.min(dataStart + entry.compressedSize, source.size);
  if ((flags & FLAG_DATA_DESCRIPTOR) !== 0 && dataStart + entry.compressedSize <= source.size) {
    parts.descriptor = new Uint8Array(await window.read(dataStart + entry.compressedSize, 24));
    parts.descriptorZip64 = localZip64 || entry.compressedSize >= 0xffffffff || entry.uncompressedSize >= 0xffffffff;
    member.rawRecord = zipRawRecord(parts);
    const d = decodeDataDescriptor(parts.descriptor, { crc32, compressedSize: entry.compressedSize, uncompressedSize: entry.uncompressedSize }, parts.descriptorZip64);
    if (d === null) {
      problems.push({ code: 'ZIP_TRUNCATED', message: 'zip: data descriptor runs past the end of the file', offset: dataStart + entry.compressedSize });
    } else {
      if (d.crc32 !== crc32 || d.compressedSize !== BigInt(entry.compressedSize) || d.uncompressedSize !== BigInt(entry.uncompressedSize)) {
        problems.push({
          code: 'ZIP_DATA_DESCRIPTOR_MISMATCH',
          message: `zip: data descriptor differs from the central directory; central crc ${hex8(crc32)} sizes ${entry.compressedSize}/${entry.uncompressedSize}, descriptor crc ${hex8(d.crc32)} sizes ${d.compressedSize}/${d.uncompressedSize}`,
          offset: dataStart + entry.compressedSize,
        });
      }
    }
  }
  if (type === 'dir') return member;

  if ((flags & (FLAG_ENCRYPTED | FLAG_STRONG_ENCRYPTION)) !== 0) {
    problems.push({ code: 'ZIP_ENCRYPTED', message: 'zip: member is encrypted; its content is not read or compared', offset: at });
    return member;
  }
  if (method !== 0 && method !== 8) {
    problems.push({ code: 'ZIP_UNSUPPORTED_METHOD', message: `zip: unsupported compression method ${method} (${methodName(method)}); content not read`, offset: at });
    return member;
  }

  const plan = {
    source,
    window,
    start: dataStart,
    end,
    declaredCompressedSize: entry.compressedSize,
    method: method as 0 | 8,
    declaredSize: entry.uncompressedSize,
    crc32,
    problems,
    offset: at,
    inflateSyncMaxBytes: options.inflateSyncMaxBytes,
  };

  if (type === 'symlink') {
    // The content of a symlink member is its target.
    if (entry.compressedSize > LINK_MAX_BYTES || entry.uncompressedSize > LINK_MAX_BYTES) {
      problems.push({ code: 'ZIP_LINK_TOO_LONG', message: `zip: symlink target is ${entry.uncompressedSize} bytes; at most ${LINK_MAX_BYTES} are read`, offset: at });
      return member;
    }
    const chunks: Uint8Array[] = [];
    for await (const chunk of memberContent(plan)) chunks.push(chunk);
    const target = Buffer.concat(chunks);
    member.linkTarget = decodeStoredName(target).text;
    parts.linkTargetLength = target.byteLength;
    member.rawRecord = zipRawRecord(parts);
    return member;
  }
  if (type !== 'file') return member;
  // Data small enough to be taken in one call (inOneCall) that reaches past the read-ahead window
  // is read into a window of its own now, so that its content is at hand (memberContent's now())
  // and needs no stream: at ×1 zip some 600 members a side lie across a window's end, enough to
  // get the walk's stream path compiled too.
  if (inOneCall(plan)) await window.hold(plan.start, plan.end - plan.start);
  member.content = memberContent(plan);
  return member;
}

/** The sha256 of the source's bytes in [start, end), streamed. */
async function sha256Of(source: RandomAccessSource, start: number, end: number): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of source.stream(start, end)) hash.update(chunk);
  return hash.digest('hex');
}

async function readAll(content: MemberContent | null, cap: number): Promise<Buffer | null> {
  if (content === null) return null;
  const parts: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of content) {
    total += chunk.byteLength;
    if (total > cap) return null;
    parts.push(chunk);
  }
  return Buffer.concat(parts);
}

/**
 * Read a zip archive from a random-access source. Yields members in central-directory order;
 * reports the zip layer (EOCD fields, archive comment) and, for eggs and wheels, a Python package
 * layer through ctx.layer before the first member.
 */
export async function* readZip(source: RandomAccessSource, ctx: ReadContext, options: ZipReadOptions = {}): AsyncGenerator<Member> {
  const opts: Required<ZipReadOptions> = {
    windowBytes: options.windowBytes ?? DEFAULT_WINDOW_BYTES,
    inflateSyncMaxBytes: options.inflateSyncMaxBytes ?? DEFAULT_INFLATE_SYNC_MAX_BYTES,
    metadataMaxBytes: options.metadataMaxBytes ?? 16 << 20,
  };
  const window = new ReadWindow(source, opts.windowBytes);
  const end = await findEnd(window);
  let entries: Directory | null = null;
  let layerRaw: RawFields = {};
  let damage: string | null = null;
  let located: Located | null = null;
  let foundByScan = false;
  if (end !== null) {
    // An end record whose directory would run past it may just have a wrong offset: look for the
    // directory anyway, and take it only when a local header confirms it.
    const singleDisk = end.eocd64 ? end.eocd64.diskNumber === 0 && end.eocd64.centralDirectoryDisk === 0 : end.eocd.diskNumber === 0 && end.eocd.centralDirectoryDisk === 0;
    located = end.plausible || singleDisk ? await locateCentralDirectory(window, end) : null;
    if (located !== null && !end.plausible && !located.checked) located = null;
    if (located === null) {
      damage = end.plausible
        ? 'no central directory header found where the end of central directory record points'
        : 'end of central directory record is inconsistent (disk numbers or directory offset)';
    } else {
      try {
        // Every central record read is copied (decodeCentralAt) or decoded at once: its window can be reused.
        entries = await indexCentralDirectory(new ReadWindow(source, opts.windowBytes, { reuse: true }), located.start, end.eocd64Offset ?? end.eocdOffset, located.prefix);
        const expected = end.eocd64 ? Number(end.eocd64.entriesTotal) : end.eocd.entriesTotal;
        if (entries.length !== expected) {
          // Fewer records than declared: a damaged directory (scanning found a later record) when
          // the local headers show more members; otherwise just a wrong count.
          const scanned = entries.length < expected ? await scanLocalHeaders(window) : [];
          if (scanned.length > entries.length) {
            damage = `the end record declares ${expected} entries, ${entries.length} central headers were found`;
            entries = null;
          } else {
            ctx.problem({
              code: 'ZIP_ENTRY_COUNT_MISMATCH',
              message: `zip: end of central directory declares ${expected} entries, the central directory holds ${entries.length}`,
              offset: end.eocdOffset,
            });
          }
        }
      } catch (error) {
        if (!(error instanceof DamagedDirectory)) throw error;
        damage = error.message;
      }
      if (entries !== null && located.checked && located.start !== located.declared + located.prefix) {
        // The members are where their headers say, the directory is not where the end record says.
        ctx.problem({
          code: 'ZIP_CENTRAL_DIRECTORY_OFFSET',
          message: `zip: the end of central directory record puts the central directory at offset ${located.declared}${located.prefix === 0 ? '' : ` (plus a ${located.prefix}-byte prefix)`}, found it at offset ${located.start}; the local headers are at their recorded offsets, so the record's offset is wrong (not a prefix)`,
          offset: end.eocdOffset,
        });
      }
    }
  }
  // The prefix is reported when a local header confirmed it or the members were read through it.
  let prefix: number | null = located !== null && (located.checked || entries !== null) ? located.prefix : null;
  if (entries === null) {
    const scanned = await scanLocalHeaders(window);
    if (end === null && scanned.length === 0) {
      throw new FormatError('zip', 'ZIP_EOCD_NOT_FOUND', 'end of central directory not found; not a zip file, or truncated', {
        offset: Math.max(0, source.size - EOCD_LENGTH),
        expected: 'PK\\5\\6 in the last 65557 bytes',
        found: 'no end of central directory record and no local file header',
      });
    }
    ctx.problem({
      code: 'ZIP_CENTRAL_DIRECTORY_DAMAGED',
      message: `zip: ${end === null ? 'end of central directory not found' : `central directory is damaged (${damage})`}; members were found by scanning local headers`,
      offset: end?.eocdOffset ?? 0,
    });
    // The central headers still intact give their members what a local header lacks (attributes, comments).
    if (end !== null && scanned.length > 0) {
      const last = scanned[scanned.length - 1]!;
      prefix = await recoverCentralRecords(window, Math.min(located?.start ?? Infinity, last.localHeaderOffset + LOCAL_LENGTH), end.eocd64Offset ?? end.eocdOffset, scanned, prefix);
    }
    if (scanned.some((e) => e.central !== null)) {
      for (const e of scanned) {
        if (e.central !== null) continue;
        e.problems.push({
          code: 'ZIP_CENTRAL_HEADER_MISSING',
          message: 'zip: no intact central directory header points at this member (the others\' were recovered); its attributes are not known, so its mode is the default for a local header alone (0664, as libarchive reads it)',
          offset: e.localHeaderOffset,
        });
      }
    }
    entries = decodedDirectory(scanned);
    foundByScan = true;
  }
  if (end !== null) layerRaw = endRaw(end, prefix);
  if (foundByScan) layerRaw.source = 'local-header-scan';
  // Bytes before the first member: a self-extractor stub, or anything else prepended. Their digest
  // tells two stubs of one length apart (another installer build, another shell header).
  if (entries.firstLocalHeader !== null && entries.firstLocalHeader > 0) {
    layerRaw.leadingBytes = entries.firstLocalHeader;
    layerRaw.leadingSha256 = await sha256Of(source, 0, entries.firstLocalHeader);
  }
  ctx.layer({ format: 'zip', raw: layerRaw });

  // Eggs and wheels: the names say which; their metadata is read before the first member.
  const directory = entries;
  const layout = recognizePythonPackage(directory.metadata.keys());
  let record: Map<string, RecordRow> | null = null;
  if (layout !== null) {
    const readText = async (path: string | null): Promise<string | null> => {
      const i = path === null ? undefined : directory.metadata.get(path);
      if (i === undefined) return null;
      const member = await buildMember(source, window, await directory.entry(i), opts);
      const bytes = await readAll(member.content, opts.metadataMaxBytes);
      return bytes === null ? null : bytes.toString('utf8');
    };
    const metadataText = await readText(layout.metadataPath);
    const metadata: CoreMetadata | null = metadataText === null ? null : parseCoreMetadata(metadataText);
    const wheelText = await readText(layout.wheelPath);
    ctx.layer(pythonPackageLayer(layout, metadata, wheelText === null ? null : parseCoreMetadata(wheelText)));
    if (layout.recordPath !== null) {
      const recordText = await readText(layout.recordPath);
      if (recordText === null) {
        ctx.problem({ code: 'WHEEL_RECORD_UNREADABLE', message: `wheel: ${layout.recordPath} could not be read (or is over ${opts.metadataMaxBytes} bytes)` });
      } else {
        record = parseRecord(recordText);
      }
    }
  }

  const seen = new Set<string>();
  for (let i = 0; i < directory.length; i++) {
    const member = await buildMember(source, window, await directory.entry(i), opts);
    if (record !== null && layout !== null && member.type === 'file' && !isRecordExempt(member.path, layout)) {
      seen.add(member.path);
      const row = record.get(member.path);
      if (row === undefined) {
        member.problems.push({ code: 'WHEEL_RECORD_MISSING', message: `wheel: ${member.path} is not listed in ${layout.recordPath}`, offset: member.offset });
      } else if (member.content !== null) {
        member.content = checkRecordedHash(member.content, row, member.problems, member.offset);
      }
    }
    yield member;
  }
  if (record !== null && layout !== null) {
    for (const path of record.keys()) {
      if (!seen.has(path) && !isRecordExempt(path, layout) && !path.endsWith('/')) {
        ctx.problem({ code: 'WHEEL_RECORD_FILE_MISSING', message: `wheel: ${layout.recordPath} lists ${path}, which is not in the archive` });
      }
    }
  }
}
