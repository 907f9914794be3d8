/**
 * One side of a comparison, read in one pass: every entry's metadata and content hash (a few
 * hundred bytes an entry, never the content), the levels (artifact and nested archives) with their
 * layers and member order, and the problems met on the way.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { DETECT_BYTES, detect } from '@whydiff/formats/detect';
import { WhydiffError } from '@whydiff/formats/errors';
import type { DetectedFormat, LayerInfo } from '@whydiff/formats';
import { readDirectory } from './directory.js';
import type { ReportProblem } from './report-model.js';
import { collectInWorker, packEvents, walkInWorker, workerFor, type PackedEvent, type SideThread, type SideWorker, type WorkerHost } from './side-thread.js';
import { PathList, PathTable } from './path-table.js';
import { RecentContent, type RetainOptions } from './recent-content.js';
import { SettledEntry, SideEntries, type EntriesByPath } from './side-entries.js';
import { seekableInput } from './seekable-input.js';
import { INLINE_MAX_BYTES } from './worker-spares.js';
import { isBomb, walkArtifact, walkArtifactInBatches, walkMembers, walkMembersInBatches, type ArtifactDigest, type WalkEntry, type WalkEvent, type WalkOptions } from './walk.js';

export { PackedEntry, WorkerHost, type SideThread } from './side-thread.js';
export { SettledEntry, SideEntries, type EntriesByPath } from './side-entries.js';

export interface Level {
  container: string;
  depth: number;
  format: string;
  /** The layers listed (the walk lists LEVEL_LAYERS_LISTED of each format: a gzip of many members has one a member). */
  layers: LayerInfo[];
  /** Layers of each format, listed or not. */
  layerCounts: Map<string, number>;
  /** Full member paths in the order the container stores them (ids in the side's PathTable). */
  order: PathList;
}

export interface Side {
  side: 'a' | 'b';
  name: string;
  path: string;
  size: number;
  sha256: string;
  isDirectory: boolean;
  levels: Map<string, Level>;
  /**
   * The member paths of this side's levels, by id. The two sides of a comparison share one table
   * (compare() passes it to both), so that a path both hold is held once and the pairs the
   * comparison lets go are held by number (see path-table.ts).
   */
  paths: PathTable;
  /**
   * Read sides hold PackedEntry (raw kept as JSON text); a manifest side holds plain WalkEntry
   * objects; a folded comparison replaces the entries it has finished with by SettledEntry (for a
   * side read, one shared with the other side: see SideEntries).
   */
  entries: EntriesByPath;
  problems: ReportProblem[];
  /** Content bytes read at every level. */
  bytesRead: number;
  /** When the artifact is not an archive: what it is (text, binary...). */
  plainFile: boolean;
  /** Content held from the first pass (readSide with `retainContent`), for the differ to keep and take. */
  retained?: RetainedContent;
}

/** A read side's recent content (see recent-content.ts), wherever the side was read. */
export interface RetainedContent {
  /** Keep these members' content if it is still held (asked while the side is read). */
  keep(paths: string[]): void;
  /**
   * How many content bytes the other side has read: this side pauses while it is further ahead
   * than half its window (Infinity once the other side has ended).
   */
  peer(bytes: number): void;
  /** The content held of these members; the rest must be read again. */
  take(paths: string[]): Promise<Map<string, Uint8Array>>;
  /**
   * Both sides are read and every keep asked: bring what is kept into this thread and let the rest
   * go (the worker that held it ends, and its heap with it, before the differ's busiest moment).
   */
  settle(): Promise<void>;
  /** Let it all go (and end the worker that holds it). */
  close(): void;
}

/**
 * The entry just recorded on this side takes `path`, the same text as its own path held by the
 * other side, as its path: while both entries wait for the end, their path is held once (the
 * levels' orders hold ids, shared already). False when the entry is not the one last recorded
 * (nothing changed).
 */
export function sharePath(side: Side, entry: WalkEntry, path: string): boolean {
  const order = side.levels.get(entry.container)?.order;
  if (order === undefined || order.ids.last() !== side.paths.find(path) || side.entries.get(path) !== entry) return false;
  // The differ names the member (causes, folded members) by its entry's path.
  entry.path = path;
  return true;
}

/**
 * After sharePath, for an entry kept until the end (its pair not settled): the key it is held under
 * becomes the shared text too. Deleted and set again, the entry stays the last one recorded.
 */
export function shareKey(side: Side, entry: WalkEntry): void {
  side.entries.delete(entry.path);
  side.entries.set(entry.path, entry);
}

/** A member's entry for callers that hold a side read in full (no comparison has let it go). */
export function entryAsRead(side: Side, path: string): WalkEntry | undefined {
  const entry = side.entries.get(path);
  if (entry instanceof SettledEntry) throw new Error(`internal error: ${path} of side ${side.side} was let go by a folded comparison`);
  return entry;
}

export interface SideInput {
  side: 'a' | 'b';
  path: string;
  name: string;
}

/**
 * sha256 and size of a file (a regular file: pipes were copied to one, seekable-input.ts), read in
 * pieces into one buffer: a new buffer a piece is memory that only a collection gives back, and
 * this runs beside a walk (readSide) whose peak it would add to.
 */
export async function hashFile(path: string): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  const handle = await open(path, 'r');
  try {
    const piece = Buffer.allocUnsafe(HASH_PIECE_BYTES);
    let size = 0;
    for (;;) {
      const { bytesRead } = await handle.read(piece, 0, piece.byteLength, size);
      if (bytesRead === 0) break;
      hash.update(piece.subarray(0, bytesRead));
      size += bytesRead;
    }
    return { sha256: hash.digest('hex'), size };
  } finally {
    await handle.close();
  }
}

const HASH_PIECE_BYTES = 1024 * 1024;

/** Walk a file or directory as the differ does: archives opened, plain files as one member. */
export function walkInput(input: SideInput, isDirectory: boolean, options: WalkOptions): AsyncGenerator<WalkEvent> {
  if (isDirectory) return walkMembers(readDirectory(input.path), input.name, 'directory', { ...options, name: input.name });
  return walkArtifact(input.path, { ...options, name: input.name });
}

/** walkInput's events in the walk's batches (a side worker posts each as one message). */
export function walkInputInBatches(input: SideInput, isDirectory: boolean, options: WalkOptions): AsyncGenerator<WalkEvent[]> {
  if (isDirectory) return walkMembersInBatches(readDirectory(input.path), input.name, 'directory', { ...options, name: input.name });
  return walkArtifactInBatches(input.path, { ...options, name: input.name });
}

/** A plain (non-archive) file compared as one member named after side A's file. */
export async function* walkPlainFile(input: SideInput, memberName: string, options: WalkOptions): AsyncGenerator<WalkEvent> {
  const { size } = await stat(input.path);
  async function* member() {
    yield {
      path: memberName, type: 'file' as const, mode: 0, uid: null, gid: null, uname: null, gname: null, mtime: null,
      size, linkTarget: null, format: 'file', offset: 0, raw: {}, problems: [],
      content: createReadStream(input.path, { highWaterMark: 1 << 20 }),
    };
  }
  yield* walkMembers(member(), input.name, 'file', { ...options, name: input.name, limits: { ...options.limits, maxDepth: 0 } });
}

export interface ReadSideOptions extends WalkOptions {
  onProgress?: (entries: number, bytes: number) => void;
  /** Member name for a plain file (both sides use side A's base name, so they match). */
  plainName?: string;
  /** The artifact's sha256 and size when the caller has them already (compare hashes both sides first). */
  digest?: { sha256: string; size: number };
  /**
   * Without `digest`: fingerprint the artifact as its walk reads it (one pass over the file, not
   * two), hashing the file apart only when the walk could not (it failed, or the file is not an
   * archive and was read as a plain file).
   */
  hashWhileReading?: boolean;
  /** Called once with the Side being filled, for provisional comparisons while it is read. */
  onSide?: (side: Side) => void;
  /** Called with each entry as it is recorded. */
  onEntry?: (entry: WalkEntry) => void;
  /** Called with an entry recorded without a sha256 once its digest comes (recent-content.ts). */
  onDigest?: (entry: WalkEntry) => void;
  /** Hold the content of the members read last (side.retained): the differ's second pass is then mostly spared. */
  retainContent?: RetainOptions;
  /**
   * Walk in a worker thread (so two sides read at once use two cores): 'auto' when the built worker
   * is there (production), in this thread otherwise (tests run the TypeScript sources). Unset: a
   * file of up to 1 MiB is read in this thread, anything else 'auto' (threadFor).
   */
  thread?: SideThread;
  /**
   * When the side is read in a worker: run its walk in this host's thread (shared with the other
   * side: see WorkerHost), not in a worker of its own.
   */
  host?: WorkerHost;
  /** The table of member paths to record into (the other side's, in a comparison; a new one if unset). */
  paths?: PathTable;
}

/** Where a side is read when the caller does not say (see INLINE_MAX_BYTES). */
export function threadFor(isFile: boolean, size: number): SideThread {
  return isFile && size <= INLINE_MAX_BYTES ? 'inline' : 'auto';
}

export async function readSide(given: SideInput, options: ReadSideOptions = {}): Promise<Side> {
  // A pipe is read from a copy (seekable-input.ts), which stays for the second pass (Side.path)
  // until the private directory is removed. compare(), verify() and buildManifest() copy first
  // and remove their copies when done; this is for a caller that hands readSide a pipe itself.
  const seekable = await seekableInput(given.path, options.limits);
  const input = { ...given, path: seekable.path };
  const info = seekable.stats;
  const isDirectory = info.isDirectory();
  const whileReading = !isDirectory && options.digest === undefined && options.hashWhileReading === true;
  const digest = isDirectory ? { sha256: '', size: 0 } : options.digest ?? (whileReading ? { sha256: '', size: info.size } : await hashFile(input.path));
  const streamed: ArtifactDigest | undefined = whileReading ? { sha256: null, size: 0 } : undefined;
  const paths = options.paths ?? new PathTable();
  const entries = new SideEntries(paths);
  const side: Side = {
    side: input.side, name: input.name, path: input.path, size: digest.size, sha256: digest.sha256, isDirectory,
    levels: new Map(), paths, entries, problems: [], bytesRead: 0, plainFile: false,
  };
  options.onSide?.(side);
  // The last member recorded, for an error between members (the entries' own order is not kept once pairs settle).
  let last: string | undefined;
  const consume = async (events: AsyncIterable<PackedEvent>) => {
    for await (const event of events) {
      record(side, entries, event, options);
      if (event.kind === 'entry') last = event.entry.path;
    }
  };
  const walkOptions: WalkOptions = { limits: options.limits, artifactDigest: streamed, twins: options.twins };
  let beside: Promise<{ sha256: string; size: number }> | null = null;
  try {
    const worker = workerFor(options.thread ?? threadFor(info.isFile(), info.size));
    if (worker !== null) {
      // One worker walking both sides is the comparison's longest thread, and this one waits on it
      // for part of the time: the fingerprint is made here, beside the walk, reading the file a
      // second time (from the page cache). Bench, ×1 tar.gz, in turn with the worker hashing:
      // bench/RESULTS.md, round 25. Sides in workers of their own keep hashing as they read.
      beside = whileReading && options.host !== undefined ? hashFile(input.path) : null;
      beside?.catch(() => undefined); // awaited below; a walk that fails first must not leave it unhandled
      const walk = walkInWorker(options.host ?? worker, { op: 'walk', input, isDirectory, options: { limits: options.limits, twins: options.twins }, retain: options.retainContent, hashArtifact: whileReading && beside === null });
      if (options.retainContent !== undefined) side.retained = retainedInWorker(walk.worker, options.retainContent);
      await consume(walk.events);
      if (streamed !== undefined) Object.assign(streamed, beside === null ? walk.digest : await beside);
    } else if (options.retainContent === undefined) {
      await consume(packEvents(walkInput(input, isDirectory, walkOptions)));
    } else {
      const recent = new RecentContent(options.retainContent);
      // One thread reads both sides in turns: neither can run far ahead, nothing to pace.
      side.retained = { keep: (paths) => recent.keep(paths), peer: () => undefined, take: async (paths) => recent.take(paths), settle: async () => undefined, close: () => recent.clear() };
      await consume(packEvents(walkInput(input, isDirectory, { ...walkOptions, retain: recent })));
    }
  } catch (error) {
    if (error instanceof WhydiffError && error.code === 'NOT_AN_ARCHIVE' && side.entries.size === 0) {
      side.plainFile = true;
      side.levels.clear();
      // A .txt compared as text is no problem; a .tar.gz that holds HTML is one worth saying.
      const surprise = await notWhatItsNameSays(input);
      if (surprise !== null) side.problems.push({ side: input.side, path: '', offset: 0, code: 'NOT_AN_ARCHIVE', message: surprise });
      await consume(packEvents(walkPlainFile(input, options.plainName ?? basename(given.path), walkOptions)));
    } else if (error instanceof WhydiffError && side.entries.size > 0 && !isBomb(error)) {
      // What was read is compared; the damage is a problem on the report (once: the member that
      // was being read when the stream broke already carries it).
      // Between members the error names none: say which was the last one read.
      const message = error.member === undefined && last !== undefined ? `${error.message}; the last member read was ${last}` : error.message;
      const problem = { side: input.side, path: error.member ?? '', offset: error.offset ?? null, code: error.code, message };
      const same = (p: ReportProblem) => p.path === problem.path && p.code === problem.code && p.offset === problem.offset && p.message === problem.message;
      if (!side.problems.some(same)) side.problems.push(problem);
    } else {
      throw error;
    }
  }
  // The walk's fingerprint when it streamed the whole file; else the file is hashed here.
  if (streamed !== undefined) side.sha256 = streamed.sha256 ?? (await (beside ?? hashFile(input.path))).sha256;
  return side;
}

/** What the format its name promises would be, by suffix (a name is a hint, never a decision). */
const promisedBy: Array<[RegExp, string]> = [
  [/\.(t?gz|taz)$/i, 'gzip'], [/\.(bz2|tbz2?)$/i, 'bzip2'], [/\.(xz|txz)$/i, 'xz'], [/\.(zst|tzst)$/i, 'zstd'],
  [/\.(zip|jar|war|ear|apk|whl|egg|nupkg)$/i, 'zip'], [/\.(xar|pkg)$/i, 'xar'], [/\.tar$/i, 'tar'], [/\.cpio$/i, 'cpio'],
];

const contentWords = { empty: 'an empty file', html: 'HTML text', text: 'text', binary: 'unknown binary data', pyc: 'a Python .pyc file' } as const;

/** `b.tar.gz: not gzip data but HTML text`: what a file named as an archive holds instead (null: not named as one). */
/** What a file on disk holds, by its first bytes (detection by content, never by name). */
export async function detectFile(path: string): Promise<DetectedFormat> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(DETECT_BYTES);
    const { bytesRead } = await handle.read(head, 0, DETECT_BYTES, 0);
    return detect(head.subarray(0, bytesRead));
  } finally {
    await handle.close();
  }
}

async function notWhatItsNameSays(input: SideInput): Promise<string | null> {
  const name = basename(input.name);
  const promised = promisedBy.find(([suffix]) => suffix.test(name))?.[1];
  if (promised === undefined) return null;
  const found = await detectFile(input.path);
  const what = found in contentWords ? contentWords[found as keyof typeof contentWords] : `${found} data`;
  return `${name}: not ${promised} data but ${what}; compared as a plain file`;
}

/**
 * What the comparison tells a side's worker goes together, once per turn of the event loop. The
 * other side's progress is told when it has moved an eighth of the window since last told (or has
 * ended), not after every batch of entries (some 1,700 messages a side at ×1): a worker waits only
 * while it is half its window ahead, so it resumes at most an eighth of the window later.
 */
function retainedInWorker(worker: SideWorker, retain: RetainOptions): RetainedContent {
  const peerStep = retain.budgetBytes / 8;
  let keep: string[] = [];
  let peer: number | null = null;
  let peerTold = 0;
  let scheduled = false;
  let settled: Map<string, Uint8Array> | null = null;
  const send = () => {
    if (!scheduled) return;
    scheduled = false;
    if (keep.length > 0) worker.post({ op: 'keep', paths: keep });
    if (peer !== null) worker.post({ op: 'peer', bytes: peer });
    keep = [];
    peer = null;
  };
  const schedule = () => {
    if (!scheduled) setImmediate(send);
    scheduled = true;
  };
  return {
    keep(paths) {
      keep.push(...paths);
      schedule();
    },
    peer(bytes) {
      if (bytes !== Number.POSITIVE_INFINITY && bytes - peerTold < peerStep) return;
      peer = peerTold = bytes;
      schedule();
    },
    async take(paths) {
      if (settled === null) return worker.take(paths);
      return new Map(paths.flatMap((path) => (settled!.has(path) ? [[path, settled!.get(path)!]] : [])));
    },
    async settle() {
      if (scheduled) send();
      settled = await worker.take('kept');
      worker.close();
    },
    close: () => worker.close(),
  };
}

/** An event of the side's walk, recorded: `entries` are the side's own (readSide made them). */
function record(side: Side, entries: SideEntries, event: PackedEvent, options: ReadSideOptions): void {
  switch (event.kind) {
    case 'member-digests':
      for (const [path, offset, sha256] of event.items) {
        // The member it was made for, if that is still the one recorded under its path (a later
        // member of the same path replaces it) and was not compared and let go.
        const entry = entries.get(path);
        if (entry === undefined || entry instanceof SettledEntry || entry.offset !== offset || entry.sha256 !== null) continue;
        entry.sha256 = sha256;
        options.onDigest?.(entry);
      }
      break;
    case 'level':
      side.levels.set(event.container, { container: event.container, depth: event.depth, format: event.format, layers: [], layerCounts: new Map(), order: new PathList(side.paths) });
      break;
    case 'layer': {
      const level = side.levels.get(event.container);
      if (level === undefined) break;
      level.layerCounts.set(event.info.format, (level.layerCounts.get(event.info.format) ?? 0) + 1);
      level.layers.push(event.info);
      // A zip that is an egg or a wheel, a xar that is a .pkg: name the level by what it is.
      if (['egg', 'wheel', 'pkg'].includes(event.info.format)) level.format = event.info.format;
      break;
    }
    case 'layers-omitted': {
      const level = side.levels.get(event.container);
      level?.layerCounts.set(event.format, (level.layerCounts.get(event.format) ?? 0) + event.count);
      break;
    }
    case 'problem':
      side.problems.push({
        side: side.side,
        path: event.problem.path ?? event.container.replace(/!\/$/, ''),
        offset: event.problem.offset ?? null,
        code: event.problem.code,
        message: event.problem.message,
      });
      break;
    case 'entry': {
      const entry = event.entry;
      const added = entries.add(entry.path, entry);
      if (added === 'new') side.levels.get(entry.container)?.order.push(entry.path);
      else {
        // As on extraction, a later member takes the place of an earlier one of its path, unless
        // that one's pair was compared and let go already (Differ.settle): each copy says which.
        const what = added === 'again' ? 'is compared in place of an earlier one' : "came after an earlier one had been compared with the other side's, and is not compared";
        side.problems.push({ side: side.side, path: entry.path, offset: entry.offset, code: 'DUPLICATE_MEMBER', message: `the archive holds ${entry.memberPath} more than once; the copy at offset ${entry.offset} ${what}` });
      }
      for (const p of entry.problems) {
        side.problems.push({ side: side.side, path: entry.path, offset: p.offset ?? null, code: p.code, message: p.message });
      }
      side.bytesRead += entry.size;
      if (added !== 'settled') options.onEntry?.(entry);
      options.onProgress?.(entries.size, side.bytesRead);
      break;
    }
  }
}

/**
 * The differ's second pass on one side: the content of the wanted members (full paths), taken from
 * what the first pass retained where it can, else read again from the artifact (in a worker when
 * readSide used one). Damage was reported in the first pass: what could be read is returned.
 */
export async function collectContent(side: Side, wanted: Set<string>, options: { limits?: WalkOptions['limits']; thread?: SideThread }): Promise<Map<string, Uint8Array>> {
  const held = side.retained === undefined ? new Map<string, Uint8Array>() : await side.retained.take([...wanted]);
  if (held.size === wanted.size) return held;
  const missing = new Set([...wanted].filter((path) => !held.has(path)));
  for (const [path, bytes] of await readContentAgain(side, missing, options)) held.set(path, bytes);
  return held;
}

async function readContentAgain(side: Side, wanted: Set<string>, options: { limits?: WalkOptions['limits']; thread?: SideThread }): Promise<Map<string, Uint8Array>> {
  const input = { side: side.side, path: side.path, name: side.name };
  const worker = workerFor(options.thread ?? threadFor(!side.isDirectory, side.size));
  if (worker !== null) {
    return collectInWorker(worker, { op: 'collect', input, isDirectory: side.isDirectory, plainFile: side.plainFile, wanted: [...wanted], options: { limits: options.limits } });
  }
  return collectInThread(input, side.isDirectory, side.plainFile, wanted, { limits: options.limits });
}

export async function collectInThread(input: SideInput, isDirectory: boolean, plainFile: boolean, wanted: Set<string>, options: WalkOptions): Promise<Map<string, Uint8Array>> {
  const out = new Map<string, Uint8Array>();
  const walkOptions = { limits: options.limits, capture: wanted, captureOnly: true };
  const events = plainFile ? walkPlainFile(input, [...wanted][0] ?? '', walkOptions) : walkInput(input, isDirectory, walkOptions);
  try {
    for await (const event of events) {
      if (event.kind === 'entry' && event.entry.content !== undefined) {
        out.set(event.entry.path, event.entry.content);
        if (out.size === wanted.size) break;
      }
    }
  } catch {
    // Damage was reported in the first pass; show what could be read.
  }
  return out;
}
