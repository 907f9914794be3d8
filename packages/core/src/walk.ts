/**
 * The walk: open an artifact, peel its compression layers, read its members, hash each member's
 * content as it streams past, and open members that are archives themselves as nested levels
 * (`outer!/inner`). One pass; memory bounded by the limits, whatever the artifact's size.
 */
import { createHash, hash as hashAtOnce, type Hash } from 'node:crypto';
import { open, rm, type FileHandle } from 'node:fs/promises';
import { basename } from 'node:path';
import { ByteReader } from '@whydiff/formats/byte-reader';
import { DETECT_BYTES, detect, detectByMagic, hasZipEndRecord, isArchive, isCompression, ZIP_TAIL_BYTES } from '@whydiff/formats/detect';
import { contentNow, type CompressedAtHand, type ContentAtHand, type ContentLocation } from '@whydiff/formats/entry';
import { FormatError, LimitExceededError, UnsupportedFeatureError, WhydiffError } from '@whydiff/formats/errors';
import { decodePycHeader } from '@whydiff/formats/pyc';
import { RecordedHeader } from '@whydiff/formats/raw-record';
import { BufferSource, FileSource } from '@whydiff/formats/random-access';
import type { EntryHeader, LayerInfo, Member, MemberContent, Problem, RandomAccessSource, ReadContext } from '@whydiff/formats';
import { defaultLimits, RATIO_GRACE_BYTES, type Limits } from './limits.js';
import { removeCopies, seekableInput } from './seekable-input.js';
import { tempFile } from './temp-dir.js';
import { unsafePathReason } from './unsafe-path.js';
import { plural } from './values.js';
import type { RecentContent, TwinVerdict } from './recent-content.js';
import { TwinContent } from './twin-content.js';

/**
 * Each format's reader, loaded when a level of that format is first met: a side worker reading a
 * tar.gz loads neither the zip nor the xar reader (~4.5 MB of code per thread, and its start).
 */
const readers = {
  tar: once(() => import('@whydiff/formats/tar')),
  cpio: once(() => import('@whydiff/formats/cpio')),
  zip: once(() => import('@whydiff/formats/zip')),
  xar: once(() => import('@whydiff/formats/xar')),
  gzip: once(() => import('@whydiff/formats/gzip')),
  bzip2: once(() => import('@whydiff/formats/bzip2')),
};

/** The module's promise, kept: an import() resolves its specifier again on every call (through every loader hook). */
function once<T>(load: () => Promise<T>): () => Promise<T> {
  let loaded: Promise<T> | null = null;
  return () => (loaded ??= load());
}

async function readRandomAccess(format: 'zip' | 'xar', source: RandomAccessSource, ctx: ReadContext): Promise<AsyncGenerator<Member>> {
  return format === 'zip' ? (await readers.zip()).readZip(source, ctx) : (await readers.xar()).readXar(source, ctx);
}

/** A member as the walk reports it: its header, its full nested path and its content's sha256. */
export interface WalkEntry extends Omit<EntryHeader, 'path'> {
  /** Full path: containers joined with `!/`, e.g. `dist/app.tar.gz!/lib/x.py`. */
  path: string;
  /** The path as stored in its own container. */
  memberPath: string;
  /** The nested prefix this member lives under (`` at the top, `dist/app.tar.gz!/` below it). */
  container: string;
  /** 0 for members of the artifact itself, 1 for members of a nested archive, ... */
  depth: number;
  /**
   * sha256 of the content (regular files), null when there is none or it could not be read; null
   * too, in a comparison whose two sides one thread reads, for a member whose content was found
   * byte for byte the same as the other side's (contentSameAs), or that waits for its digest.
   */
  sha256: string | null;
  /**
   * In a comparison whose two sides one thread reads: the offset of the other side's member of the
   * same path whose content this one's was found to be, byte for byte; neither was hashed.
   */
  contentSameAs?: number;
  /** The content, only for members named in WalkOptions.capture (cut at captureBytes). */
  content?: Uint8Array;
}

export type WalkEvent =
  /** A level was opened: the artifact itself (container ``) or a nested archive. */
  | { kind: 'level'; container: string; depth: number; format: string }
  /** A layer's header fields (gzip header, zip comment, egg name and version...). */
  | { kind: 'layer'; container: string; depth: number; info: LayerInfo }
  /** Layers of one format past LEVEL_LAYERS_LISTED, counted, not listed (a gzip of many members has one a member). */
  | { kind: 'layers-omitted'; container: string; format: string; count: number }
  | { kind: 'entry'; entry: WalkEntry }
  /** A problem that belongs to a container rather than to one member. */
  | { kind: 'problem'; container: string; problem: Problem };

export interface WalkOptions {
  /** The artifact's name in paths and errors (default: the path as given). */
  name?: string;
  limits?: Partial<Limits>;
  /**
   * Keep the content of these members (full paths) in `WalkEntry.content`, up to `captureBytes`
   * each: the differ's second pass, for the few members whose content it must show.
   */
  capture?: ReadonlySet<string>;
  captureBytes?: number;
  /**
   * Read only the captured members (and the nested archives that hold them): every other member's
   * content is left to its reader to skip, unhashed (sha256 null). The second pass, which wants a
   * few members' content and nothing else: a zip's other members are then never inflated.
   */
  captureOnly?: boolean;
  /**
   * Offer every file member's content (its first captureBytes) to this store once hashed, so the
   * differ can keep what it will show without reading the artifact again (see recent-content.ts).
   */
  retain?: RecentContent;
  /**
   * Filled with the artifact's sha256 and size when the walk ends (walkArtifact): its bytes are
   * hashed as the walk reads them, so nobody reads the file again to fingerprint it. Left empty
   * (sha256 null) when the walk failed or was stopped.
   */
  artifactDigest?: ArtifactDigest;
  /**
   * A table shared with the walk of the other side of a comparison (newTwinTable): a zip member
   * whose compressed bytes the other side has already read is not inflated again (twin-content.ts).
   */
  twins?: SharedArrayBuffer;
}

export interface ArtifactDigest {
  sha256: string | null;
  size: number;
}

interface WalkState {
  artifact: string;
  limits: Limits;
  /** Content bytes read so far at every level. */
  totalBytes: number;
  capture: ReadonlySet<string>;
  captureBytes: number;
  /** With captureOnly: the nested archives (full paths) that hold a captured member; null: read every member. */
  captureHolders: ReadonlySet<string> | null;
  retain: RecentContent | null;
  /** The artifact's file, when the walk reads it from its path. */
  artifactPath: string | null;
  /**
   * The artifact's file when its own top level is a zip read from it: members of that level say
   * where their stored bytes lie in it (ContentAtHand.location), and are offered to `retain` by place.
   */
  file: string | null;
  /** Content the other side of the comparison has read (options.twins). */
  twins: TwinContent | null;
}

function newState(name: string, options: WalkOptions): WalkState {
  return {
    artifact: options.name ?? name,
    limits: { ...defaultLimits, ...options.limits },
    totalBytes: 0,
    capture: options.capture ?? new Set(),
    captureBytes: options.captureBytes ?? 4 * 1024 * 1024,
    captureHolders: options.captureOnly === true ? holdersOf(options.capture ?? new Set()) : null,
    retain: options.retain ?? null,
    artifactPath: null,
    file: null,
    twins: options.twins === undefined ? null : new TwinContent(options.twins),
  };
}

/** `a.zip!/b.tar!/c` is held by `a.zip` and `a.zip!/b.tar`. */
function holdersOf(paths: ReadonlySet<string>): Set<string> {
  const holders = new Set<string>();
  for (const path of paths) {
    for (let at = path.indexOf('!/'); at >= 0; at = path.indexOf('!/', at + 2)) holders.add(path.slice(0, at));
  }
  return holders;
}

/**
 * The walk hands out its events in batches, in order (walkArtifactInBatches): a batch of up to
 * BATCH_EVENTS events or BATCH_CONTENT_BYTES of content. One event at a time, each passed up
 * through every generator between the reader and the caller (a level, its listing, the artifact),
 * a round of promises per generator. A side worker posts each batch as one message.
 *
 * 16: a batch's events (a zip member's raw fields are an object graph of a kilobyte or two) live
 * until it is handed out, and at 64 a batch outlived young collections and was promoted. Bench ×1,
 * 3 runs each, medians (bench/RESULTS.md, round 7): zip 2.92 s, 142 MB with 64; 2.61–2.70 s,
 * 127 MB with 8, 16 or 32; tar.gz the same at every size.
 */
export const BATCH_EVENTS = 16;
/**
 * Content bytes of the entries in one batch at most: a side worker's main thread learns of a member
 * soon enough to keep its content before the worker's recent-content window lets it go.
 */
export const BATCH_CONTENT_BYTES = 2 * 1024 * 1024;

/** Walk an artifact on disk. Throws (a located WhydiffError) only when the artifact itself cannot be read on. */
export function walkArtifact(path: string, options: WalkOptions = {}): AsyncGenerator<WalkEvent> {
  return oneByOne(walkArtifactInBatches(path, options));
}

/** The events of batches, one by one. */
async function* oneByOne(batches: AsyncIterable<WalkEvent[]>): AsyncGenerator<WalkEvent> {
  for await (const batch of batches) for (const event of batch) yield event;
}

/** walkArtifact's events as the walk makes them: in batches (see BATCH_EVENTS). */
export async function* walkArtifactInBatches(path: string, options: WalkOptions = {}): AsyncGenerator<WalkEvent[]> {
  const state = newState(path, options);
  // A pipe is read at any offset from a copy (seekable-input.ts); errors still name the path given.
  const input = await seekableInput(path, options.limits);
  state.artifactPath = input.path;
  const file = await FileSource.open(input.path).catch(async (error: unknown) => {
    await removeCopies([input]);
    throw error;
  });
  try {
    const source = options.artifactDigest === undefined ? file : new DigestingSource(file, options.artifactDigest);
    yield* openLevel({ random: source }, '', 0, state, basename(path));
    // Only a walk that went to its end fingerprints the file (a caller that stops early gets none).
    if (source instanceof DigestingSource) await source.finish();
  } catch (error) {
    if (error instanceof WhydiffError) error.locate({ artifact: state.artifact });
    throw error;
  } finally {
    await file.close();
    await removeCopies([input]);
  }
}

/**
 * The artifact's file, hashing its bytes in order as the walk reads them (WalkOptions.artifactDigest):
 * each piece read or streamed that extends the hashed prefix is hashed once; what the walk did not
 * read, or read out of order (a zip's central directory, read first, from the end), finish() reads
 * and hashes after the walk, from the page cache.
 */
class DigestingSource implements RandomAccessSource {
  private readonly file: FileSource;
  private readonly digest: ArtifactDigest;
  private readonly hash = createHash('sha256');
  /** Bytes hashed so far: the file's first `hashed` bytes. */
  private hashed = 0;

  constructor(file: FileSource, digest: ArtifactDigest) {
    this.file = file;
    this.digest = digest;
  }

  get size(): number {
    return this.file.size;
  }

  async read(position: number, length: number): Promise<Uint8Array> {
    const bytes = await this.file.read(position, length);
    this.take(position, bytes);
    return bytes;
  }

  async *stream(start: number, end: number): AsyncIterable<Uint8Array> {
    let at = start;
    for await (const chunk of this.file.stream(start, end)) {
      this.take(at, chunk);
      at += chunk.byteLength;
      yield chunk;
    }
  }

  async readInto(target: Uint8Array, position: number): Promise<number> {
    const got = await this.file.readInto(target, position);
    this.take(position, target.subarray(0, got));
    return got;
  }

  /** After a walk that read the file to its end: hash what is left, and the digest is the file's. */
  async finish(): Promise<void> {
    // One buffer for every piece. A zip's central directory is what is left: 11.6 MB a side at the
    // bench's ×4, read at the end of the walk, when both sides' workers do it at once. A new
    // 256 KiB buffer a piece stays allocated until a collection, which nothing in a loop of reads
    // and hashes brings soon: ×4 zip peaked at 159–161 MB with them, 148–150 with one buffer.
    const piece = Buffer.allocUnsafe(Math.min(FINISH_PIECE_BYTES, this.file.size - this.hashed));
    while (this.hashed < this.file.size) {
      const at = this.hashed;
      const got = await this.file.readInto(piece, at); // up to the file's end
      if (got === 0) return;
      this.take(at, piece.subarray(0, got));
    }
    this.digest.sha256 = this.hash.digest('hex');
    this.digest.size = this.hashed;
  }

  private take(position: number, bytes: Uint8Array): void {
    const end = position + bytes.byteLength;
    if (position > this.hashed || end <= this.hashed) return;
    this.hash.update(bytes.subarray(this.hashed - position));
    this.hashed = end;
  }
}

const FINISH_PIECE_BYTES = 256 * 1024;

/** Walk bytes held in memory (library callers, tests). */
export function walkBytes(bytes: Uint8Array, name: string, options: WalkOptions = {}): AsyncGenerator<WalkEvent> {
  return oneByOne(walkBytesInBatches(bytes, name, options));
}

/** walkBytes' events as the walk makes them: in batches (see BATCH_EVENTS). */
export async function* walkBytesInBatches(bytes: Uint8Array, name: string, options: WalkOptions = {}): AsyncGenerator<WalkEvent[]> {
  const state = newState(name, options);
  try {
    yield* openLevel({ random: new BufferSource(bytes) }, '', 0, state, name);
  } catch (error) {
    if (error instanceof WhydiffError) error.locate({ artifact: state.artifact });
    throw error;
  }
}

type LevelInput = { random: RandomAccessSource } | { stream: AsyncIterable<Uint8Array> };

/**
 * Read one level: detect what the bytes are, peel compression (which adds no level), then list the
 * archive's members. Events a reader reports through its context are queued and handed out between
 * members, so they keep their place in the listing.
 */
async function* openLevel(input: LevelInput, container: string, depth: number, state: WalkState, name: string): AsyncGenerator<WalkEvent[]> {
  const queue = new LevelEvents(container, depth);
  const ctx: ReadContext = {
    artifact: state.artifact,
    layer: (info) => queue.layer(info),
    // A reader names members as stored in its own layer: nested, they live under the container.
    problem: (problem) => queue.problem(problem.path === undefined ? problem : { ...problem, path: container + problem.path }),
  };
  const chain: string[] = [];
  let members: AsyncGenerator<Member> | null = null;
  let reader: ByteReader | null = null;
  let singleName = name;
  // For archives whose members are compressed one by one (zip, xar): bytes read from the source.
  let source: CountingSource | null = null;

  if ('random' in input) {
    const random = input.random;
    let format = detect(await random.read(0, DETECT_BYTES));
    if (!isArchive(format) && !isCompression(format) && format !== 'pyc') {
      // A zip with a stub in front (self-extractor, padding) is found by its end record.
      const tailStart = Math.max(0, random.size - ZIP_TAIL_BYTES);
      if (hasZipEndRecord(await random.read(tailStart, random.size - tailStart))) format = 'zip';
    }
    if (format === 'zip' || format === 'xar') {
      source = new CountingSource(random);
      members = await readRandomAccess(format, source, ctx);
      chain.push(format);
      // Offsets in this level are the file's own only here: not under a compression layer, not nested.
      if (depth === 0 && format === 'zip') state.file = state.artifactPath;
    } else reader = new ByteReader(random.stream(0, random.size));
  } else {
    reader = new ByteReader(input.stream);
  }

  // The level's own bytes, under every compression layer (the first layer's input): what a stack of layers expands from.
  let levelBytes: ByteReader | null = null;
  let layers = 0;
  while (members === null && reader !== null) {
    const format = detect(await reader.peek(DETECT_BYTES));
    if (format === 'gzip' || format === 'bzip2') {
      chain.push(format === 'gzip' ? 'gz' : 'bz2');
      const compressed = reader;
      const decoded = format === 'gzip' ? (await readers.gzip()).gunzip(compressed, ctx) : (await readers.bzip2()).bunzip2(compressed, ctx);
      levelBytes ??= compressed;
      layers += 1;
      reader = new ByteReader(limitExpansion(decoded, compressed, levelBytes, layers, state, container));
      singleName = stripCompressionSuffix(singleName);
      continue;
    }
    if (isCompression(format)) {
      throw new UnsupportedFeatureError(format, `${format} compression (not read yet)`, { offset: reader.offset });
    }
    if (format === 'tar') members = (await readers.tar()).readTar(reader, ctx);
    else if (format === 'cpio') members = (await readers.cpio()).readCpio(reader, ctx);
    else if (format === 'zip' || format === 'xar') {
      source = new CountingSource(await materialize(reader.rest(), state, null));
      members = await readRandomAccess(format, source, ctx);
    } else if (chain.length > 0) {
      // A compressed single file (notes.txt.gz): its one member is the decompressed content.
      members = singleMember(singleName, reader);
    } else {
      throw new FormatError('detect', 'NOT_AN_ARCHIVE', `not an archive: the content is ${format === 'empty' ? 'empty' : format === 'binary' ? 'unknown binary data' : format}`, { offset: 0 });
    }
    chain.unshift(format === 'tar' || format === 'cpio' || format === 'zip' || format === 'xar' ? format : 'data');
  }

  try {
    yield* listLevel(members!, queue, container, depth, state, chain.join('.') || 'data', source);
  } finally {
    // A walk stopped early (the differ's second pass stops at the last member it wants) must stop
    // the decompressors under this level too: tar and cpio do not close their input, and a bzip2
    // child left running keeps the process alive forever. Not awaited: the bzip2 layer's cleanup
    // can wait on a pipe the killed child will never drain.
    if (reader !== null) void reader.close().catch(() => undefined);
  }
}

/**
 * A source that counts the bytes its reader took: the members of a zip or xar inflate one by one,
 * so a bomb shows as content bytes far beyond the compressed bytes read so far.
 */
class CountingSource implements RandomAccessSource {
  readonly inner: RandomAccessSource;
  bytesRead = 0;
  /** Content bytes produced by this level's members. */
  produced = 0;

  readonly readInto?: (target: Uint8Array, position: number) => Promise<number>;

  constructor(inner: RandomAccessSource) {
    this.inner = inner;
    const readInto = inner.readInto?.bind(inner);
    if (readInto !== undefined) {
      this.readInto = async (target, position) => {
        const got = await readInto(target, position);
        this.bytesRead += got;
        return got;
      };
    }
  }

  get size(): number {
    return this.inner.size;
  }

  async read(position: number, length: number): Promise<Uint8Array> {
    const bytes = await this.inner.read(position, length);
    this.bytesRead += bytes.byteLength;
    return bytes;
  }

  async *stream(start: number, end: number): AsyncIterable<Uint8Array> {
    for await (const chunk of this.inner.stream(start, end)) {
      this.bytesRead += chunk.byteLength;
      yield chunk;
    }
  }
}

/** Hand out a level's members (and what its reader reported between them) in order, in batches. */
async function* listLevel(members: AsyncGenerator<Member>, queue: LevelEvents, container: string, depth: number, state: WalkState, format: string, source: CountingSource | null = null): AsyncGenerator<WalkEvent[]> {
  const batch = new Batch();
  batch.add({ kind: 'level', container, depth, format });
  try {
    for await (const member of members) {
      batch.take(queue);
      if (member.content === null) {
        // No content (a directory, a link): nothing to read, no reader to start.
        batch.add(memberEntry(member, container, depth).done());
      } else {
        const atHand = takeAtOnce(member, container, depth, state, source);
        if (atHand !== null) batch.add(atHand);
        else {
          for await (const events of readMember(member, container, depth, state, source)) {
            for (const event of events) batch.add(event);
            if (batch.full()) yield batch.out();
          }
        }
      }
      if (batch.full()) yield batch.out();
    }
  } catch (error) {
    // What was read before the error is handed out before it: the members, and what the reader
    // reported since the last of them (a member's wrong CRC-32 found just before the file ends).
    batch.take(queue, true);
    if (!batch.empty()) yield batch.out();
    throw error;
  } finally {
    await members.return(undefined);
  }
  batch.take(queue, true);
  if (!batch.empty()) yield batch.out();
}

const NO_EVENTS: readonly WalkEvent[] = Object.freeze([]);

/** Layers of one format listed for a level, and problems; past these they are counted. */
export const LEVEL_LAYERS_LISTED = 16;
export const LEVEL_PROBLEMS_LISTED = 100;

/**
 * What a level's reader reports through its context (layers, problems), queued until the walk
 * hands it out between members. Bounded: a crafted gzip of 20-byte members has 50,000 members,
 * each a layer, in a megabyte, all reported while its one member streams; past the bounds they
 * are counted, and the counts handed out when the level ends.
 */
class LevelEvents {
  private events: WalkEvent[] = [];
  private readonly layers = new Map<string, number>();
  private problems = 0;
  private readonly container: string;
  private readonly depth: number;

  constructor(container: string, depth: number) {
    this.container = container;
    this.depth = depth;
  }

  layer(info: LayerInfo): void {
    const seen = (this.layers.get(info.format) ?? 0) + 1;
    this.layers.set(info.format, seen);
    if (seen <= LEVEL_LAYERS_LISTED) this.events.push({ kind: 'layer', container: this.container, depth: this.depth, info });
  }

  problem(problem: Problem): void {
    this.problems += 1;
    if (this.problems <= LEVEL_PROBLEMS_LISTED) this.events.push({ kind: 'problem', container: this.container, problem });
  }

  /** The events queued since the last time; at the level's end, what was counted instead of listed. */
  drain(end: boolean): readonly WalkEvent[] {
    // Most members come with nothing queued: no array made for them.
    if (!end && this.events.length === 0) return NO_EVENTS;
    const events = this.events;
    this.events = [];
    if (!end) return events;
    for (const [format, seen] of this.layers) {
      if (seen > LEVEL_LAYERS_LISTED) events.push({ kind: 'layers-omitted', container: this.container, format, count: seen - LEVEL_LAYERS_LISTED });
    }
    if (this.problems > LEVEL_PROBLEMS_LISTED) {
      const more = this.problems - LEVEL_PROBLEMS_LISTED;
      events.push({ kind: 'problem', container: this.container, problem: { code: 'PROBLEMS_OMITTED', message: `${plural(more, 'more problem', 'more problems')} in this level, not listed (the first ${LEVEL_PROBLEMS_LISTED} are)` } });
    }
    return events;
  }
}

/** Events gathered for one batch (see BATCH_EVENTS). */
class Batch {
  private events: WalkEvent[] = [];
  private contentBytes = 0;

  add(event: WalkEvent): void {
    this.events.push(event);
    if (event.kind === 'entry') this.contentBytes += event.entry.size;
  }

  /** Move a level's queued events (a reader's layers and problems) into the batch; `end`: the level's last. */
  take(queue: LevelEvents, end = false): void {
    for (const event of queue.drain(end)) this.add(event);
  }

  full(): boolean {
    return this.events.length >= BATCH_EVENTS || this.contentBytes >= BATCH_CONTENT_BYTES;
  }

  empty(): boolean {
    return this.events.length === 0;
  }

  out(): WalkEvent[] {
    const events = this.events;
    this.events = [];
    this.contentBytes = 0;
    return events;
  }
}

/**
 * Walk members that come from elsewhere (a directory on disk): hashed and nested like an archive's.
 * `format` names the level (`directory`).
 */
export function walkMembers(members: AsyncGenerator<Member>, name: string, format: string, options: WalkOptions = {}): AsyncGenerator<WalkEvent> {
  return oneByOne(walkMembersInBatches(members, name, format, options));
}

/** walkMembers' events as the walk makes them: in batches (see BATCH_EVENTS). */
export async function* walkMembersInBatches(members: AsyncGenerator<Member>, name: string, format: string, options: WalkOptions = {}): AsyncGenerator<WalkEvent[]> {
  const state = newState(name, options);
  try {
    yield* listLevel(members, new LevelEvents('', 0), '', 0, state, format);
  } catch (error) {
    if (error instanceof WhydiffError) error.locate({ artifact: state.artifact });
    throw error;
  }
}

async function* singleMember(name: string, reader: ByteReader): AsyncGenerator<Member> {
  yield {
    path: name, type: 'file', mode: 0o644, uid: null, gid: null, uname: null, gname: null, mtime: null,
    size: 0, linkTarget: null, format: 'data', offset: 0, raw: {}, problems: [], content: reader.rest(),
  };
}

function stripCompressionSuffix(name: string): string {
  const stripped = name.replace(/\.(gz|tgz|bz2|tbz2?)$/i, (suffix) => (/^\.tb|^\.tg/i.test(suffix) ? '.tar' : ''));
  return stripped === name ? `${name}.data` : stripped;
}

/**
 * A member's entry. Field by field (not a rest-and-spread copy of the member): one shape for every
 * entry, and several times cheaper, for what every member of every artifact goes through. Its raw
 * fields stay the member's record until they are read (raw-record.ts): a side worker posts the
 * record, and the fields are made where they are compared.
 */
class MemberEntry extends RecordedHeader implements WalkEntry {
  memberPath: string;
  container: string;
  depth: number;
  sha256: string | null = null;
  content?: Uint8Array;

  constructor(member: Member, path: string, container: string, depth: number, problems: Problem[]) {
    const record = member.rawRecord;
    super(member, record, problems);
    this.path = path;
    this.memberPath = member.path;
    this.container = container;
    this.depth = depth;
  }
}

/** A member's entry as the walk hands it out, and `done` to hand it out with every problem found. */
function memberEntry(member: Member, container: string, depth: number): { path: string; entry: WalkEntry; own: Problem[]; done: () => { kind: 'entry'; entry: WalkEntry } } {
  const memberPath = member.path;
  const path = container + memberPath;
  // Readers add problems found in the content (a bad CRC) once it is read: collect them when yielding.
  const own: Problem[] = [];
  const entry = new MemberEntry(member, path, container, depth, own);
  const done = (): { kind: 'entry'; entry: WalkEntry } => {
    entry.problems = member.problems.length === 0 ? own : [...member.problems.map((p) => ({ ...p, path })), ...own];
    return { kind: 'entry', entry };
  };
  const unsafe = unsafePathReason(memberPath);
  if (unsafe !== null) own.push({ code: 'UNSAFE_PATH', path, message: `member name ${JSON.stringify(memberPath)} holds ${unsafe}; compared under its stored name, never extracted` });
  return { path, entry, own, done };
}

/** With captureOnly, members that are neither captured nor hold a captured member are not read. */
function leftUnread(state: WalkState, path: string): boolean {
  return state.captureHolders !== null && !state.capture.has(path) && !state.captureHolders.has(path);
}

/**
 * A member whose content its reader gave at once (a list of chunks), read here: hashed, counted and
 * kept as readMember would, without a stream or a promise. Null when readMember must read it: a
 * nested archive or a .pyc to open, or a limit to report (readMember reports it as it always does).
 */
function readMemberAtHand(member: Member, chunks: Uint8Array[], location: ContentLocation | null, container: string, depth: number, state: WalkState, source: CountingSource | null): WalkEvent | null {
  let bytes = 0;
  for (const chunk of chunks) bytes += chunk.byteLength;
  if (!withinLimits(bytes, state, source)) return null;
  if (member.type === 'file' && detectByMagic(firstBytes(chunks, DETECT_BYTES)) !== null) return null;
  const { path, entry, done } = memberEntry(member, container, depth);
  countTaken(bytes, state, source);
  const content = new ContentPass(path, state, location);
  for (const chunk of chunks) content.add(chunk);
  content.finish(entry);
  return done();
}

/**
 * A member read without a stream where it can be: taken from the other side of the comparison
 * (twin-content.ts), else from the chunks its reader has at hand (then published for the other
 * side); null when readMember must read it. Content the reader gives at once is taken once: read
 * here, or by readMember from these chunks.
 */
function takeAtOnce(member: Member, container: string, depth: number, state: WalkState, source: CountingSource | null): WalkEvent | null {
  const path = container + member.path;
  if (leftUnread(state, path)) return null;
  const twin = lookUpTwin(member, path, state);
  const taken = twin?.sha256 == null ? null : readMemberFromTwin(member, twin.sha256, twin.compressed.declaredSize, container, depth, state, source);
  if (taken !== null) return taken;
  // Before contentNow, which gives the member's chunks in place of its content.
  const location = locationOf(member.content, depth, state);
  const chunks = contentNow(member.content);
  if (chunks === null) return null;
  member.content = chunks;
  const read = readMemberAtHand(member, chunks, location, container, depth, state, source);
  // Not one left unhashed (a zip nested in a tar whose sides one thread reads: RecentContent.offerPending).
  if (twin !== null && read?.kind === 'entry' && read.entry.problems.length === 0 && read.entry.sha256 !== null) state.twins!.publish(twin.key, twin.compressed, read.entry.sha256);
  return read;
}

/**
 * A file member's compressed bytes, their key, and the content sha256 the other side published
 * for them (twin-content.ts), when the comparison shares a table and the reader has the bytes at
 * hand; null otherwise. A member whose content is to be captured is read, whatever the table holds.
 */
function lookUpTwin(member: Member, path: string, state: WalkState): { compressed: CompressedAtHand; key: Buffer; sha256: string | null } | null {
  if (state.twins === null || member.type !== 'file' || member.problems.length > 0) return null;
  const content = member.content as ContentAtHand | null;
  const compressed = content !== null && typeof content.compressed === 'function' ? content.compressed() : null;
  if (compressed === null || state.capture.has(path)) return null;
  const key = TwinContent.keyOf(compressed);
  return { compressed, key, sha256: state.twins.find(key, compressed) };
}

/**
 * A member the other side read with the same compressed bytes: counted against the limits as
 * readMemberAtHand counts it (its size is the declared size, which the other side's content had),
 * with the other side's sha256. Its content is not offered to the recent-content store: the twin's
 * is the same, and the differ wants content only where it differs (else it reads it again).
 */
function readMemberFromTwin(member: Member, sha256: string, bytes: number, container: string, depth: number, state: WalkState, source: CountingSource | null): WalkEvent | null {
  if (!withinLimits(bytes, state, source)) return null;
  const { entry, done } = memberEntry(member, container, depth);
  countTaken(bytes, state, source);
  entry.sha256 = sha256;
  return done();
}

/** Whether a member's bytes taken at once keep within the limits (else readMember reads it and reports the limit). */
function withinLimits(bytes: number, state: WalkState, source: CountingSource | null): boolean {
  if (bytes > state.limits.maxMemberBytes || state.totalBytes + bytes > state.limits.maxTotalBytes) return false;
  return source === null || overRatio(source.produced + bytes, source.bytesRead, state.limits) === null;
}

/** Count a member's content bytes, taken at once, against the limits. */
function countTaken(bytes: number, state: WalkState, source: CountingSource | null): void {
  state.totalBytes += bytes;
  if (source !== null) source.produced += bytes;
}

/** The first `n` bytes of a list of chunks (fewer if they hold fewer). */
function firstBytes(chunks: Uint8Array[], n: number): Uint8Array {
  const first = chunks[0];
  if (first === undefined) return new Uint8Array(0);
  if (first.byteLength >= n || chunks.length === 1) return first.subarray(0, n);
  return Buffer.concat(chunks).subarray(0, n);
}

/** Read one member: hash its content as it passes and open it as a nested level if it is an archive. */
async function* readMember(member: Member, container: string, depth: number, state: WalkState, source: CountingSource | null): AsyncGenerator<WalkEvent[]> {
  const { content } = member;
  const { path, entry, own, done } = memberEntry(member, container, depth);
  if (content === null || leftUnread(state, path)) {
    // A file stream (a directory's member) left unread would keep its descriptor open.
    (content as { destroy?: () => void } | null)?.destroy?.();
    yield [done()];
    return;
  }
  const reader = new ByteReader(countContent(content, state, path, source));
  try {
    const format = detectByMagic(await reader.peek(DETECT_BYTES));
    const nestable = format !== null && format !== 'pyc' && member.type === 'file';
    if (nestable && depth + 1 > state.limits.maxDepth) {
      own.push({ code: 'LIMIT_DEPTH', path, message: `nesting depth limit ${state.limits.maxDepth} reached: ${format} member not opened as nesting level ${depth + 1} (raise --max-depth to open it)` });
    } else if (nestable) {
      const hash = createHash('sha256');
      const nested = await materialize(reader.rest(), state, hash);
      entry.sha256 = hash.digest('hex');
      yield [done()];
      try {
        yield* openLevel({ random: nested }, `${path}!/`, depth + 1, state, basename(member.path));
      } catch (error) {
        if (!(error instanceof WhydiffError) || isBomb(error)) throw error;
        // A nested archive that cannot be read on is a problem on its member; the walk goes on.
        yield [{ kind: 'problem', container: `${path}!/`, problem: { code: error.code, message: error.message, offset: error.offset, path } }];
      } finally {
        if (nested instanceof FileSource) {
          await nested.close();
          await rm(nested.path, { force: true });
        }
      }
      return;
    }
    if (format === 'pyc' && member.type === 'file') {
      const pyc = decodePycHeader(await reader.peek(16));
      if (pyc !== null) {
        const content = new ContentPass(path, state);
        const code = createHash('sha256');
        content.add(await reader.read(pyc.headerLength));
        for await (const chunk of reader.rest()) {
          content.add(chunk);
          code.update(chunk);
        }
        content.finish(entry);
        // The marshalled code after the header, hashed apart: a header-only difference is told from a code one.
        entry.raw = { ...entry.raw, pyc: { ...pyc.raw, codeSha256: code.digest('hex') } };
        yield [done()];
        return;
      }
    }
    const content = new ContentPass(path, state, locationOf(member.content, depth, state));
    for await (const chunk of reader.rest()) content.add(chunk);
    content.finish(entry);
    yield [done()];
  } catch (error) {
    if (!(error instanceof WhydiffError)) throw error;
    error.locate({ member: path });
    own.push({ code: error.code, message: error.message, offset: error.offset, path });
    if (error instanceof LimitExceededError && error.limit === 'memberBytes') {
      // The member stops here; the archive goes on (its reader skips the rest).
      yield [done()];
      return;
    }
    // The content stream broke (truncated, corrupt): report the member as far as it was read, then stop.
    yield [done()];
    throw error;
  }
}

/**
 * A member's content as it passes: hashed, and its first captureBytes kept for the differ, on the
 * entry when it was asked for (the second pass), else offered to the recent-content store (the
 * first pass). Chunks are held as given until the member ends (no reader reuses a buffer it handed
 * out): a capture copies them once into a buffer of its own, the store copies them into its window.
 */
class ContentPass {
  /**
   * The hash, made only when the content's chunks cannot wait for finish(): most members are one
   * chunk (a small file inside one of the decompressor's 256 KiB pieces), hashed at finish() by one
   * call of crypto.hash instead of createHash + update + digest (one ×1 tar.gz side walked in one
   * thread: 1,119 → 1,072 ms of CPU); a member the other side may hold with the same bytes
   * (RecentContent.pair) waits, up to captureBytes, which it holds for the differ anyway.
   */
  private hash: Hash | null = null;
  /** The content's chunks not yet hashed: all of them while `hash` is null. */
  private readonly pending: Uint8Array[] = [];
  /** Held for the differ: the content's first captureBytes. */
  private readonly chunks: Uint8Array[] = [];
  private bytes = 0;
  private total = 0;
  private readonly keep: boolean;
  private readonly capture: boolean;
  /** Whether the content may be compared with the other side's instead of hashed (see pending). */
  private readonly twinnable: boolean;
  private readonly state: WalkState;
  private readonly path: string;
  /** Where the content lies in the artifact's file, when the store is to remember it by place (RecentContent.offerAt). */
  private readonly location: ContentLocation | null;

  constructor(path: string, state: WalkState, location: ContentLocation | null = null) {
    this.path = path;
    this.state = state;
    this.capture = state.capture.has(path);
    this.location = location !== null && state.retain !== null && !this.capture ? location : null;
    // Remembered by place, the content need not be held: only hashed.
    this.keep = this.capture || (state.retain !== null && this.location === null);
    this.twinnable = state.retain?.paired === true;
  }

  add(chunk: Uint8Array): void {
    this.total += chunk.byteLength;
    if (this.hash !== null) this.hash.update(chunk);
    else {
      this.pending.push(chunk);
      if (this.pending.length > 1 && !(this.twinnable && this.total <= this.state.captureBytes)) {
        this.hash = hashOf(this.pending);
        this.pending.length = 0;
      }
    }
    if (!this.keep || this.bytes >= this.state.captureBytes) return;
    const part = this.bytes + chunk.byteLength <= this.state.captureBytes ? chunk : chunk.subarray(0, this.state.captureBytes - this.bytes);
    this.chunks.push(part);
    this.bytes += part.byteLength;
  }

  /**
   * The entry's sha256, and its content where the differ wants it. A member that the other side
   * (walked in this thread) holds whole with the same bytes takes its sha256, or, where that one
   * was not hashed either, names it (contentSameAs); one the other side has not reached is held
   * unhashed (RecentContent.offerPending).
   */
  finish(entry: WalkEntry): void {
    let twin: Exclude<TwinVerdict, 'differs'> | null = null;
    if (this.hash !== null) entry.sha256 = this.hash.digest('hex');
    else {
      const pending = this.pending;
      const verdict = this.twinnable ? this.state.retain!.twinOf(this.path, pending, entry) : null;
      if (verdict !== null && verdict !== 'differs') {
        twin = verdict;
        entry.sha256 = verdict.sha256;
        if (verdict.sameAs !== null) entry.contentSameAs = verdict.sameAs;
      } else if (verdict === null && this.twinnable && !this.capture && this.location === null && this.bytes === this.total && this.state.retain!.offerPending(this.path, this.chunks, this.bytes, entry)) {
        // Held whole in the window, unhashed, the other side not there yet: its copy may well have
        // the same bytes, and then no sha256 is needed (recent-content.ts); else it comes through
        // the window's onDigest.
        return;
      } else entry.sha256 = pending.length <= 1 ? hashAtOnce('sha256', pending[0] ?? EMPTY, 'hex') : hashOf(pending).digest('hex');
    }
    if (this.capture) entry.content = Buffer.concat(this.chunks, this.bytes);
    // The other side holds these very bytes at this path: the pair's content is the same, so the
    // differ will not ask for either copy, and this one is not copied into the window.
    else if (twin !== null) return;
    else if (this.location !== null) {
      // Whole members only: a longer one (never held by its bytes either: the window is no larger) would be read again whole.
      if (this.total <= this.state.captureBytes) this.state.retain!.offerAt(this.path, { ...this.location, file: this.state.file!, bytes: this.total }, entry.sha256);
    } else if (this.keep) this.state.retain?.offer(this.path, this.chunks, this.bytes, this.bytes === this.total ? entry.sha256 : null);
  }
}

/**
 * Where a member's stored bytes lie in the artifact's file: when its reader says (a zip's) and its
 * level is the file's own top level (state.file; a nested level's offsets are not the file's).
 */
function locationOf(content: MemberContent | null, depth: number, state: WalkState): ContentLocation | null {
  if (depth !== 0 || state.file === null) return null;
  const atHand = content as ContentAtHand | null;
  return atHand !== null && typeof atHand.location === 'function' ? atHand.location() : null;
}

/** A sha256 fed these chunks, in order. */
function hashOf(chunks: readonly Uint8Array[]): Hash {
  const hash = createHash('sha256');
  for (const chunk of chunks) hash.update(chunk);
  return hash;
}

const EMPTY = new Uint8Array(0);

/**
 * Limits that mean the artifact is hostile (a compression bomb): the whole run stops, at any depth,
 * with one line, rather than a problem on one member.
 */
export function isBomb(error: unknown): error is LimitExceededError {
  return error instanceof LimitExceededError && (error.limit === 'ratio' || error.limit === 'totalBytes');
}

/** The expansion ratio when it is past the limit (once past the grace bytes), else null: the one rule for every layer. */
function overRatio(produced: number, consumed: number, limits: Limits): number | null {
  const ratio = produced / Math.max(1, consumed);
  return produced > RATIO_GRACE_BYTES && ratio > limits.maxRatio ? ratio : null;
}

/** Count content bytes against the per-member and total limits, and (zip, xar) the level's expansion ratio. */
async function* countContent(content: MemberContent, state: WalkState, path: string, source: CountingSource | null): AsyncGenerator<Uint8Array> {
  let bytes = 0;
  for await (const chunk of content) {
    bytes += chunk.byteLength;
    state.totalBytes += chunk.byteLength;
    if (source !== null) {
      source.produced += chunk.byteLength;
      const ratio = overRatio(source.produced, source.bytesRead, state.limits);
      if (ratio !== null) {
        throw new LimitExceededError('ratio', ratio, `members expand to ${source.produced} bytes from ${source.bytesRead} bytes read (${ratio.toFixed(1)}:1), past the limit of ${state.limits.maxRatio}:1 (--max-ratio); a compression bomb?`, { member: path });
      }
    }
    if (bytes > state.limits.maxMemberBytes) {
      throw new LimitExceededError('memberBytes', bytes, `member expands past the limit of ${state.limits.maxMemberBytes} bytes (--max-member-bytes); not read further`, { member: path });
    }
    if (state.totalBytes > state.limits.maxTotalBytes) {
      throw new LimitExceededError('totalBytes', state.totalBytes, `artifact expands past the limit of ${state.limits.maxTotalBytes} bytes in all (--max-total-bytes)`, { member: path });
    }
    yield chunk;
  }
}

/**
 * Stop a layer that expands past the member limit, or past the ratio limit counted against the
 * level's own bytes (`levelBytes`, under every layer): layers stacked on layers (a .gz of a .gz of
 * ...) can each stay under the ratio and still multiply to a bomb. libarchive's
 * test_read_filter_gzip_recursive.gz with two bits flipped is 293 bytes in eight gzip layers of
 * about 13:1 each, 5.6 GB at the bottom (found by `pnpm fuzz --seed 1128`). Compressed data
 * compressed again stays near 1:1, so honest stacks are held to what one layer may do.
 */
async function* limitExpansion(decoded: AsyncIterable<Uint8Array>, compressed: ByteReader, levelBytes: ByteReader, layers: number, state: WalkState, container: string): AsyncGenerator<Uint8Array> {
  let produced = 0;
  for await (const chunk of decoded) {
    produced += chunk.byteLength;
    const where = { member: container === '' ? undefined : container.slice(0, -2), offset: compressed.offset };
    if (produced > state.limits.maxMemberBytes) {
      throw new LimitExceededError('memberBytes', produced, `decompressed data expands past the limit of ${state.limits.maxMemberBytes} bytes (--max-member-bytes)`, where);
    }
    const ratio = overRatio(produced, levelBytes.offset, state.limits);
    if (ratio !== null) {
      const what = layers === 1 ? `decompressed data expands ${Math.round(ratio)}:1` : `${layers} stacked compression layers expand ${levelBytes.offset} bytes to ${produced} (${Math.round(ratio)}:1)`;
      throw new LimitExceededError('ratio', ratio, `${what}, past the limit of ${state.limits.maxRatio}:1 (--max-ratio); a compression bomb?`, where);
    }
    yield chunk;
  }
}

/**
 * Hold a nested archive for random access: in memory up to the limit, else in a file in our private
 * temporary directory (named by a counter, never by the member). Hashes the bytes as they pass.
 */
async function materialize(chunks: AsyncIterable<Uint8Array>, state: WalkState, hash: ReturnType<typeof createHash> | null): Promise<RandomAccessSource> {
  const held: Uint8Array[] = [];
  let size = 0;
  // Written through a file handle, whose every failure is a rejection here: a write stream's errors
  // are events, and one still opening when its walk broke (a limit, damage) and the directory was
  // removed crashed the process (found by `pnpm fuzz --seed 424242`).
  let spill: { path: string; file: FileHandle } | null = null;
  try {
    for await (const chunk of chunks) {
      hash?.update(chunk);
      size += chunk.byteLength;
      if (spill === null && size > state.limits.inMemoryBytes) {
        const path = tempFile();
        spill = { path, file: await open(path, 'wx', 0o600) };
        for (const part of held.splice(0)) await spill.file.writeFile(part);
      }
      if (spill !== null) await spill.file.writeFile(chunk);
      else held.push(new Uint8Array(chunk));
    }
    if (spill === null) return new BufferSource(Buffer.concat(held));
    await spill.file.close();
  } catch (error) {
    // What was spilled goes now, not with the directory at exit.
    if (spill !== null) {
      await spill.file.close().catch(() => undefined);
      await rm(spill.path, { force: true });
    }
    throw error;
  }
  return FileSource.open(spill.path);
}
