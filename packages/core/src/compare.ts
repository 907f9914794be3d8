/**
 * compare(a, b): read both sides concurrently (one pass each, content hashed as it streams), match
 * members by path at every nesting level, compare every field and raw header field, fetch in a
 * second pass the content of the few members whose content must be shown, and classify every
 * difference into causes with their fixes.
 */
import { hash as hashAtOnce } from 'node:crypto';
import { basename } from 'node:path';
import type { Stats } from 'node:fs';
import picomatch from 'picomatch';
import { pythonVersionFromMagic } from '@whydiff/formats/pyc-magic';
import { hostName } from '@whydiff/formats/zip-records';
import { describeTarNumberForm } from '@whydiff/formats/tar-number-form';
import type { DetectedFormat, RawValue } from '@whydiff/formats';
import { CauseTally, ENTRY_TIME, entryTimeOf, type Finding } from './causes.js';
import { diffContentPair } from './content-pair.js';
import { onlyListsDigestsOf } from './content/digest-list.js';
import { sameBytes } from './same-bytes.js';
import { removeCopies, seekableInput, type SeekableInput } from './seekable-input.js';
import { differingRaw, flattenRaw, sameRaw } from './flatten.js';
import { newTwinTable } from './twin-content.js';
import { INODE_FIELD, judgeField, layerFieldRules, memberFieldRules, recordedOnOneSideOnly } from './field-rules.js';
import { PathTable } from './path-table.js';
import { REPORT_SCHEMA, type Cause, type CauseCategory, type DifferenceNode, type FieldDifference, type Progress, type Report } from './report-model.js';
import { collectContent, detectFile, PackedEntry, readSide, SettledEntry, shareKey, sharePath, SideEntries, threadFor, WorkerHost, type Level, type Side, type SideThread } from './side.js';
import { workerFor } from './side-thread.js';
import type { Limits } from './limits.js';
import type { WalkEntry } from './walk.js';
import { groupDigits, isoSeconds, modeText, plural } from './values.js';

export const TOOL_VERSION = '0.1.0';

/** PKWARE APPNOTE 4.4.4, general purpose bit 11: file name and comment are UTF-8. */
const ZIP_UTF8_FLAG = 0x800;
/** General purpose bits 1-2 of a deflated zip member, and their names (APPNOTE 4.4.4). */
const ZIP_DEFLATE_OPTION = 0x6;
const DEFLATE_OPTIONS = ['normal', 'maximum', 'fast', 'super fast'] as const;
/** APPNOTE 4.4.4 bit 3: the CRC-32 and sizes follow the data, in a data descriptor. */
const ZIP_DATA_DESCRIPTOR = 0x8;

export interface CompareOptions {
  /** Names shown for the two sides (default: the paths as given). */
  names?: { a: string; b: string };
  limits?: Partial<Limits>;
  /** Member paths to leave out, at any level (globs; matched against the member's own path and the full path). */
  exclude?: string[];
  /** Categories dropped from causes and verdict (`timestamp` answers "the same apart from times?"). */
  ignore?: CauseCategory[];
  /** Lines of unified diff shown per member. */
  maxDiffLines?: number;
  /** Content diffs computed at most (the second pass fetches these members' content). */
  maxContentDiffs?: number;
  onProgress?: (progress: Progress) => void;
  /**
   * While both sides are being read, a provisional report every second or so: the causes and
   * differences of the members read on both sides so far (added, removed and order wait for the
   * end). For UIs that fill in as results arrive.
   */
  onPartial?: (report: Report) => void;
  /**
   * Where each side is read: 'auto' (a worker thread when the built worker is there: one for both
   * sides of two tar.gz, a worker a side for zips; see sharedHost),
   * 'worker', 'inline'. Unset: a file of up to 1 MiB in this thread, anything else 'auto' (readSide).
   */
  thread?: SideThread;
  /**
   * Fold members whose differences repeat those of members already listed: the same fields with
   * the same values, where times and compressed sizes count as the same (their causes state them).
   * The first FOLD_AFTER members of each kind are listed, the rest only counted (stats.folded) and
   * named in their causes' paths. Folded or not, a comparison compares members as both sides pass
   * them and lets them go; folded, what it holds then does not grow with the archive's size (a
   * report that lists every differing member grows with them).
   */
  fold?: boolean;
}

/** Members of one kind of difference listed before the rest are folded (CompareOptions.fold). */
export const FOLD_AFTER = 3;

/**
 * Categories that mean the content differs, not only metadata. `toolchain` may be either: a .pyc's
 * magic or a jar's Created-By is in the content, a zip's version made by or a tar header's number
 * form in the headers (Comparison.contentToolchain tells).
 */
const contentCategories = new Set<string>(['content', 'build-path', 'content-order', 'pyc-refs', 'added', 'removed', 'file-type', 'symlink-target', 'timestamp/embedded-in-content', 'timestamp/pyc-header']);

export async function compare(pathA: string, pathB: string, options: CompareOptions = {}): Promise<Report> {
  const started = performance.now();
  // A pipe (`<(curl …)`) is read once into the private directory: see seekable-input.ts.
  const inputs = await Promise.all([seekableInput(pathA, options.limits), seekableInput(pathB, options.limits)]);
  try {
    // A plain file compared as one member is named by the path given, not by its copy's name.
    return await compareSeekable(inputs, { ...options, names: options.names ?? { a: pathA, b: pathB } }, basename(pathA), started);
  } finally {
    await removeCopies(inputs);
  }
}

async function compareSeekable([a, b]: SeekableInput[], options: CompareOptions & { names: { a: string; b: string } }, plainName: string, started: number): Promise<Report> {
  const names = options.names;
  const [pathA, pathB, statA, statB] = [a!.path, b!.path, a!.stats, b!.stats];
  const [formatA, formatB] = await Promise.all([statA.isFile() ? detectFile(pathA) : null, statB.isFile() ? detectFile(pathB) : null]);
  // Files of the same size are compared byte for byte first, up to the first piece that differs
  // (sameBytes): a byte-identical pair is not read further. Files that differ are fingerprinted as
  // their walks read them, one pass over each file, and the reading starts at once (bench,
  // interleaved: ×1 tar.gz 1.69 → 1.64 s, ×4 5.22 → 4.98 s; zip, whose workers have no idle time to
  // hash in, within noise). Before sameBytes, files of the same size were hashed whole first, a pass
  // over both before the walks began: bench/RESULTS.md, round 19, has what that cost.
  const files = statA.isFile() && statB.isFile();
  if (files && statA.size === statB.size) {
    const same = await sameBytes(pathA, pathB);
    if (same !== null) return identicalReport(names, same, started);
  }
  // Provisional reports (the terminal UI) carry a side's digest once its walk has read the whole
  // file: until then they name its format and entries (describeArtifact), and the tree fills in
  // without waiting for a pass over both files first. (Every input is a file or a directory here:
  // seekableInput copied anything else; a file against a directory is hashed by readSide.)
  const hashWhileReading = files;
  const [totalA, totalB] = [progressTotal(formatA, statA), progressTotal(formatB, statB)];
  const progress = (side: 'a' | 'b', total: number) => (entries: number, bytes: number) => options.onProgress?.({ side, entries, bytes, artifactBytes: total });
  const live: { a?: Side; b?: Side } = {};
  // Each side holds its last members' content while the other catches up; members whose hashes
  // differ are kept as soon as both sides have them, so the second pass rarely reads an artifact again.
  // Artifacts only: a directory's members are files, read again for the price of opening them.
  const retainContent = formatA !== null && formatB !== null ? { budgetBytes: RETAIN_BYTES, maxKept: options.maxContentDiffs ?? MAX_CONTENT_DIFFS, paced: true } : undefined;
  // Members are compared as both sides pass them and let go (Differ.settle), folded or not, and
  // provisional reports (the terminal UI's) start from what has been compared so far
  // (Differ.provisional): they need not keep every member to compare it again. When they did, and
  // when a comparison that lists every member kept them all (bench/RESULTS.md, round 19): ×4
  // tar.gz folded, with provisional reports, 12.9 s and 288 MB against 8.1 s and 129 MB; ×4 zip
  // listing every member 13.1 s and 629 MB against 10.5 s and 415 MB.
  let differ: Differ | undefined;
  const stopPartials = options.onPartial === undefined ? () => undefined : startPartials(live, options, options.onPartial, started, () => differ);
  const onEntry = (self: 'a' | 'b', other: 'a' | 'b') => (entry: WalkEntry) => {
    // The side ahead waits for the other (see RecentContent.peer), so both windows cover the same members.
    live[other]?.retained?.peer(live[self]!.bytesRead);
    const twin = live[other]?.entries.get(entry.path);
    if (twin === undefined || twin instanceof SettledEntry) return;
    const shared = sharePath(live[self]!, entry, twin.path);
    differ ??= new Differ(live.a!, live.b!, options);
    if (differ.settle(self, entry, twin)) return;
    // Kept until the end: under the shared text too (a settled pair's keys are gone already).
    if (shared) shareKey(live[self]!, entry);
    keepIfDiffering(entry, twin);
  };
  // Content to show later, held while both sides still have it: a pair whose sha256s differ.
  const keepIfDiffering = (entry: WalkEntry, twin: WalkEntry) => {
    if (entry.type !== 'file' || twin.type !== 'file' || entry.sha256 === null || twin.sha256 === null || entry.sha256 === twin.sha256) return;
    live.a?.retained?.keep([entry.path]);
    live.b?.retained?.keep([entry.path]);
  };
  // A member recorded without a sha256 has it now (recent-content.ts): its pair may differ.
  const onDigest = (other: 'a' | 'b') => (entry: WalkEntry) => {
    const twin = live[other]?.entries.get(entry.path);
    if (twin !== undefined && !(twin instanceof SettledEntry)) keepIfDiffering(entry, twin);
  };
  // A side that has ended (or failed) holds the other back no longer.
  const ended = (other: 'a' | 'b') => () => live[other]?.retained?.peer(Number.POSITIVE_INFINITY);
  const host = await sharedHost([formatA, formatB], [statA, statB], options.thread);
  // One table of member paths for both sides: a path both hold is held once, by number (Side.paths).
  const paths = new PathTable();
  // And one table of what each side has inflated: a member the other side has read is not inflated twice.
  const twins = newTwinTable();
  const common = { limits: options.limits, plainName, thread: options.thread, retainContent, hashWhileReading, host, paths, twins };
  try {
    let sides: [Side, Side];
    try {
      sides = await Promise.all([
        readSide({ side: 'a', path: pathA, name: names.a }, { ...common, onProgress: progress('a', totalA), onSide: (s) => (live.a = s), onEntry: onEntry('a', 'b'), onDigest: onDigest('b') }).finally(ended('b')),
        readSide({ side: 'b', path: pathB, name: names.b }, { ...common, onProgress: progress('b', totalB), onSide: (s) => (live.b = s), onEntry: onEntry('b', 'a'), onDigest: onDigest('a') }).finally(ended('a')),
      ]);
    } finally {
      stopPartials();
    }
    await Promise.all([sides[0].retained?.settle(), sides[1].retained?.settle()]);
    await hashUnmatched(sides[0], sides[1], options);
    return await finish(differ ?? new Differ(sides[0], sides[1], options), options, { started });
  } finally {
    live.a?.retained?.close();
    live.b?.retained?.close();
    host?.close();
  }
}

/**
 * One worker thread for both sides (WorkerHost) when both are archives whose decompression runs
 * outside JavaScript: gzip (zlib's thread pool) or bzip2 through the system's program, or no
 * compression, around tar or cpio. Their walks then interleave in one thread while the
 * decompressors run in parallel, the walk's code is compiled once instead of in two threads, and
 * one thread's heap is saved. Bench, round 12, against a worker a side: ×1 tar.gz 3.03–3.12 →
 * 2.70–2.78 s of CPU and 127–130 → 102–108 MB in the same time; ×4 tar.gz 148–152 → 124 MB. A zip
 * inflates its members in the thread that reads them, so two zips (or a bzip2 decoded in
 * JavaScript) keep a worker each.
 */
export async function sharedHost(formats: [DetectedFormat | null, DetectedFormat | null], stats: [Stats, Stats], thread: SideThread | undefined): Promise<WorkerHost | undefined> {
  const streamed = async (format: DetectedFormat | null) =>
    format === 'gzip' || format === 'tar' || format === 'cpio' || (format === 'bzip2' && (await import('@whydiff/formats/bzip2')).bzip2Decoder() !== 'js');
  if (!(await streamed(formats[0])) || !(await streamed(formats[1]))) return undefined;
  const specs = stats.map((s) => workerFor(thread ?? threadFor(s.isFile(), s.size)));
  return specs[0] != null && specs[1] != null ? new WorkerHost(specs[0], 2) : undefined;
}

/**
 * Recent content a side holds at most while reading (see recent-content.ts). A side waits when it
 * is half of this ahead of the other. Bench ×1, 3 runs each: 8 → 4 MiB took peak RSS from 142 to
 * 129 MB (tar.gz) and 164 to 152 MB (zip) in the same time; 2 MiB saved 13 MB more on zip but
 * made the sides wait (+0.08 s). A differing member larger than this is read again instead.
 */
const RETAIN_BYTES = 4 * 1024 * 1024;
/** Content diffs computed at most, unless CompareOptions.maxContentDiffs says otherwise. */
const MAX_CONTENT_DIFFS = 200;

/**
 * A provisional report of sides still being read: the members present on both sides so far,
 * compared as the final report compares them; nothing is called added, removed or moved yet.
 */
export function provisionalReport(a: Side, b: Side, options: CompareOptions = {}, started = performance.now()): Report {
  return provisionalFrom(new Differ(a, b, options, false, true), started);
}

/** A provisional comparison's report (see provisionalReport, Differ.provisional). */
function provisionalFrom(differ: Differ, started: number): Report {
  differ.run();
  return differ.report(started);
}

/** First provisional report after this long; then at least this far apart. */
const PARTIAL_EVERY_MS = 1000;

/**
 * Provisional reports while the sides are read: the members read on both sides so far, compared
 * as the final report compares them. Each takes time on this thread, so the next one waits at
 * least four times as long as the last took: reading keeps most of the time.
 */
function startPartials(live: { a?: Side; b?: Side }, options: CompareOptions, onPartial: (report: Report) => void, started: number, settling: () => Differ | undefined): () => void {
  // `settling`: the comparison's differ once it has settled a pair (none yet: nothing let go).
  let timer: NodeJS.Timeout | undefined;
  const tick = () => {
    let wait = PARTIAL_EVERY_MS;
    if (live.a !== undefined && live.b !== undefined) {
      const t = performance.now();
      const differ = settling();
      onPartial(differ === undefined ? provisionalReport(live.a, live.b, options, started) : provisionalFrom(differ.provisional(options), started));
      wait = Math.max(PARTIAL_EVERY_MS, 4 * (performance.now() - t));
    }
    timer = setTimeout(tick, wait);
  };
  timer = setTimeout(tick, PARTIAL_EVERY_MS);
  return () => clearTimeout(timer);
}

/**
 * What content bytes read can be measured against for a progress bar: the file's size when its
 * content is stored as is (tar, cpio); 0, unknown, when it is compressed (the content is larger by
 * an unknown factor) or a directory.
 */
function progressTotal(format: DetectedFormat | null, info: Stats): number {
  return format === 'tar' || format === 'cpio' ? info.size : 0;
}


/** How compareSides treats sides that are not both artifacts on disk (e.g. one built from a manifest). */
export interface SidesOptions {
  /** Read the content of differing members again to show and classify it; needs both artifacts on disk (default true). */
  contentPass?: boolean;
  /**
   * When bytes differ and nothing inside does, name the compressor or the container's own bytes
   * (default true). Off when a side records no bytes: the caller says what it cannot know.
   */
  residual?: boolean;
  /** performance.now() when the comparison started, for stats.seconds. */
  started?: number;
}

/** Compare two sides already read (readSide) or built (a manifest): the same matching, fields and causes as compare(). */
export async function compareSides(a: Side, b: Side, options: CompareOptions = {}, sides: SidesOptions = {}): Promise<Report> {
  return finish(new Differ(a, b, options, sides.residual ?? true), options, sides);
}

/** The differ's work once both sides are read (it may have compared some members already). */
async function finish(differ: Differ, options: CompareOptions, sides: SidesOptions): Promise<Report> {
  const started = sides.started ?? performance.now();
  differ.run();
  if (sides.contentPass ?? true) await differ.fetchContent(options);
  return differ.report(started);
}

function identicalReport(names: { a: string; b: string }, digest: { sha256: string; size: number }, started: number): Report {
  const summary = (name: string) => ({ name, size: digest.size, sha256: digest.sha256, format: 'identical bytes', entries: 0 });
  return {
    schema: REPORT_SCHEMA,
    tool: { name: 'whydiff', version: TOOL_VERSION },
    a: summary(names.a),
    b: summary(names.b),
    identical: true,
    contentIdentical: true,
    causes: [],
    differences: [],
    problems: [],
    stats: { entriesA: 0, entriesB: 0, matched: 0, differing: 0, added: 0, removed: 0, bytesReadA: digest.size, bytesReadB: digest.size, seconds: (performance.now() - started) / 1000 },
  };
}

/** Normalized name for the path-encoding fallback: Unicode NFC and case folded. */
const looseName = (path: string) => path.normalize('NFC').toLowerCase();

class Differ {
  readonly tally: CauseTally;
  /** The member paths by id: a's table, which b shares when both were read for this comparison. */
  private readonly paths: PathTable;
  /** Difference nodes by path ('' is the artifact). */
  readonly nodes = new Map<string, DifferenceNode>();
  /** Members whose content must be fetched in the second pass. */
  readonly wantContent = new Set<string>();
  /** Members of a matched through path-encoding: the path in b (every other member pairs with its own path on b). */
  readonly pairs = new Map<string, string>();
  private readonly excluded: (path: string, memberPath: string) => boolean;
  /** Whether any member is to be left out (CompareOptions.exclude). */
  private readonly excludes: boolean;
  private readonly ignore: Set<string>;
  private readonly stats = { matched: 0, added: 0, removed: 0 };
  private readonly a: Side;
  private readonly b: Side;
  private readonly guessResidual: boolean;
  /** A provisional comparison of sides still being read: only members present on both sides. */
  private readonly matchedOnly: boolean;
  private readonly fold: boolean;
  /** Members listed so far of each kind of difference (see CompareOptions.fold). */
  private readonly kinds = new Map<string, Array<{ rank: number; path: string }>>();
  private folded = 0;
  /** A toolchain cause was found in a member's content (a .pyc's magic, a jar's Created-By), not only in headers. */
  private contentToolchain = false;
  /** Containers where pairs compared while read found something (a nested archive's residual looks there). */
  private readonly settledFindingsIn = new Set<string>();
  /** Pairs compared while read, by container: matched once their level is compared (a nested archive whose bytes are equal is not). */
  private readonly settledIn = new Map<string, number>();
  /** The SettledEntry of each type and container (every settled entry of a kind shares one). */
  private readonly settledKinds = new Map<string, SettledEntry>();

  constructor(a: Side, b: Side, options: CompareOptions, guessResidual = true, matchedOnly = false, tally = new CauseTally(a.paths)) {
    this.a = a;
    this.b = b;
    this.paths = a.paths;
    this.tally = tally;
    this.guessResidual = guessResidual;
    this.matchedOnly = matchedOnly;
    const globs = options.exclude ?? [];
    const match = globs.length > 0 ? picomatch(globs, { dot: true }) : null;
    this.excluded = (path, memberPath) => match !== null && (match(path) || match(memberPath) || match(memberPath.replace(/\/$/, '')));
    this.excludes = match !== null;
    this.ignore = new Set(options.ignore ?? []);
    this.fold = options.fold === true;
  }

  /**
   * A provisional comparison that starts where this one is (the pairs compared while read: their
   * causes, the members listed and folded, the counts) and compares the members present on both
   * sides that are not settled, leaving this one as it was: the provisional reports of a
   * comparison whose settled members are let go as they pass (see provisionalReport).
   */
  provisional(options: CompareOptions): Differ {
    const copy = new Differ(this.a, this.b, options, false, true, this.tally.copy());
    for (const [path, node] of this.nodes) copy.nodes.set(path, { ...node, markers: [...node.markers], fields: [...node.fields], children: [...node.children] });
    for (const [pathA, pathB] of this.pairs) copy.pairs.set(pathA, pathB);
    for (const path of this.wantContent) copy.wantContent.add(path);
    Object.assign(copy.stats, this.stats);
    for (const [kind, listed] of this.kinds) copy.kinds.set(kind, [...listed]);
    copy.folded = this.folded;
    copy.contentToolchain = this.contentToolchain;
    for (const container of this.settledFindingsIn) copy.settledFindingsIn.add(container);
    for (const [container, count] of this.settledIn) copy.settledIn.set(container, count);
    return copy;
  }

  private settledEntry(entry: WalkEntry): SettledEntry {
    const key = `${entry.type}:${entry.container}`;
    let settled = this.settledKinds.get(key);
    if (settled === undefined) this.settledKinds.set(key, (settled = new SettledEntry(entry.container, entry.type)));
    return settled;
  }

  /**
   * Compare a pair as soon as both sides have read it, when nothing read later can change what it
   * shows (the same type and content: no nested archive to compare, no content to fetch), and let
   * both entries go: what memory holds then does not grow with the archive's size. False when the
   * pair must wait for the end.
   */
  settle(self: 'a' | 'b', entry: WalkEntry, twin: WalkEntry): boolean {
    const [ea, eb] = self === 'a' ? [entry, twin] : [twin, entry];
    if (ea.type !== eb.type || (ea.type === 'file' && !sameFileContent(ea, eb))) return false;
    // A packed entry's memberPath is a new slice each read: not made for every pair when nothing is excluded.
    if (this.excludes && this.excluded(ea.path, ea.memberPath)) return false;
    const before = this.tally.added;
    this.comparePair(ea, eb);
    if (this.tally.added > before) this.settledFindingsIn.add(ea.container);
    this.settledIn.set(ea.container, (this.settledIn.get(ea.container) ?? 0) + 1);
    SideEntries.settleBoth(this.a.entries, this.b.entries, ea.path, this.settledEntry(ea));
    return true;
  }

  run(): void {
    this.compareLevel('');
    // Bytes that differ with nothing found inside: unless damage (a problem) already says why.
    if (this.a.sha256 !== this.b.sha256 && !this.a.isDirectory && this.tally.added === 0 && this.a.problems.length + this.b.problems.length === 0) {
      this.residual('', this.a.levels.get('')?.format ?? '', [this.a.size, this.b.size]);
    }
  }

  private find(f: Finding): void {
    this.tally.add(f);
  }

  /** Bytes differ but nothing inside does: the compressor (if any) or the container's own bytes. */
  private residual(path: string, format: string, sizes: [number, number]): void {
    if (!this.guessResidual) return;
    // A container field that follows from others and differs is all there is (a tar's end
    // padding); only when none differs is the compressed data the difference.
    const detail = this.residualExample(path);
    const compressed = detail === undefined && /\.(gz|bz2)$/.test(format);
    const example = compressed ? { a: `${groupDigits(sizes[0])} bytes`, b: `${groupDigits(sizes[1])} bytes, the same content once decompressed` } : detail;
    this.find({ category: compressed ? 'compression' : 'container-metadata', path, example });
    addMarker(this.node(path, 'changed', null, null), compressed ? 'compression' : 'bytes');
  }

  /**
   * What differs where nothing read names a cause: the container's fields that were taken as
   * following from others, which here are all there is (a tar's end padding: the record size).
   */
  private residualExample(path: string): { a: string; b: string } | undefined {
    const field = this.nodes.get(path)?.fields.find((f) => f.derived === true && typeof f.a === 'number' && typeof f.b === 'number');
    if (field === undefined) return undefined;
    const name = field.field.slice(field.field.lastIndexOf('.') + 1);
    const [a, b] = [groupDigits(field.a as number), groupDigits(field.b as number)];
    // GNU tar pads the end with zeros to a whole record: 10,240 bytes unless -b or --record-size says otherwise.
    if (name === 'paddingBytes') return { a: `${a} bytes of zeros at the end`, b: `${b} (tar pads to its record size: -b, --record-size)` };
    return { a: `${name}=${a}`, b };
  }

  private node(path: string, status: DifferenceNode['status'], typeA: string | null, typeB: string | null): DifferenceNode {
    let node = this.nodes.get(path);
    if (node === undefined) {
      node = { path, status, markers: [], typeA, typeB, fields: [], children: [] };
      this.nodes.set(path, node);
    }
    return node;
  }

  private compareLevel(container: string): void {
    const la = this.a.levels.get(container);
    const lb = this.b.levels.get(container);
    if (la === undefined || lb === undefined) return;
    const containerPath = container === '' ? '' : container.slice(0, -2);
    this.stats.matched += this.settledIn.get(container) ?? 0;
    this.compareLayers(containerPath, la, lb);
    if (la.format !== lb.format) {
      this.find({ category: 'container-metadata', path: containerPath, example: { a: la.format, b: lb.format } });
      this.node(containerPath, 'changed', null, null).fields.push({ field: 'format', a: la.format, b: lb.format });
    }

    // The level's members on each side, as ids in this differ's table, less those excluded.
    const idsA = this.levelIds(this.a, la);
    const idsB = this.levelIds(this.b, lb);
    // Whether a member is one of this level's on a side: looked up in the side's entries (every
    // member of every level), not in sets built of the levels' orders. Four such sets and maps of
    // every member were the largest thing a comparison held at its end (×4 tar.gz: the main
    // thread's heap 42 → 76 MB in this step).
    const inA = (id: number) => this.entryOf(this.a, id)?.container === container;
    const inB = (id: number) => this.entryOf(this.b, id)?.container === container;
    const text = (id: number) => this.paths.text(id);
    if (this.matchedOnly) {
      // Sides still being read: what is on one side only may be on its way; order waits for the end.
      // A pair settled while read is known by its id (compareRead would do nothing with it): its
      // path is not made a string. Every provisional report passes every member read so far; at
      // ×4 zip the strings and their lookups were two thirds of what a report cost.
      for (const id of idsA) {
        const eb = this.entryOf(this.b, id);
        if (eb?.container !== container || eb instanceof SettledEntry) continue;
        const path = text(id);
        this.compareRead(path, path);
      }
      return;
    }
    // One pass over each side's order: a member is common or on one side only. Whether b's entry
    // of a common member was settled (compared while read: compareRead has nothing to do) is kept
    // from this pass: two lookups fewer for each such member, most of a folded comparison's
    // members (×4 tar.gz: 110,699 of them, in the single-threaded end after the workers). A
    // settled member is known by its id, and its path is not made a string at all.
    const removed: string[] = [];
    let commonA: number[] = [];
    let settledB: boolean[] = [];
    for (const id of idsA) {
      const eb = this.entryOf(this.b, id);
      if (eb?.container !== container) removed.push(text(id));
      else {
        commonA.push(id);
        settledB.push(eb instanceof SettledEntry);
      }
    }
    const added: string[] = [];
    let orderOfB: number[] = [];
    for (const id of idsB) {
      if (inA(id)) orderOfB.push(id);
      else added.push(text(id));
    }

    // Path-encoding fallback: a removed and an added member whose names differ only in encoding.
    // `pairs` holds these; every other member is paired with the same path on b.
    const looseAdded = new Map<string, string>();
    for (const p of added) if (!looseAdded.has(looseName(p))) looseAdded.set(looseName(p), p);
    const pairedB = new Set<string>();
    // A compressed single file (notes.txt.gz) on each side: its one member is named after the file
    // (or the gzip FNAME, compared as a layer field), so a.json.gz and b.json.gz hold a.json and
    // b.json. They are the same member whatever their names.
    if (la.format.startsWith('data.') && lb.format.startsWith('data.') && removed.length === 1 && added.length === 1 && commonA.length === 0) {
      pairedB.add(added[0]!);
      this.pairs.set(removed[0]!, added[0]!);
    }
    for (const pa of removed) {
      if (this.pairs.has(pa)) continue;
      const pb = looseAdded.get(looseName(pa));
      if (pb !== undefined && !pairedB.has(pb)) {
        pairedB.add(pb);
        this.pairs.set(pa, pb);
        this.find({ category: 'path-encoding', path: pa, example: { a: JSON.stringify(pa), b: JSON.stringify(pb) } });
        this.node(pa, 'changed', this.a.entries.get(pa)!.type, this.b.entries.get(pb)!.type).markers.push('name');
      }
    }

    for (const p of removed) {
      if (this.pairs.has(p)) continue;
      this.stats.removed += 1;
      this.find({ category: 'removed', path: p });
      this.node(p, 'removed', this.a.entries.get(p)!.type, null).markers.push('removed');
    }
    for (const p of added) {
      if (pairedB.has(p)) continue;
      this.stats.added += 1;
      this.find({ category: 'added', path: p });
      this.node(p, 'added', null, this.b.entries.get(p)!.type).markers.push('added');
    }

    if (pairedB.size > 0) {
      // Members paired across an encoding are common too, in their places (compareRead looks each up).
      commonA = Array.from(idsA).filter((id) => inB(id) || this.pairs.has(text(id)));
      orderOfB = Array.from(idsB).filter((id) => inA(id) || pairedB.has(text(id)));
      settledB = [];
    }
    const commonB = pairedB.size > 0 ? commonA.map((id) => this.paths.intern(this.pairs.get(text(id)) ?? text(id))) : commonA;
    for (let i = 0; i < commonA.length; i++) if (settledB[i] !== true) this.compareRead(text(commonA[i]!), text(commonB[i]!));

    // Order: the common members in a's order against b's. A folded member stays folded: the
    // entry-order cause names it. Most builds keep the order: b's paths are then met in the same
    // sequence, and no map of positions is needed.
    if (orderOfB.every((id, i) => id === commonB[i])) return;
    const positionB = new Map(orderOfB.map((id, i) => [id, i]));
    const moved = movedMembers(commonB.map((id) => positionB.get(id)!));
    // A member named by a cause but listed nowhere was folded (folds).
    const named = this.fold && moved.size > 0 ? this.tally.namedIds() : null;
    for (const i of moved) {
      const p = text(commonA[i]!);
      const folded = named !== null && named(commonA[i]!) && !this.nodes.has(p);
      this.find({ category: 'entry-order', path: p });
      if (!folded) addMarker(this.node(p, 'changed', this.a.entries.get(p)!.type, this.b.entries.get(text(commonB[i]!))!.type), 'order');
    }
  }

  /** A level's members on a side, as ids in this differ's table (b's own table's ids are translated), less those excluded. */
  private levelIds(side: Side, level: Level): Iterable<number> {
    const order = level.order;
    const same = order.table === this.paths;
    if (same && !this.excludes) return order.ids;
    const ids: number[] = [];
    for (const own of order.ids) {
      const id = same ? own : this.paths.intern(order.table.text(own));
      if (!this.excludes) ids.push(id);
      else {
        // Exclusion goes by the path (its container and member path), the same text on both sides:
        // a path kept on one side is kept on the other. A settled entry was kept when it was compared.
        const e = this.entryOf(side, id)!;
        if (e instanceof SettledEntry || !this.excluded(this.paths.text(id), e.memberPath)) ids.push(id);
      }
    }
    return ids;
  }

  /** A side's entry for a path id: by the id alone when its pair was settled, else by its path. */
  private entryOf(side: Side, id: number): WalkEntry | SettledEntry | undefined {
    const entries = side.entries;
    if (entries instanceof SideEntries && entries.paths === this.paths) return entries.getById(id);
    return entries.get(this.paths.text(id));
  }

  /**
   * Compare a pair unless it was compared while read (settle). A member stored twice whose first
   * copy was settled is compared no more: its twin is gone (the repeat is a problem on the report).
   */
  private compareRead(pa: string, pb: string): void {
    const ea = this.a.entries.get(pa)!;
    const eb = this.b.entries.get(pb)!;
    if (ea instanceof SettledEntry || eb instanceof SettledEntry) return;
    this.stats.matched += 1;
    this.comparePair(ea, eb);
  }

  private compareLayers(path: string, levelA: Level, levelB: Level): void {
    const layersA = levelA.layers;
    const layersB = levelB.layers;
    const count = Math.min(layersA.length, layersB.length);
    for (let i = 0; i < count; i++) {
      const la = layersA[i]!;
      const lb = layersB[i]!;
      if (la.format !== lb.format) continue;
      const fa = flattenRaw(la.raw, `layer.${la.format}`);
      const fb = flattenRaw(lb.raw, `layer.${lb.format}`);
      // zip64 end records on one side only: one cause; their fields follow.
      const zip64A = la.format === 'zip' && la.raw.zip64 !== undefined;
      const zip64Differs = la.format === 'zip' && zip64A !== (lb.raw.zip64 !== undefined);
      // Leading bytes of another length: their digests differ because of it (the count is the cause).
      const leadingDiffers = la.format === 'zip' && la.raw.leadingBytes !== lb.raw.leadingBytes;
      if (zip64Differs) {
        this.find({ category: 'container-metadata', path, example: zip64Example(zip64A, 'end records') });
        addMarker(this.node(path, 'changed', null, null), 'header');
      }
      for (const field of new Set([...fa.keys(), ...fb.keys()])) {
        const va = fa.get(field) ?? null;
        const vb = fb.get(field) ?? null;
        if (sameRaw(va, vb)) continue;
        const follows = (zip64Differs && field.startsWith('layer.zip.zip64.')) || (leadingDiffers && field === 'layer.zip.leadingSha256');
        const verdict = follows ? ({ kind: 'derived' } as const) : judgeField(field, layerFieldRules);
        this.node(path, 'changed', null, null).fields.push(verdict.kind === 'derived' ? { field, a: va, b: vb, derived: true } : { field, a: va, b: vb });
        if (verdict.kind !== 'cause') continue;
        const example = verdict.where === 'container-header' ? { a: timeValue(va), b: timeValue(vb) } : layerExample(field, va, vb, fa.get(`${field}Name`), fb.get(`${field}Name`));
        this.find({ category: verdict.category, where: verdict.where, path, example });
        addMarker(this.node(path, 'changed', null, null), verdict.where === 'container-header' ? 'header time' : 'header');
      }
    }
    // A gzip stream written in several members (pigz --independent, files joined with cat, a tool
    // that flushes in pieces) against one: a layer per member, so the counts differ.
    for (const [format, na] of levelA.layerCounts) {
      const nb = levelB.layerCounts.get(format) ?? 0;
      if (na === nb || nb === 0) continue;
      this.node(path, 'changed', null, null).fields.push({ field: `layer.${format}.members`, a: na, b: nb });
      const pieces = format === 'gzip' ? ' (the stream written in pieces: pigz --independent, or files joined with cat)' : '';
      this.find({ category: 'compression', path, example: { a: plural(na, `${format} member`), b: `${groupDigits(nb)}${pieces}` } });
      addMarker(this.node(path, 'changed', null, null), 'header');
    }
  }

  private comparePair(ea: WalkEntry, eb: WalkEntry): void {
    const path = ea.path;
    const fields: FieldDifference[] = [];
    const found: Finding[] = [];
    if (ea.type !== eb.type) {
      fields.push({ field: 'type', a: ea.type, b: eb.type });
      found.push({ category: 'file-type', path, example: { a: ea.type, b: eb.type } });
    } else {
      // Only the fields that differ are gathered (most pairs differ in one or two of these).
      const plain: Array<[string, RawValue, RawValue]> = [];
      const differs = (field: string, va: RawValue, vb: RawValue) => {
        if (va !== vb) plain.push([field, va, vb]);
      };
      // The format first: where it differs (GNU tar against pax), it is what the cause's example should name.
      differs('format', ea.format, eb.format);
      differs('mode', ea.mode, eb.mode);
      differs('uid', ea.uid, eb.uid);
      differs('gid', ea.gid, eb.gid);
      differs('uname', ea.uname, eb.uname);
      differs('gname', ea.gname, eb.gname);
      differs('mtime', ea.mtime, eb.mtime);
      differs('atime', ea.atime ?? null, eb.atime ?? null);
      differs('ctime', ea.ctime ?? null, eb.ctime ?? null);
      differs('linkTarget', ea.linkTarget, eb.linkTarget);
      differs('size', ea.size, eb.size);
      // Files found the same byte for byte where they were read may have no sha256 (one, or neither).
      const sameContent = ea.sha256 === eb.sha256 || sameFileContent(ea, eb);
      if (!sameContent) differs('sha256', ea.sha256, eb.sha256);
      // Raw fields are read (parsed, for packed entries) once per pair, and compared field by
      // field only when their texts differ; the same text is parsed once for both (read only here).
      const sameText = sameRawText(ea, eb);
      const rawA = ea.raw;
      const rawB = sameText ? rawA : eb.raw;
      if (!sameText) plain.push(...differingRaw(rawA, rawB, 'raw'));
      // A zip member found by scanning local headers (its central record is damaged) has no
      // external attributes and no central-only fields: what it lacks is the damage (a problem
      // already), not a difference in the build.
      const scanned = rawA.source === 'local-header-scan' || rawB.source === 'local-header-scan';
      // zip64 on one side only (followsInThisPair leaves its fields out): one cause, said in words.
      const zip64A = rawA.zip64 !== undefined;
      if (zip64A !== (rawB.zip64 !== undefined)) found.push({ category: 'container-metadata', path, example: zip64Example(zip64A, 'extra fields') });
      // Extra fields of other kinds (zip64 aside) on one side: named, the first thing to tell.
      const sameExtras = sameExtraIds(rawA, rawB);
      const extrasA = sameExtras ? '' : extraKinds(rawA);
      const extrasB = sameExtras ? '' : extraKinds(rawB);
      if (extrasA !== extrasB) found.push({ category: 'container-metadata', path, example: { a: `extra fields: ${extrasA || 'none'}`, b: `${extrasB || 'none'}${/0x5455|0x7875|0x5855/.test(extrasA + extrasB) ? " (Info-ZIP's, which zip -X leaves out)" : ''}` } });
      for (const [field, va, vb] of plain) {
        if (sameRaw(va, vb)) continue;
        const difference: FieldDifference = { field, a: va, b: vb };
        fields.push(difference);
        if (followsInThisPair(field, va, vb, ea, eb, rawA, rawB)) {
          difference.derived = true;
          continue;
        }
        if (scanned && (field === 'mode' || /^raw\.(externalAttributes|externalAttributesHex|stMode|host)$/.test(field) || recordedOnOneSideOnly(va, vb))) continue;
        if ((field === 'raw.flags' || field === 'raw.local.flags') && typeof va === 'number' && typeof vb === 'number' && zipFlagsExplained(va, vb, rawA, rawB, path, found)) continue;
        const verdict = field === 'format' ? { kind: 'cause' as const, category: 'container-metadata' as const } : judgeField(field, memberFieldRules);
        if (verdict.kind === 'derived') {
          difference.derived = true;
          continue;
        }
        if (verdict.kind === 'compressed') {
          if (sameContent && ea.type === 'file') {
            // A zip method by its name too: `method=0 (stored) vs 8 (deflate)`.
            const named = (v: RawValue, name: RawValue | undefined) => (field === 'raw.method' && typeof name === 'string' ? `${JSON.stringify(v)} (${name})` : JSON.stringify(v));
            found.push({ category: 'compression', path, example: { a: `${field.split('.').pop()}=${named(va, rawA.methodName)}`, b: named(vb, rawB.methodName) } });
          }
          continue;
        }
        // A tool's trace on one side only (a tar header's number form is recorded where it is not GNU tar's) still names the tool.
        if (recordedOnOneSideOnly(va, vb) && verdict.category !== 'container-metadata' && verdict.category !== 'symlink-target' && verdict.category !== 'toolchain') {
          const recorded = (v: RawValue) => (v === null ? 'not recorded' : JSON.stringify(v));
          found.push({ category: 'container-metadata', path, example: { a: `${field.replace(/^raw\./, '')}=${recorded(va)}`, b: recorded(vb) } });
          continue;
        }
        // One finding a cause for the pair: the tally names the path once and keeps the first
        // example (a zip member's time differs in ten fields: one finding, not ten).
        const times = verdict.where === 'entry-mtime' ? entryTimeOf(field) : undefined;
        const already = found.find((f) => f.category === verdict.category && f.where === verdict.where);
        if (already !== undefined) {
          if (times !== undefined) already.times = (already.times ?? 0) | times;
          continue;
        }
        const finding: Finding = { category: verdict.category, where: verdict.where, path, example: new LazyExample(field, verdict.category, va, vb) };
        if (times !== undefined) finding.times = times;
        if (verdict.category === 'toolchain' && !sameContent) this.contentToolchain = true;
        found.push(finding);
      }
      if (sameContent && ea.type === 'file') {
        const ca = compressedSizeOf(rawA);
        const cb = compressedSizeOf(rawB);
        if (ca !== null && cb !== null && ca !== cb && !found.some((f) => f.category === 'compression')) {
          found.push({ category: 'compression', path, example: { a: `${ca} compressed bytes`, b: `${cb}` } });
        }
      }
      if (!sameContent && ea.type === 'file' && eb.type === 'file') this.compareContent(ea, eb, rawA, rawB, found);
    }
    if (fields.length === 0 && found.length === 0) return;
    // Pairs may be compared in no fixed order (settle): a cause's example goes by where its member lies.
    const rank = rankOf(ea);
    for (const f of found) f.rank = rank;
    if (this.fold && this.folds(ea, eb, rank, fields, found)) {
      for (const f of found) this.find(f);
      return;
    }
    const node = this.node(path, 'changed', ea.type, eb.type);
    node.fields.push(...fields);
    for (const f of found) {
      this.find(f);
      addMarker(node, markerFor(f));
    }
  }

  /**
   * CompareOptions.fold: whether this pair is left out of the list because FOLD_AFTER members
   * whose differences are of the same kind (kindOf) are listed. The members listed are those that
   * lie first (rankOf, then path), whatever order the pairs are compared in: a member that lies
   * before one listed takes its place, and that one is folded.
   */
  private folds(ea: WalkEntry, eb: WalkEntry, rank: number, fields: FieldDifference[], found: Finding[]): boolean {
    if (ea.type !== eb.type || (ea.type === 'file' ? !sameFileContent(ea, eb) : ea.sha256 !== eb.sha256) || found.length === 0 || ea.problems.length + eb.problems.length > 0 || this.nodes.has(ea.path)) return false;
    if (found.some((f) => contentCategories.has(f.category))) return false;
    const kind = kindOf(fields);
    const listed = this.kinds.get(kind) ?? [];
    this.kinds.set(kind, listed);
    const lies = { rank, path: ea.path };
    const later = (x: typeof lies, y: typeof lies) => x.rank > y.rank || (x.rank === y.rank && x.path > y.path);
    if (listed.length < FOLD_AFTER) {
      listed.push(lies);
      return false;
    }
    let last = 0;
    for (let i = 1; i < listed.length; i++) if (later(listed[i]!, listed[last]!)) last = i;
    this.folded += 1;
    if (!later(listed[last]!, lies)) return true;
    this.nodes.delete(listed[last]!.path);
    listed[last] = lies;
    return false;
  }

  /** Content differs: a nested archive (compared member by member), a .pyc, or a file for the second pass. */
  private compareContent(ea: WalkEntry, eb: WalkEntry, rawA: Record<string, RawValue>, rawB: Record<string, RawValue>, found: Finding[]): void {
    const nested = `${ea.path}!/`;
    if (this.a.levels.has(nested) && this.b.levels.has(nested)) {
      const before = this.tally.added;
      this.compareLevel(nested);
      // Nothing differs inside (now, or in pairs compared while read), yet the bytes do: the
      // compressor, or the archive's own bytes.
      if (this.tally.added === before && ![...this.settledFindingsIn].some((c) => c.startsWith(nested))) this.residual(ea.path, this.a.levels.get(nested)!.format, [ea.size, eb.size]);
      return;
    }
    const pycA = rawA.pyc as Record<string, RawValue> | undefined;
    const pycB = rawB.pyc as Record<string, RawValue> | undefined;
    if (pycA !== undefined && pycB !== undefined && pycA.codeSha256 === pycB.codeSha256) return; // header-only: found through raw.pyc.*
    this.wantContent.add(ea.path);
    found.push({ category: 'content', path: ea.path }); // refined after the second pass
  }

  /** Second pass: read the content of the members to show (bounded in number and size). */
  async fetchContent(options: CompareOptions): Promise<void> {
    const max = options.maxContentDiffs ?? MAX_CONTENT_DIFFS;
    const wanted = new Set([...this.wantContent].slice(0, max));
    if (wanted.size === 0) return;
    const wantedB = new Set([...wanted].map((p) => this.pairs.get(p) ?? p));
    const [contentA, contentB] = await Promise.all([collectContent(this.a, wanted, options), collectContent(this.b, wantedB, options)]);
    for (const path of this.wantContent) {
      const ca = contentA.get(path);
      const cb = contentB.get(this.pairs.get(path) ?? path);
      const node = this.nodes.get(path);
      if (ca === undefined || cb === undefined || node === undefined) {
        if (node !== undefined) node.content = { kind: 'omitted', reason: wanted.has(path) ? 'content could not be read again' : `more than ${max} members differ in content; not shown` };
        continue;
      }
      const verdict = diffContentPair(ca, cb, path, { maxLines: options.maxDiffLines ?? 200 });
      node.content = verdict.diff;
      // Replace the provisional content finding with what the content shows.
      if (verdict.finding.category !== 'content' || verdict.finding.where !== undefined) {
        if (verdict.finding.category === 'toolchain') this.contentToolchain = true;
        this.tally.remove('content', path);
        this.tally.add({ ...verdict.finding, path });
      }
      const marker = markerFor({ ...verdict.finding, path });
      node.markers = node.markers.map((m) => (m === 'content' ? marker : m));
    }
    this.digestLists();
  }

  /**
   * A member whose every changed line names another member of its container that differs (a
   * wheel's RECORD, SHA256SUMS, md5sums) changed because they did: it is no cause of its own, and
   * is marked so.
   */
  private digestLists(): void {
    // The members that differ in content, are added or removed, by container, as their containers name them.
    const differing = new Map<string, string[]>();
    for (const node of this.nodes.values()) {
      if (node.status === 'changed' && !this.wantContent.has(node.path)) continue;
      const container = containerOf(node.path);
      if (node.path.length === container.length) continue; // the artifact's own node
      let names = differing.get(container);
      if (names === undefined) differing.set(container, (names = []));
      names.push(node.path.slice(container.length));
    }
    for (const path of this.wantContent) {
      const node = this.nodes.get(path);
      if (node?.content?.kind !== 'text' || node.content.truncated || !node.markers.includes('content')) continue;
      const container = containerOf(path);
      const self = path.slice(container.length);
      const others = (differing.get(container) ?? []).filter((name) => name !== self);
      if (!onlyListsDigestsOf(node.content.unified, others)) continue;
      this.tally.remove('content', path);
      node.markers = node.markers.map((m) => (m === 'content' ? 'lists digests' : m));
    }
  }

  report(started: number): Report {
    // Causes list their paths in listing order (pairs compared while read arrive in no fixed order).
    const positions = listingPositions(this.a, this.b, this.paths);
    const position = (id: number) => (id < positions.length && positions[id]! >= 0 ? positions[id]! : Number.MAX_SAFE_INTEGER);
    const causes = this.tally.causes(this.ignore, (ids) => this.scopeOf(ids), position).map((cause) => this.withDamageNote(cause));
    const keys = this.tally.keys().filter((key) => !this.ignore.has(key.split('/')[0]!));
    const contentIdentical = !keys.some((key) => (key === 'toolchain' ? this.contentToolchain : contentCategories.has(key) || contentCategories.has(key.split('/')[0]!)));
    const ignoredOnly = keys.length === 0;
    const summary = (side: Side) => ({
      name: side.name,
      size: side.size,
      sha256: side.sha256,
      format: side.isDirectory ? 'directory' : side.plainFile ? 'file' : (side.levels.get('')?.format ?? 'unknown'),
      entries: side.entries.size,
    });
    return {
      schema: REPORT_SCHEMA,
      tool: { name: 'whydiff', version: TOOL_VERSION },
      a: summary(this.a),
      b: summary(this.b),
      identical: ignoredOnly && this.a.sha256 === this.b.sha256 && !this.a.isDirectory,
      contentIdentical,
      causes,
      differences: this.tree((path) => position(this.paths.find(path))),
      problems: [...this.a.problems, ...this.b.problems],
      stats: {
        entriesA: this.a.entries.size,
        entriesB: this.b.entries.size,
        matched: this.stats.matched,
        differing: [...this.nodes.values()].filter((n) => n.status === 'changed' && n.path !== '').length + this.folded,
        added: this.stats.added,
        removed: this.stats.removed,
        bytesReadA: this.a.bytesRead,
        bytesReadB: this.b.bytesRead,
        seconds: Math.round(performance.now() - started) / 1000,
        ...(this.fold ? { folded: this.folded } : {}),
      },
    };
  }

  /**
   * A member missing from a damaged side may not be missing from the build: say so on the cause
   * (a truncated artifact ends before it; a damaged header hid it).
   */
  private withDamageNote(cause: Cause): Cause {
    const side = cause.category === 'removed' ? this.b : cause.category === 'added' ? this.a : null;
    if (side === null || side.problems.length === 0) return cause;
    const notes: string[] = [];
    const damaged = new Set(side.problems.map((p) => p.path));
    const named = cause.paths.filter((p) => damaged.has(p)).length;
    if (named > 0) notes.push(`${named === cause.paths.length ? 'their' : `${named} of their`} headers on ${side.side} are damaged (see the problems)`);
    else if (side.problems.some((p) => /CHECKSUM|BAD_HEADER|BAD_MAGIC|DAMAGED/.test(p.code))) notes.push(`${side.side} has damaged headers (see the problems), which can hide members`);
    if (side.problems.some((p) => /_TRUNCATED$/.test(p.code))) notes.push(`${side.side} ends early (truncated), so they may be in the part that is missing`);
    const notArchive = side.problems.find((p) => p.code === 'NOT_AN_ARCHIVE');
    if (notArchive !== undefined) notes.push(`${side.side} is not an archive at all (${notArchive.message})`);
    return notes.length === 0 ? cause : { ...cause, summary: `${cause.summary}; ${notes.join('; ')}` };
  }

  /** How many members the levels holding these paths have, and whether the paths are all of them. */
  private scopeOf(ids: number[]): { total: number; all: boolean } {
    const containers = new Set<string>();
    for (const id of ids) containers.add(this.entryOf(this.a, id)?.container ?? this.entryOf(this.b, id)?.container ?? '');
    let total = 0;
    for (const c of containers) total += Math.max(this.a.levels.get(c)?.order.length ?? 0, this.b.levels.get(c)?.order.length ?? 0);
    // A cause's paths are each named once (CauseTally.causes).
    return { total, all: ids.length >= total };
  }

  /** Nodes nested under the member that holds them (`x.tar.gz!/y` under `x.tar.gz`), in listing order. */
  private tree(position: (path: string) => number): DifferenceNode[] {
    const roots: DifferenceNode[] = [];
    const sorted = [...this.nodes.values()].sort((x, y) => position(x.path) - position(y.path));
    for (const node of sorted) {
      const bang = node.path.lastIndexOf('!/');
      const parent = bang >= 0 ? this.nodes.get(node.path.slice(0, bang)) ?? this.ensureParent(node.path.slice(0, bang)) : null;
      if (parent) parent.children.push(node);
      else roots.push(node);
    }
    // The artifact's own node ('' path) holds its header differences; it comes first.
    return roots.sort((x, y) => (x.path === '' ? -1 : y.path === '' ? 1 : 0));
  }

  private ensureParent(path: string): DifferenceNode {
    const ea = this.a.entries.get(path);
    const eb = this.b.entries.get(this.pairs.get(path) ?? path);
    const node = this.node(path, 'changed', ea?.type ?? null, eb?.type ?? null);
    addMarker(node, 'inner');
    const bang = path.lastIndexOf('!/');
    if (bang >= 0) (this.nodes.get(path.slice(0, bang)) ?? this.ensureParent(path.slice(0, bang))).children.push(node);
    return node;
  }
}

/**
 * Position of every path in the listing order, by its id in `paths` (-1: not listed): a's members
 * as stored, each nested archive's members right after it, then b's additions in the same way. An
 * array of numbers, not a map of every path (×12 tar.gz: 330,816 paths, ~15 MB as a Map).
 */
function listingPositions(a: Side, b: Side, paths: PathTable): Int32Array {
  const positions = new Int32Array(paths.size).fill(-1);
  let next = 0;
  const visit = (side: Side, container: string, holders: Set<number>) => {
    const order = side.levels.get(container)?.order;
    if (order === undefined) return;
    const same = order.table === paths;
    for (const own of order.ids) {
      // A side read into another table: its paths by text (those no cause names are not needed).
      const id = same ? own : paths.find(order.table.text(own));
      if (id >= 0 && id < positions.length && positions[id] === -1) positions[id] = next;
      next += 1;
      if (holders.has(own)) visit(side, `${order.table.text(own)}!/`, holders);
    }
  };
  // The members that hold a level (ids in the side's own table), from the levels' names: not by
  // making `${path}!/` for every member (a new string to hash for each; ×4 tar.gz: ~100 ms of the report's 400).
  const holdersOf = (side: Side) => new Set([...side.levels.keys()].filter((key) => key !== '').map((key) => side.paths.find(key.slice(0, -2))));
  visit(a, '', holdersOf(a));
  visit(b, '', holdersOf(b));
  return positions;
}

/**
 * Where a member lies, for choosing examples and listed members in no-fixed-order comparisons: the
 * outer levels first, then by offset in the container (ties go by path).
 */
function rankOf(entry: WalkEntry): number {
  return entry.depth * 2 ** 44 + Math.min(entry.offset, 2 ** 44 - 1);
}

/** Indexes of members that moved: those outside a longest increasing run of b-positions. */
export function movedMembers(positions: number[]): Set<number> {
  // Patience sorting for the longest increasing subsequence, O(n log n).
  const tails: number[] = [];
  const prev = new Array<number>(positions.length).fill(-1);
  for (let i = 0; i < positions.length; i++) {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (positions[tails[mid]!]! < positions[i]!) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) prev[i] = tails[lo - 1]!;
    tails[lo] = i;
  }
  const keep = new Set<number>();
  for (let i = tails.length > 0 ? tails[tails.length - 1]! : -1; i >= 0; i = prev[i]!) keep.add(i);
  const moved = new Set<number>();
  for (let i = 0; i < positions.length; i++) if (!keep.has(i)) moved.add(i);
  return moved;
}

function addMarker(node: DifferenceNode, marker: string): void {
  if (!node.markers.includes(marker)) node.markers.push(marker);
}

function pycKind(raw: Record<string, RawValue>): RawValue | undefined {
  return (raw.pyc as Record<string, RawValue> | undefined)?.kind;
}

/** `a.whl!/x.tar!/` for `a.whl!/x.tar!/lib/y.py`; `` at the top. */
function containerOf(path: string): string {
  const at = path.lastIndexOf('!/');
  return at < 0 ? '' : path.slice(0, at + 2);
}

function markerFor(f: Finding): string {
  switch (f.category) {
    case 'timestamp': return f.where === 'pyc-header' ? 'pyc header' : f.where === 'embedded-in-content' ? 'content (time)' : f.where === 'container-header' ? 'header time' : 'mtime';
    case 'permissions': return 'mode';
    case 'ownership': return 'owner';
    case 'entry-order': return 'order';
    case 'container-metadata': return 'header';
    case 'build-path': return 'content (build path)';
    case 'content-order': return 'content (order)';
    case 'pyc-refs': return 'pyc (marshal refs)';
    case 'symlink-target': return 'link';
    case 'file-type': return 'type';
    case 'path-encoding': return 'name';
    default: return f.category;
  }
}

function timeValue(value: RawValue): string {
  return typeof value === 'number' ? isoSeconds(value) : String(value);
}

/**
 * A finding's example, worked out when a summary reads it: a cause shows one example, and a build
 * where every member's time differs has tens of thousands of findings.
 */
class LazyExample {
  private readonly field: string;
  private readonly category: CauseCategory;
  private readonly va: RawValue;
  private readonly vb: RawValue;
  private value: { a: string; b: string } | null = null;

  constructor(field: string, category: CauseCategory, va: RawValue, vb: RawValue) {
    this.field = field;
    this.category = category;
    this.va = va;
    this.vb = vb;
  }

  private get made(): { a: string; b: string } {
    return (this.value ??= exampleFor(this.field, this.category, this.va, this.vb));
  }

  get a(): string {
    return this.made.a;
  }

  get b(): string {
    return this.made.b;
  }
}

function exampleFor(field: string, category: CauseCategory, a: RawValue, b: RawValue): { a: string; b: string } {
  if (field.endsWith('dataDescriptor.signature') && typeof a === 'boolean' && typeof b === 'boolean') {
    return { a: `data descriptors ${a ? 'with' : 'without'} their signature PK\\7\\8`, b: `${b ? 'with' : 'without'} it (APPNOTE 4.3.9 allows both)` };
  }
  if (field.endsWith('internalAttributes') && typeof a === 'number' && typeof b === 'number') {
    // APPNOTE 4.4.14: bit 0 says the file is text. Info-ZIP sets it for files it reads as text, others leave it 0.
    const text = (v: number) => (v & 1 ? 'marked as text, as Info-ZIP marks files it reads as text' : 'not marked as text');
    return { a: `internalAttributes=${a} (${text(a)})`, b: `${b} (${text(b)})` };
  }
  if (INODE_FIELD.test(field)) return { a: `inode ${String(a ?? 'none')} (the build file system's)`, b: String(b ?? 'none') };
  if (field.includes('.slack.')) {
    const region = field.slice(field.lastIndexOf('.') + 1);
    const where = region === 'padding' ? "the header's padding" : region === 'unused' ? "the header's unused byte" : `the ${region} field after its NUL`;
    const bytes = (v: RawValue) => {
      const stray = typeof v === 'string' ? /^at (\d+): ([0-9a-f]+)$/.exec(v) : null;
      if (stray === null) return v === null || v === undefined ? 'none' : JSON.stringify(v);
      const hex = stray[2]!;
      // Printable, they are most often what an earlier header left: shown as text.
      const text = Buffer.from(hex, 'hex').toString('latin1');
      const shown = /^[\x20-\x7e]+$/.test(text) ? JSON.stringify(text.length > 24 ? `${text.slice(0, 24)}…` : text) : hex.length > 16 ? `${hex.slice(0, 16)}…` : hex;
      return `${plural(hex.length / 2, 'byte')} at offset ${stray[1]} (${shown})`;
    };
    return { a: `stray bytes in ${where}: ${bytes(a)}`, b: bytes(b) };
  }
  if (category === 'toolchain' && field.endsWith('numberForm')) {
    const form = (v: RawValue) => describeTarNumberForm(typeof v === 'string' ? v : null);
    return { a: `header numbers ${form(a)}`, b: form(b) };
  }
  if (category === 'toolchain' && typeof a === 'number' && typeof b === 'number' && field === 'raw.versionMadeBy') {
    // APPNOTE 4.4.2: the high byte names the host system, the low one the spec version × 10.
    const madeBy = (v: number) => `${v} (${hostName(v >> 8)}, zip spec ${Math.floor((v & 0xff) / 10)}.${(v & 0xff) % 10})`;
    return { a: `versionMadeBy=${madeBy(a)}`, b: madeBy(b) };
  }
  if (category === 'toolchain' && typeof a === 'number' && typeof b === 'number') {
    const python = (magic: number) => `Python ${pythonVersionFromMagic(magic) ?? '?'} (magic ${magic})`;
    return { a: python(a), b: python(b) };
  }
  if (category === 'timestamp' && typeof a === 'number' && typeof b === 'number' && /mtime|atime|ctime/i.test(field) && !/Iso|dos/i.test(field)) {
    // Which time, unless it is the modification time the summary names.
    const which = entryTimeOf(field) === ENTRY_TIME.modification ? '' : `${field.slice(field.lastIndexOf('.') + 1)} `;
    return { a: `${which}${isoSeconds(a)}`, b: isoSeconds(b) };
  }
  if (category === 'permissions' && field === 'mode' && typeof a === 'number' && typeof b === 'number') return { a: modeText(a), b: modeText(b) };
  if (category === 'timestamp' && typeof a === 'number' && typeof b === 'number' && /dos(Time|Date)$/.test(field)) {
    // MS-DOS packing (APPNOTE 4.4.6): time hhhhh mmmmmm sssss (seconds / 2), date yyyyyyy (from 1980) mmmm ddddd.
    const two = (n: number) => String(n).padStart(2, '0');
    const dos = field.endsWith('Time') ? (v: number) => `${two(v >> 11)}:${two((v >> 5) & 63)}:${two((v & 31) * 2)}` : (v: number) => `${(v >> 9) + 1980}-${two((v >> 5) & 15)}-${two(v & 31)}`;
    return { a: `${field.endsWith('Time') ? 'DOS time' : 'DOS date'} ${dos(a)}`, b: dos(b) };
  }
  const short = field.replace(/^raw\./, '');
  return { a: `${short}=${JSON.stringify(a)}`, b: JSON.stringify(b) };
}

/** The compressed size actually stored for a member (zip64 values over the 32-bit markers; xar data length). */
function compressedSizeOf(raw: Record<string, RawValue>): number | null {
  const zip64 = raw.zip64 as Record<string, RawValue> | undefined;
  const data = raw.data as Record<string, RawValue> | undefined;
  const value = zip64?.compressedSize ?? raw.compressedSize ?? data?.length ?? null;
  return typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : null;
}

/**
 * What makes two pairs' differences the same for folding: the fields that differ with their
 * values, where times and compressed sizes count by field name only (every member's differ, and
 * their causes say so). Fields that follow from others are left out.
 */
function kindOf(fields: FieldDifference[]): string {
  const parts: string[] = [];
  for (const difference of fields) {
    if (difference.derived === true) continue;
    const verdict = judgeField(difference.field, memberFieldRules);
    // Times, compressed sizes and inode numbers differ member by member in a build where they differ at all.
    const byName = verdict.kind === 'compressed' || (verdict.kind === 'cause' && verdict.category === 'timestamp' && verdict.where === 'entry-mtime') || INODE_FIELD.test(difference.field);
    parts.push(byName ? difference.field : `${difference.field}=${JSON.stringify(difference.a)}>${JSON.stringify(difference.b)}`);
  }
  return parts.join('\u0000');
}

/** Packed entries (read sides) with the same raw text have the same raw fields: nothing to flatten. */
/**
 * General purpose flags of two zip members whose differing bits say why: bit 11 (names stored in
 * UTF-8 or in a code page: path-encoding), for deflate bits 1-2 (the compressor's option,
 * APPNOTE 4.4.4: the one trace of the level a zip keeps: compression, whatever the content), and
 * bit 3 (a data descriptor after the data: a writer that streams).
 * Pushes their findings; false when other bits differ too (then the field is judged by its name).
 */
function zipFlagsExplained(va: number, vb: number, rawA: Record<string, RawValue>, rawB: Record<string, RawValue>, path: string, found: Finding[]): boolean {
  const changed = va ^ vb;
  let explained = 0;
  if (changed & ZIP_UTF8_FLAG) {
    explained |= ZIP_UTF8_FLAG;
    const encoding = (flags: number) => (flags & ZIP_UTF8_FLAG ? 'UTF-8 flag set' : 'legacy code page (no UTF-8 flag)');
    if (!found.some((f) => f.category === 'path-encoding')) found.push({ category: 'path-encoding', path, example: { a: encoding(va), b: encoding(vb) } });
  }
  const deflated = (raw: Record<string, RawValue>) => raw.method === 8 || raw.method === 9;
  if (changed & ZIP_DEFLATE_OPTION && deflated(rawA) && deflated(rawB)) {
    explained |= ZIP_DEFLATE_OPTION;
    const option = (flags: number) => DEFLATE_OPTIONS[(flags & ZIP_DEFLATE_OPTION) >> 1]!;
    if (!found.some((f) => f.category === 'compression')) found.push({ category: 'compression', path, example: { a: `deflate option ${option(va)}`, b: option(vb) } });
  }
  if (changed & ZIP_DATA_DESCRIPTOR) {
    explained |= ZIP_DATA_DESCRIPTOR;
    const where = (flags: number) => (flags & ZIP_DATA_DESCRIPTOR ? 'in a data descriptor after the data (flag bit 3: a streaming writer, as Java\'s ZipOutputStream or zip to a pipe)' : 'in the local header');
    if (!found.some((f) => f.category === 'container-metadata')) found.push({ category: 'container-metadata', path, example: { a: `CRC-32 and sizes ${where(va)}`, b: where(vb) } });
  }
  return (changed & ~explained) === 0;
}

/** Whether two members' extra fields (central and local) are of the same ids in the same order: most pairs, checked without allocating. */
function sameExtraIds(rawA: Record<string, RawValue>, rawB: Record<string, RawValue>): boolean {
  const ids = (list: RawValue | undefined, other: RawValue | undefined): boolean => {
    if (!Array.isArray(list) || !Array.isArray(other)) return !Array.isArray(list) && !Array.isArray(other);
    if (list.length !== other.length) return false;
    for (let i = 0; i < list.length; i++) {
      const x = list[i];
      const y = other[i];
      if (x === null || y === null || typeof x !== 'object' || typeof y !== 'object' || Array.isArray(x) || Array.isArray(y) || x.id !== y.id) return false;
    }
    return true;
  };
  const localA = rawA.local as Record<string, RawValue> | undefined;
  const localB = rawB.local as Record<string, RawValue> | undefined;
  return ids(rawA.extra, rawB.extra) && ids(localA?.extra, localB?.extra);
}

/**
 * The kinds of extra fields a zip member has, central and local ('' for none, and for other
 * formats): `extended-timestamp (0x5455), info-zip-unix (0x7875)`. zip64's are told apart by zip64Example.
 */
function extraKinds(raw: Record<string, RawValue>): string {
  const local = raw.local as Record<string, RawValue> | undefined;
  const kinds = new Set<string>();
  for (const list of [raw.extra, local?.extra]) {
    if (!Array.isArray(list)) continue;
    for (const field of list) {
      if (field === null || typeof field !== 'object' || Array.isArray(field) || field.id === '0x0001') continue;
      kinds.add(typeof field.name === 'string' ? `${field.name} (${String(field.id)})` : String(field.id));
    }
  }
  return [...kinds].join(', ');
}

/** A zip's 64-bit extensions on one side only: what each side holds. */
function zip64Example(onA: boolean, what: 'extra fields' | 'end records'): { a: string; b: string } {
  const without = 'no zip64 records (32-bit sizes and offsets)';
  const with64 = `zip64 ${what} (a writer that always writes them, as zip -fz or one writing to a pipe does)`;
  return onA ? { a: with64, b: without } : { a: without, b: with64 };
}

/** `XFL=2, maximum compression (level 9)` vs `0, no flag (level 2-8)`: a number with its name, where the reader named it. */
function layerExample(field: string, va: RawValue, vb: RawValue, nameA: RawValue | undefined, nameB: RawValue | undefined): { a: string; b: string } {
  if (field === 'layer.zip.leadingBytes') {
    const bytes = (v: RawValue) => (typeof v === 'number' ? groupDigits(v) : '0');
    return { a: `${bytes(va)} bytes before the first member`, b: `${bytes(vb)} (a self-extractor stub, or data prepended to the zip)` };
  }
  if (field === 'layer.zip.leadingSha256') {
    const digest = (v: RawValue) => `sha256 ${String(v).slice(0, 12)}…`;
    return { a: `bytes before the first member with ${digest(va)}`, b: `${digest(vb)} (another self-extractor stub, or other data prepended, of the same length)` };
  }
  const shown = (value: RawValue, name: RawValue | undefined) => (typeof name === 'string' ? `${JSON.stringify(value)}, ${name}` : JSON.stringify(value));
  return { a: `${field.split('.').pop()}=${shown(va, nameA)}`, b: shown(vb, nameB) };
}

/**
 * Before the pairs left are compared: a file that was not hashed because its content was found the
 * same as the other side's member of its path (recent-content.ts), paired now with another member
 * of that path (a later one took that one's place after the window had let its bytes go, or before
 * the pair was compared), is read again and hashed. Rare; without it the pair would show no sha256.
 */
export async function hashUnmatched(a: Side, b: Side, options: { limits?: Partial<Limits>; thread?: SideThread }): Promise<void> {
  const wanted = { a: new Map<string, WalkEntry>(), b: new Map<string, WalkEntry>() };
  // Settled pairs were compared already: only the others are looked at (keys() would make every
  // settled member's path a string again, at the end of the comparison, when nothing else runs).
  const paths = a.entries instanceof SideEntries ? a.entries.unsettledKeys() : a.entries.keys();
  for (const path of paths) {
    const ea = a.entries.get(path);
    const eb = b.entries.get(path);
    if (ea === undefined || eb === undefined || ea instanceof SettledEntry || eb instanceof SettledEntry) continue;
    if (ea.type !== 'file' || eb.type !== 'file' || (ea.sha256 !== null && eb.sha256 !== null) || sameFileContent(ea, eb)) continue;
    if (ea.sha256 === null && (ea.contentSameAs !== undefined || eb.sha256 !== null) && ea.problems.length === 0) wanted.a.set(path, ea);
    if (eb.sha256 === null && (eb.contentSameAs !== undefined || ea.sha256 !== null) && eb.problems.length === 0) wanted.b.set(path, eb);
  }
  await Promise.all(
    ([[a, wanted.a], [b, wanted.b]] as const).map(async ([side, entries]) => {
      if (entries.size === 0) return;
      const content = await collectContent(side, new Set(entries.keys()), options);
      for (const [path, entry] of entries) {
        const bytes = content.get(path);
        if (bytes !== undefined && bytes.byteLength === entry.size) entry.sha256 = hashAtOnce('sha256', bytes, 'hex');
      }
    }),
  );
}

/**
 * Whether two files are known to hold the same content: the same sha256, or one found byte for
 * byte the same as the other where both were read (WalkEntry.contentSameAs: neither was hashed).
 */
function sameFileContent(ea: WalkEntry, eb: WalkEntry): boolean {
  if (ea.sha256 !== null && ea.sha256 === eb.sha256) return true;
  return (ea.contentSameAs !== undefined && ea.contentSameAs === eb.offset) || (eb.contentSameAs !== undefined && eb.contentSameAs === ea.offset);
}

function sameRawText(ea: WalkEntry, eb: WalkEntry): boolean {
  return ea instanceof PackedEntry && eb instanceof PackedEntry && ea.sameRawAs(eb);
}

/** `raw.extra.2.data` (or `raw.local.extra.2.data`) of an extra field the reader decoded into named values. */
/**
 * Fields that follow from another difference of this pair, which their names alone do not tell
 * (field-rules.ts judges by name): shown, never causes.
 */
function followsInThisPair(field: string, va: RawValue, vb: RawValue, ea: WalkEntry, eb: WalkEntry, rawA: Record<string, RawValue>, rawB: Record<string, RawValue>): boolean {
  // An extra field's bytes, where the reader decoded them: its decoded values are compared themselves.
  if (isDecodedExtraData(field, rawA, rawB)) return true;
  // An archive against a directory (the tree it was made from, or unpacked to): the directory's
  // members have no header, so every raw field is on one side only; the format names the cause.
  if (field.startsWith('raw.') && (ea.format === 'directory') !== (eb.format === 'directory')) return true;
  // A tar meta header's name holds the member's name: where the names differ (a pair matched by its
  // encoding), so does it, and that is the path-encoding cause.
  if (field.startsWith('raw.meta.') && field.endsWith('.name')) return ea.path !== eb.path;
  // A .pyc compiled in another invalidation mode (PEP 552) records its source by mtime and size or
  // by hash: which fields it has follows from its kind, the one cause.
  if (field.startsWith('raw.pyc.')) return field !== 'raw.pyc.kind' && recordedOnOneSideOnly(va, vb) && pycKind(rawA) !== pycKind(rawB);
  // zip64 extra fields on one side only: the fields, the sizes they hold and the version needed (4.5)
  // follow from them, the one cause (comparePair names it).
  if ((rawA.zip64 === undefined) !== (rawB.zip64 === undefined) && /^raw\.(local\.)?(extra|zip64|versionNeeded)(\.|$)/.test(field)) return true;
  // A zip member's "version needed" follows from the features it uses (deflate 2.0, zip64 4.5) and
  // from the writer's habits: where the method or the writer differs, so may it.
  if (field === 'raw.versionNeeded' || field === 'raw.local.versionNeeded') return rawA.method !== rawB.method || rawA.versionMadeBy !== rawB.versionMadeBy;
  return false;
}

function isDecodedExtraData(field: string, rawA: Record<string, RawValue>, rawB: Record<string, RawValue>): boolean {
  // Most differing fields are not extra data: the cheap test first (a regex match allocates).
  if (!field.endsWith('.data')) return false;
  const match = /^raw\.((?:local\.)?extra)\.(\d+)\.data$/.exec(field);
  if (match === null) return false;
  const decoded = (raw: Record<string, RawValue>) => {
    const list = match[1] === 'extra' ? raw.extra : (raw.local as Record<string, RawValue> | undefined)?.extra;
    const element = Array.isArray(list) ? list[Number(match[2])] : undefined;
    if (element === null || typeof element !== 'object' || Array.isArray(element)) return false;
    // Decoded: a field besides the four every extra field has (for-in: no array of keys a call).
    for (const key in element) if (key !== 'id' && key !== 'name' && key !== 'size' && key !== 'data') return true;
    return false;
  };
  return decoded(rawA) && decoded(rawB);
}
