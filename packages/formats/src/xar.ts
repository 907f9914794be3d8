/**
 * xar (and through it macOS .pkg) as a random-access reader: the header, the zlib-compressed TOC
 * (inflated under a cap and never beyond its declared length), the TOC checksum checked against the
 * heap, then one member per <file> in TOC order, its data streamed from the heap through its
 * encoding with the archived (stored bytes) and extracted (decoded bytes) checksums verified as it
 * flows. Nothing is allocated from a declared length: every offset and length is checked against
 * the bytes the file has.
 */
import { createHash, getHashes, type Hash } from 'node:crypto';
import { Readable, pipeline } from 'node:stream';
import { createInflate, inflateSync } from 'node:zlib';
import type { EntryType, Member, Problem, RandomAccessSource, RawFields, RawValue, ReadContext } from './entry.js';
import { toHex } from './entry.js';
import { FormatError, TruncatedError } from './errors.js';
import { decodeXarHeader, xarChecksumName, xarHeaderRaw, XAR_HEADER_MIN, XAR_MAGIC, type XarHeader } from './xar-header.js';
import { decodeToc, parseXarTime, type XarData, type XarDigest, type XarFile, type XarToc } from './xar-toc.js';
import { describePkg, isPkg, payloadProblem, PKG_XML_CAP } from './pkg.js';
import { bunzip2 } from './bzip2.js';

/** Largest TOC we inflate (Apple's biggest installers have TOCs of a few MiB). */
export const XAR_TOC_CAP = 64 * 1024 * 1024;
/** Largest TOC checksum we read from the heap (sha512 is 64 bytes). */
const DIGEST_CAP = 1024;

export interface XarOptions {
  /** The bzip2 decoder for `application/x-bzip2` data (default: this package's bunzip2). */
  bunzip2?: (input: AsyncIterable<Uint8Array>) => AsyncIterable<Uint8Array>;
  /** Override XAR_TOC_CAP (tests). */
  tocCap?: number;
}

const OCTET = 'application/octet-stream';
const ZLIB = 'application/x-gzip'; // xar's name for zlib (RFC 1950) data, not gzip: libarchive uses inflateInit
const BZIP2 = 'application/x-bzip2';

const typeByName: Record<string, EntryType> = {
  file: 'file',
  directory: 'dir',
  symlink: 'symlink',
  hardlink: 'file',
  fifo: 'fifo',
  'character special': 'char',
  'block special': 'block',
  socket: 'socket',
};

const nodeHashes = new Set(getHashes());
const hashFor = (style: string): Hash | null => (nodeHashes.has(style) ? createHash(style) : null);

export async function* readXar(source: RandomAccessSource, ctx: ReadContext, options: XarOptions = {}): AsyncGenerator<Member> {
  const header = await readHeader(source);
  const { toc, compressed, tocEnd } = await readToc(source, header, ctx, options.tocCap ?? XAR_TOC_CAP);
  const heapStart = tocEnd;
  const heapSize = source.size - heapStart;
  const heap: Heap = { source, start: heapStart, size: heapSize };

  const tocChecksum = await checkTocChecksum(heap, header, toc, compressed, ctx);
  const pkg = isPkg(toc.files);
  ctx.layer({
    format: 'xar',
    raw: {
      ...xarHeaderRaw(header),
      creationTime: toc.creationTime,
      tocChecksum,
      signatures: toc.signatures,
      heapOffset: heapStart,
      files: toc.files.length,
    },
    summary: [
      `xar v${header.version}`,
      `${toc.files.length} files`,
      toc.creationTime !== null ? `created ${toc.creationTime}` : null,
      tocChecksum !== null && typeof tocChecksum.computed === 'string' ? `toc ${String(tocChecksum.style)} ${tocChecksum.computed}` : null,
      toc.signatures.length > 0 ? `signed (${toc.signatures.map((s) => String(s.style)).join(', ')})` : null,
    ].filter((p) => p !== null).join(', '),
  });
  if (pkg) {
    const layer = await describePkg(toc.files, (f) => readSmall(heap, f), (p) => ctx.problem(p));
    if (layer !== null) ctx.layer(layer);
  }

  const byId = new Map<string, XarFile>();
  for (const file of toc.files) {
    if (file.id === null) continue;
    if (byId.has(file.id)) {
      file.problems.push({ code: 'XAR_DUPLICATE_ID', message: `xar: id ${file.id} is used again by ${file.path} (first by ${byId.get(file.id)!.path}); links to it go to the first` });
    } else {
      byId.set(file.id, file);
    }
  }

  for (const file of toc.files) yield await buildMember(file, heap, byId, pkg, options);
}

interface Heap {
  source: RandomAccessSource;
  start: number;
  size: number;
}

async function readHeader(source: RandomAccessSource): Promise<XarHeader> {
  const head = await source.read(0, 512);
  const magicOk = head.byteLength >= 4 && new DataView(head.buffer, head.byteOffset, 4).getUint32(0) === XAR_MAGIC;
  if (!magicOk) {
    const found = `0x${toHex(head.subarray(0, 4))}`;
    throw new FormatError('xar', 'XAR_BAD_MAGIC', `no xar header at offset 0: expected magic "xar!" (0x78617221), found ${found}`, { offset: 0, expected: '0x78617221', found });
  }
  if (head.byteLength < XAR_HEADER_MIN) {
    throw new TruncatedError('xar', 'the header', { offset: 0, expected: `${XAR_HEADER_MIN} bytes`, found: `${head.byteLength} bytes` });
  }
  const header = decodeXarHeader(head);
  if (header.headerSize < XAR_HEADER_MIN) {
    throw new FormatError('xar', 'XAR_BAD_HEADER_SIZE', `header size: expected at least ${XAR_HEADER_MIN}, found ${header.headerSize}`, { offset: 4 });
  }
  if (header.headerSize > source.size) {
    throw new TruncatedError('xar', 'the header', { offset: 4, expected: `${header.headerSize} bytes`, found: `${source.size} bytes` });
  }
  return header;
}

async function readToc(
  source: RandomAccessSource,
  header: XarHeader,
  ctx: ReadContext,
  cap: number,
): Promise<{ toc: XarToc; compressed: Uint8Array; tocEnd: number }> {
  const start = header.headerSize;
  const available = BigInt(source.size - start);
  if (header.tocLengthCompressed === 0n) {
    throw new FormatError('xar', 'XAR_TOC_EMPTY', 'the compressed TOC length is 0; expected a zlib-compressed TOC after the header', { offset: 8 });
  }
  if (header.tocLengthCompressed > available) {
    throw new FormatError(
      'xar',
      'XAR_TOC_BEYOND_END',
      `the compressed TOC length ${header.tocLengthCompressed} runs past the end of the file (${available} bytes after the header); the file is truncated or the header damaged`,
      { offset: 8, expected: `at most ${available}`, found: String(header.tocLengthCompressed) },
    );
  }
  if (header.tocLengthUncompressed > BigInt(cap) || header.tocLengthCompressed > BigInt(cap)) {
    throw new FormatError(
      'xar',
      'XAR_TOC_TOO_LARGE',
      `the TOC declares ${header.tocLengthUncompressed} bytes (${header.tocLengthCompressed} compressed); the most we read is ${cap}`,
      { offset: 16, expected: `at most ${cap}`, found: String(header.tocLengthUncompressed) },
    );
  }
  const compressed = await source.read(start, Number(header.tocLengthCompressed));
  const declared = Number(header.tocLengthUncompressed);
  let inflated: Buffer;
  try {
    // Never more than declared: a TOC that inflates past its declared length stops here.
    inflated = inflateSync(compressed, { maxOutputLength: Math.max(1, declared) });
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_BUFFER_TOO_LARGE') {
      throw new FormatError('xar', 'XAR_TOC_TOO_LONG', `the TOC inflates past its declared length of ${declared} bytes`, { offset: start, expected: `${declared} bytes` });
    }
    throw new FormatError('xar', 'XAR_TOC_INFLATE', `the TOC does not inflate (zlib): ${(error as Error).message}`, { offset: start });
  }
  if (inflated.byteLength !== declared) {
    ctx.problem({ code: 'XAR_TOC_LENGTH', message: `xar: the TOC inflates to ${inflated.byteLength} bytes; the header declares ${declared}`, offset: 16 });
  }
  const toc = decodeToc(inflated.toString('utf8'), start);
  return { toc, compressed, tocEnd: start + compressed.byteLength };
}

async function checkTocChecksum(heap: Heap, header: XarHeader, toc: XarToc, compressed: Uint8Array, ctx: ReadContext): Promise<RawFields | null> {
  const algorithm = xarChecksumName(header);
  const ref = toc.checksum;
  if (algorithm === null && ref === null) return null;
  const out: RawFields = { style: ref?.style ?? algorithm, offset: ref?.offset ?? null, size: ref?.size ?? null, stored: null, computed: null };
  const problem = (code: string, message: string, offset?: number) => ctx.problem({ code, message: `xar: ${message}`, ...(offset !== undefined ? { offset } : {}) });
  if (algorithm === null) {
    problem('XAR_TOC_CHECKSUM', `the TOC names a ${ref!.style} checksum but the header says none; not checked`);
    return out;
  }
  const hash = hashFor(algorithm);
  if (hash === null) {
    problem('XAR_UNKNOWN_CHECKSUM', `the TOC checksum algorithm ${JSON.stringify(algorithm)} is not one we compute; not checked`, 24);
    return out;
  }
  out.computed = hash.update(compressed).digest('hex');
  if (ref === null) {
    problem('XAR_TOC_CHECKSUM', `the header names a ${algorithm} TOC checksum but the TOC has no <checksum> saying where it is`);
    return out;
  }
  if (ref.style.toLowerCase() !== algorithm) {
    problem('XAR_TOC_CHECKSUM', `the TOC checksum style ${JSON.stringify(ref.style)} differs from the header's ${algorithm}`);
  }
  const offset = decimal(ref.offset);
  const size = decimal(ref.size);
  if (offset === null || size === null || size > DIGEST_CAP || offset + size > heap.size) {
    problem('XAR_TOC_CHECKSUM', `the TOC checksum at heap offset ${ref.offset} size ${ref.size} is not inside the heap of ${heap.size} bytes`);
    return out;
  }
  const stored = await heap.source.read(heap.start + offset, size);
  out.stored = toHex(stored);
  if (out.stored !== out.computed) {
    problem('XAR_TOC_CHECKSUM', `TOC ${algorithm} checksum: expected ${out.stored} (stored in the heap), computed ${out.computed}`, heap.start + offset);
  }
  return out;
}

/** A non-negative decimal that is exact in a double, or null. */
function decimal(text: string | null): number | null {
  if (text === null || !/^\d{1,16}$/.test(text)) return null;
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : null;
}

async function buildMember(file: XarFile, heap: Heap, byId: Map<string, XarFile>, pkg: boolean, options: XarOptions): Promise<Member> {
  const problems: Problem[] = file.problems;
  const problem = (code: string, message: string) => problems.push({ code, message: `xar: ${message}` });

  let type: EntryType;
  let linkTarget: string | null = null;
  if (file.type === null) {
    problem('XAR_NO_TYPE', `${file.path} has no <type>; listed as a file`);
    type = 'file';
  } else if (typeByName[file.type] === undefined) {
    problem('XAR_UNKNOWN_TYPE', `${file.path} has the type ${JSON.stringify(file.type)}; listed as a file`);
    type = 'file';
  } else {
    type = typeByName[file.type]!;
  }
  if (file.type === 'symlink') linkTarget = file.link;
  if (file.type === 'hardlink' && file.typeLink !== 'original') {
    // link="ID": a hard link to the file with that id. Resolved in one step, so chains and
    // loops (a link to a link to itself) cannot make us spin.
    const target = file.typeLink === null ? undefined : byId.get(file.typeLink);
    if (target === undefined || target === file) {
      problem('XAR_BAD_HARDLINK', `${file.path} is a hard link to id ${JSON.stringify(file.typeLink)}, which ${target === file ? 'is itself' : 'no file has'}; listed as a file`);
    } else {
      type = 'hardlink';
      linkTarget = target.path;
    }
  }

  let mode = 0o777; // libarchive's default when the TOC gives none
  if (file.mode !== null) {
    const m = /^[0-7]+/.exec(file.mode);
    if (m === null || m[0] !== file.mode) problem('XAR_BAD_MODE', `${file.path} has the mode ${JSON.stringify(file.mode)}: not octal${m ? '; its leading octal digits are used' : ''}`);
    if (m !== null) mode = Number(BigInt(`0o${m[0]}`) & 0o7777n);
  }
  const id = (text: string | null, what: string) => {
    if (text === null) return null;
    const n = decimal(text);
    if (n === null) problem('XAR_BAD_NUMBER', `${file.path} has the ${what} ${JSON.stringify(text)}: not a decimal number we can hold`);
    return n;
  };
  const time = (text: string | null, what: string) => {
    if (text === null) return null;
    const t = parseXarTime(text);
    if (t === null || !t.exact) problem('XAR_BAD_TIME', `${file.path} has the ${what} ${JSON.stringify(text)}: expected YYYY-MM-DDTHH:MM:SSZ${t ? '; the fixed-width fields are used' : ''}`);
    return t?.seconds ?? null;
  };

  const member: Member = {
    path: file.path,
    type,
    mode,
    uid: id(file.uid, 'uid'),
    gid: id(file.gid, 'gid'),
    uname: file.user,
    gname: file.group,
    mtime: time(file.mtime, 'mtime'),
    atime: time(file.atime, 'atime'),
    ctime: time(file.ctime, 'ctime'),
    size: 0,
    linkTarget,
    format: 'xar',
    offset: heap.start,
    raw: fileRaw(file),
    problems,
    content: null,
  };
  if (file.pathBytes !== undefined) member.pathBytes = file.pathBytes;

  const carriesData = type === 'file' || type === 'hardlink';
  if (file.data === null) {
    if (carriesData) member.content = empty();
    return member;
  }
  const where = checkData(file, file.data, heap, problem);
  if (where === null) return member;
  member.size = where.size;
  member.offset = heap.start + where.offset;
  if (!carriesData) {
    problem('XAR_UNEXPECTED_DATA', `${file.path} is a ${type} with <data>; its data is not read`);
    return member;
  }
  const encoding = file.data.encoding ?? OCTET;
  if (encoding !== OCTET && encoding !== ZLIB && encoding !== BZIP2) {
    problem('XAR_UNSUPPORTED_ENCODING', `${file.path} has data in the unsupported encoding ${JSON.stringify(encoding)}; its content is not read`);
    return member;
  }
  if (pkg && encoding === OCTET) {
    const p = payloadProblem(file.path, await heap.source.read(member.offset, 4));
    if (p !== null) problems.push(p);
  }
  member.content = dataStream(file, file.data, where, heap, encoding, member, pkg && encoding !== OCTET, options);
  return member;
}

interface DataPlace {
  offset: number;
  length: number;
  size: number;
}

function checkData(file: XarFile, data: XarData, heap: Heap, problem: (code: string, message: string) => void): DataPlace | null {
  const offset = decimal(data.offset);
  const length = decimal(data.length);
  const size = decimal(data.size);
  if (offset === null || length === null || size === null) {
    problem('XAR_BAD_DATA', `${file.path} has <data> offset ${JSON.stringify(data.offset)}, length ${JSON.stringify(data.length)}, size ${JSON.stringify(data.size)}: expected decimal numbers; content not read`);
    return null;
  }
  if (offset + length > heap.size) {
    problem('XAR_DATA_OUTSIDE_HEAP', `${file.path} has data at heap offset ${offset} length ${length}, past the end of the heap (${heap.size} bytes); content not read`);
    return null;
  }
  return { offset, length, size };
}

function digestCheck(d: XarDigest | null, file: XarFile, what: string, problem: (code: string, message: string) => void): Hash | null {
  if (d === null || d.style === 'none') return null;
  const h = hashFor(d.style);
  if (h === null) problem('XAR_UNKNOWN_CHECKSUM', `${file.path} has an ${what} checksum of style ${JSON.stringify(d.style)}, which we do not compute; not checked`);
  return h;
}

async function* dataStream(
  file: XarFile,
  data: XarData,
  place: DataPlace,
  heap: Heap,
  encoding: string,
  member: Member,
  checkPbzx: boolean,
  options: XarOptions,
): AsyncGenerator<Uint8Array> {
  const problem = (code: string, message: string) => member.problems.push({ code, message: `xar: ${message}` });
  const archived = digestCheck(data.archived, file, 'archived', problem);
  const extracted = digestCheck(data.extracted, file, 'extracted', problem);
  const start = heap.start + place.offset;
  async function* stored(): AsyncGenerator<Uint8Array> {
    for await (const chunk of heap.source.stream(start, start + place.length)) {
      archived?.update(chunk);
      yield chunk;
    }
  }
  // bzip2 data inside a member is no layer of its own: its header is not reported, its problems are the member's.
  const quiet: ReadContext = { artifact: '', layer: () => {}, problem: (p) => member.problems.push(p) };
  const decoded = encoding === ZLIB ? inflateStream(stored()) : encoding === BZIP2 ? (options.bunzip2 ?? ((input) => bunzip2(input, quiet)))(stored()) : stored();
  let count = 0;
  let first = true;
  try {
    for await (const chunk of decoded) {
      if (first && checkPbzx) {
        const p = payloadProblem(file.path, chunk.subarray(0, 4));
        if (p !== null) member.problems.push(p);
      }
      first = false;
      if (count + chunk.byteLength > place.size) {
        // Never more than declared: the size is what the TOC promises, and what a limit was checked on.
        const keep = chunk.subarray(0, place.size - count);
        count += keep.byteLength;
        extracted?.update(keep);
        if (keep.byteLength > 0) yield keep;
        problem('XAR_SIZE_MISMATCH', `${file.path} decodes to more than its declared size of ${place.size} bytes; the rest is not read`);
        return;
      }
      count += chunk.byteLength;
      extracted?.update(chunk);
      yield chunk;
    }
  } catch (error) {
    problem('XAR_DECODE_FAILED', `${file.path}: its ${encoding} data does not decode after ${count} bytes: ${(error as Error).message}`);
    return;
  }
  if (count !== place.size) problem('XAR_SIZE_MISMATCH', `${file.path} decodes to ${count} bytes; the TOC declares ${place.size}`);
  const check = (h: Hash | null, d: XarDigest | null, what: string) => {
    if (h === null || d === null) return;
    const computed = h.digest('hex');
    if (computed !== d.value) problem('XAR_BAD_CHECKSUM', `${file.path} ${what} ${d.style} checksum: expected ${d.value} (in the TOC), computed ${computed}`);
  };
  check(archived, data.archived, 'archived');
  check(extracted, data.extracted, 'extracted');
}

/** zlib (RFC 1950) inflate over a stream; stopping early destroys the inflater and the source. */
async function* inflateStream(input: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  const inflate = createInflate();
  pipeline(Readable.from(input), inflate, () => {});
  for await (const chunk of inflate as AsyncIterable<Buffer>) yield chunk;
}

async function* empty(): AsyncGenerator<Uint8Array> {}

/** The decoded text of a small member (PackageInfo, Distribution), or null if it cannot be read. */
async function readSmall(heap: Heap, file: XarFile): Promise<string | null> {
  if (file.data === null) return '';
  const place = checkData(file, file.data, heap, () => {});
  const encoding = file.data.encoding ?? OCTET;
  if (place === null || place.size > PKG_XML_CAP || (encoding !== OCTET && encoding !== ZLIB)) return null;
  const start = heap.start + place.offset;
  const stored = heap.source.stream(start, start + place.length);
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for await (const chunk of encoding === ZLIB ? inflateStream(stored) : stored) {
      total += chunk.byteLength;
      if (total > PKG_XML_CAP) return null;
      chunks.push(chunk);
    }
  } catch {
    return null;
  }
  return Buffer.concat(chunks).toString('utf8');
}

function fileRaw(file: XarFile): RawFields {
  const raw: RawFields = {
    id: file.id,
    name: file.name,
    type: file.type,
    typeLink: file.typeLink,
    mode: file.mode,
    uid: file.uid,
    gid: file.gid,
    user: file.user,
    group: file.group,
    mtime: file.mtime,
    ctime: file.ctime,
    atime: file.atime,
    link: file.link,
    inode: file.inode,
    deviceno: file.deviceno,
  };
  if (file.device !== null) raw.device = file.device;
  if (file.flags.length > 0) raw.flags = file.flags;
  if (file.data !== null) {
    const d = file.data;
    const digest = (x: XarDigest | null): RawValue => (x === null ? null : { style: x.style, value: x.value });
    raw.data = { offset: d.offset, length: d.length, size: d.size, encoding: d.encoding, archivedChecksum: digest(d.archived), extractedChecksum: digest(d.extracted) };
  }
  if (file.ea.length > 0) raw.ea = file.ea;
  return raw;
}
