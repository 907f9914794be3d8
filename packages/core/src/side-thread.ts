/**
 * Reading a side off the main thread. The walk (decompression, parsing, hashing) runs in a worker
 * thread per side, so the two sides of a comparison use two cores; the worker posts the walk's
 * events back in batches, with entries packed (raw header fields as one JSON text) so that each
 * entry costs a few hundred bytes on the main thread instead of an object graph of ~1.2 KB.
 *
 * The worker is the built `side-worker.js` next to this module. Tests run the TypeScript sources,
 * where it does not exist: there the walk runs in this thread ('auto'), or in a worker that loads
 * the sources through tsx ('worker', for the tests of this file).
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { FormatError, LimitExceededError, TruncatedError, UnsupportedFeatureError, WhydiffError } from '@whydiff/formats/errors';
import type { EntryType, Problem, RawFields } from '@whydiff/formats';
import { RAW_RECORD_KINDS, rawFieldsOf, sameRecord, type RawRecord } from '@whydiff/formats/raw-record';
import type { ArtifactDigest, WalkEntry, WalkEvent, WalkOptions } from './walk.js';
import type { RetainOptions } from './recent-content.js';
import { tempDirectory } from './temp-dir.js';
import { builtWorker, hasBuiltWorker, takeSpare } from './worker-spares.js';

/**
 * One copy of each short string that recurs across entries (types, formats, owner names,
 * containers): strings posted from a worker arrive as new copies, one per entry otherwise.
 */
const recurring = new Map<string, string>();
const RECURRING_MAX = 4096;

function shared<T extends string | null>(value: T): T {
  if (value === null || value.length > 256) return value;
  const known = recurring.get(value);
  if (known !== undefined) return known as T;
  if (recurring.size < RECURRING_MAX) recurring.set(value, value);
  return value;
}

/** One entry with no problems: every such entry shares this (frozen) list. */
const NO_PROBLEMS = Object.freeze([]) as unknown as Problem[];

/**
 * A side's entry as the differ keeps it: the header's scalar fields, the raw header fields as the
 * header bytes they are made from (raw-record.ts) or, for readers that keep none, as their JSON
 * text; made or parsed each time `raw` is read (the differ reads it only for members whose raw
 * fields may differ, and once per pair); no content. `memberPath` is a slice of `path`.
 */
export class PackedEntry implements WalkEntry {
  path: string;
  container: string;
  depth: number;
  type: EntryType;
  mode: number;
  uid: number | null;
  gid: number | null;
  uname: string | null;
  gname: string | null;
  mtime: number | null;
  atime: number | null | undefined;
  ctime: number | null | undefined;
  size: number;
  linkTarget: string | null;
  format: string;
  offset: number;
  sha256: string | null;
  contentSameAs: number | undefined;
  /**
   * The raw fields' JSON text lies in `rawText` from `rawStart` to `rawEnd`: a worker posts the
   * texts of a batch of entries as one string, which the main thread keeps whole. One string of
   * half a megabyte is allocated where the young generation's collector never copies it; 512
   * small ones would be copied twice each on their way to the old generation.
   */
  private readonly rawText: string;
  private readonly rawStart: number;
  private readonly rawEnd: number;
  /** The header bytes the raw fields are made from (views into the batch's bytes), or null: the JSON text holds them. */
  private readonly record: RawRecord | null;
  problems: Problem[];
  pathBytes: Uint8Array | undefined;

  constructor(t: PackedTuple, batchText?: string, batchBytes?: Uint8Array, record?: RawRecord) {
    this.path = t[0];
    this.container = shared(t[1]);
    this.depth = t[2];
    this.type = shared(t[3]);
    this.mode = t[4];
    this.uid = t[5];
    this.gid = t[6];
    this.uname = shared(t[7]);
    this.gname = shared(t[8]);
    this.mtime = t[9];
    this.atime = t[10];
    this.ctime = t[11];
    this.size = t[12];
    this.linkTarget = t[13];
    this.format = shared(t[14]);
    this.offset = t[15];
    this.sha256 = t[16];
    this.contentSameAs = t[21];
    const raw = t[17];
    this.rawText = typeof raw === 'string' ? raw : raw === null ? '' : batchText!;
    this.rawStart = typeof raw === 'string' || raw === null ? 0 : raw[0];
    this.rawEnd = typeof raw === 'string' ? raw.length : raw === null ? 0 : raw[1];
    this.record = record ?? (t[20] === undefined ? null : unwireRecord(t[20], batchBytes!));
    this.problems = t[18] ?? NO_PROBLEMS;
    this.pathBytes = t[19];
  }

  get memberPath(): string {
    return this.path.slice(this.container.length);
  }

  /** JSON.stringify(raw), for an entry whose raw fields came as JSON. */
  private get rawJson(): string {
    return this.rawStart === 0 && this.rawEnd === this.rawText.length ? this.rawText : this.rawText.slice(this.rawStart, this.rawEnd);
  }

  /** A fresh copy of the raw header fields on every read: read it once per use. */
  get raw(): RawFields {
    return this.record === null ? (JSON.parse(this.rawJson) as RawFields) : rawFieldsOf(this.record);
  }

  /** Whether the other entry's raw fields are surely the same as these (the same bytes or the same JSON text), without making them. */
  sameRawAs(other: PackedEntry): boolean {
    if (this.record !== null || other.record !== null) return this.record !== null && other.record !== null && sameRecord(this.record, other.record);
    return this.rawJson === other.rawJson;
  }
}

/**
 * A raw record as posted: [kind (index into RAW_RECORD_KINDS), where its bytes start in the batch's
 * bytes, the number of parts, each part's length (-1: absent), then its numbers].
 */
type WireRecord = number[];

function wireRecord(record: RawRecord, at: number): WireRecord {
  const wired = [RAW_RECORD_KINDS.indexOf(record.kind), at, record.parts.length];
  for (const part of record.parts) wired.push(part === null ? -1 : part.byteLength);
  for (const n of record.numbers) wired.push(n);
  return wired;
}

function unwireRecord(wired: WireRecord, bytes: Uint8Array): RawRecord {
  const count = wired[2]!;
  const parts: Array<Uint8Array | null> = [];
  let at = wired[1]!;
  for (let i = 0; i < count; i++) {
    const length = wired[3 + i]!;
    parts.push(length < 0 ? null : bytes.subarray(at, at + length));
    if (length > 0) at += length;
  }
  return { kind: RAW_RECORD_KINDS[wired[0]!]!, parts, numbers: wired.slice(3 + count) };
}

function recordBytes(record: RawRecord): number {
  let n = 0;
  for (const part of record.parts) if (part !== null) n += part.byteLength;
  return n;
}

/** A PackedEntry as posted between threads (an array clones faster and smaller than an object). */
export type PackedTuple = [
  path: string, container: string, depth: number, type: EntryType, mode: number, uid: number | null, gid: number | null,
  uname: string | null, gname: string | null, mtime: number | null, atime: number | null | undefined, ctime: number | null | undefined,
  size: number, linkTarget: string | null, format: string, offset: number, sha256: string | null,
  /** The raw fields' JSON text, or where it lies in its batch's text (see PackedEntry); null when they come as a record. */
  rawJson: string | [start: number, end: number] | null,
  problems: Problem[] | undefined, pathBytes: Uint8Array | undefined,
  /** The raw fields' record, its bytes in the batch's bytes. */
  rawRecord?: WireRecord,
  contentSameAs?: number,
];

export function packTuple(e: WalkEntry, rawJson: PackedTuple[17], rawRecord?: WireRecord): PackedTuple {
  const tuple: PackedTuple = [
    e.path, e.container, e.depth, e.type, e.mode, e.uid, e.gid, e.uname, e.gname, e.mtime, e.atime, e.ctime,
    e.size, e.linkTarget, e.format, e.offset, e.sha256, rawJson, e.problems.length > 0 ? e.problems : undefined, e.pathBytes,
  ];
  if (rawRecord !== undefined || e.contentSameAs !== undefined) tuple.push(rawRecord);
  if (e.contentSameAs !== undefined) tuple.push(e.contentSameAs);
  return tuple;
}

/** A member's sha256, made after its entry was handed out without one: [full path, the entry's offset, sha256]. */
export type MemberDigest = [path: string, offset: number, sha256: string];

export type PackedEvent = Exclude<WalkEvent, { kind: 'entry' }> | { kind: 'entry'; entry: PackedEntry } | { kind: 'member-digests'; items: MemberDigest[] };
/**
 * What a worker posts for an event: an entry as its bare tuple (an array: no wrapper object, whose
 * key names every entry would carry), any other event as it is.
 */
export type WireEvent = Exclude<WalkEvent, { kind: 'entry' }> | PackedTuple;

function unwire(event: WireEvent, batchText: string, batchBytes: Uint8Array): PackedEvent {
  return Array.isArray(event) ? { kind: 'entry', entry: new PackedEntry(event, batchText, batchBytes) } : event;
}

/**
 * A batch of the walk's events as a worker posts it, in one pass: entries as tuples, their raw
 * fields' records copied into one buffer (transferred, not cloned) and the JSON texts of the others
 * moved into one string (see PackedEntry), and the content bytes of its entries.
 */
export function wireBatch(events: WalkEvent[]): { message: Extract<ChannelMessage, { t: 'events' }>; contentBytes: number } {
  let byteCount = 0;
  for (const event of events) if (event.kind === 'entry' && event.entry.rawRecord !== undefined) byteCount += recordBytes(event.entry.rawRecord);
  const bytes = new Uint8Array(byteCount);
  const wired: WireEvent[] = [];
  const texts: string[] = [];
  let at = 0;
  let byteAt = 0;
  let contentBytes = 0;
  for (const event of events) {
    if (event.kind !== 'entry') {
      wired.push(event);
      continue;
    }
    const entry = event.entry;
    contentBytes += entry.size;
    const record = entry.rawRecord;
    if (record !== undefined) {
      wired.push(packTuple(entry, null, wireRecord(record, byteAt)));
      for (const part of record.parts) {
        if (part === null) continue;
        bytes.set(part, byteAt);
        byteAt += part.byteLength;
      }
      continue;
    }
    const text = JSON.stringify(entry.raw);
    wired.push(packTuple(entry, [at, at + text.length]));
    at += text.length;
    texts.push(text);
  }
  return { message: { t: 'events', events: wired, rawText: texts.join(''), rawBytes: bytes }, contentBytes };
}

/** The walk's events with entries packed, in this thread. */
export async function* packEvents(events: AsyncIterable<WalkEvent>): AsyncGenerator<PackedEvent> {
  for await (const event of events) {
    if (event.kind !== 'entry') yield event;
    else {
      const record = event.entry.rawRecord;
      const entry = record === undefined ? new PackedEntry(packTuple(event.entry, JSON.stringify(event.entry.raw))) : new PackedEntry(packTuple(event.entry, null), undefined, undefined, record);
      yield { kind: 'entry', entry };
    }
  }
}

export interface SideInputData {
  side: 'a' | 'b';
  path: string;
  name: string;
}

/**
 * What the main thread asks a side worker to do (walk options without `retain`: it is made there).
 * A worker may run several requests at once (WorkerHost): `id` tells them apart in every message.
 */
export type WorkerRequest =
  | { op: 'walk'; id: string; input: SideInputData; isDirectory: boolean; options: WalkOptions; retain?: RetainOptions; hashArtifact?: boolean }
  | { op: 'collect'; id: string; input: SideInputData; isDirectory: boolean; plainFile: boolean; wanted: string[]; options: WalkOptions };

/** Each member of a union without its `id` (a request as its caller makes it, a message as its channel sees it). */
type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

/** A request as its caller makes it: the host that runs it names it. */
export type SideRequest = WithoutId<WorkerRequest>;

/** What the main thread tells a side worker first: where to spill. */
export type WorkerSetup = { op: 'temp-dir'; path: string };

/** What the main thread tells a walk that retains content, during the walk and after it. */
export type WorkerControl = { id: string } & ({ op: 'keep'; paths: string[] } | { op: 'peer'; bytes: number } | { op: 'take'; paths: string[] | 'kept' });

/** What a side worker answers, for the request `id`. */
export type WorkerMessage = { id: string } & (
  | { t: 'events'; events: WireEvent[]; rawText: string; rawBytes: Uint8Array }
  | { t: 'content'; items: Array<[string, Uint8Array]> }
  /** The sha256 of members handed out without one (recent-content.ts): [path, the entry's offset, sha256]. */
  | { t: 'member-digests'; items: MemberDigest[] }
  /** The artifact's fingerprint, hashed as the walk streamed it (request.hashArtifact), just before `end`. */
  | { t: 'digest'; sha256: string; size: number }
  | { t: 'end' }
  | { t: 'error'; error: SerializedError }
);

/** A message as one request's channel sees it. */
export type ChannelMessage = WithoutId<WorkerMessage>;

export interface SerializedError {
  name: string;
  message: string;
  stack: string | undefined;
  whydiff: boolean;
  fields: Record<string, unknown>;
}

/** An error as plain data: structured clone keeps neither the class nor the fields of ours. */
export function serializeError(error: unknown): SerializedError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error), stack: undefined, whydiff: false, fields: {} };
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(error)) {
    if (value === null || ['string', 'number', 'boolean', 'undefined'].includes(typeof value)) fields[key] = value;
  }
  return { name: error.name, message: error.message, stack: error.stack, whydiff: error instanceof WhydiffError, fields };
}

const errorClasses: Record<string, { prototype: WhydiffError }> = {
  WhydiffError, FormatError, UnsupportedFeatureError, LimitExceededError, TruncatedError,
};

/** The error again, as the class it was thrown as (WhydiffError subclasses keep code, artifact, member, offset...). */
export function rebuildError(data: SerializedError): Error {
  let error: Error;
  if (data.whydiff) {
    error = new WhydiffError(String(data.fields.code), data.message);
    Object.setPrototypeOf(error, (errorClasses[data.name] ?? WhydiffError).prototype);
  } else {
    error = new Error(data.message);
  }
  Object.assign(error, data.fields);
  error.name = data.name;
  if (data.stack !== undefined) error.stack = data.stack;
  return error;
}

export type SideThread = 'auto' | 'worker' | 'inline';

/** How a side worker starts: a module, or (the sources) a script that loads them through tsx. */
export type WorkerSpec = { url: URL } | { script: string; url: URL };

/** How to start a side worker, or null to walk in this thread. */
export function workerFor(thread: SideThread = 'auto'): WorkerSpec | null {
  if (thread === 'inline') return null;
  if (hasBuiltWorker) return { url: builtWorker };
  if (thread === 'auto') return null;
  // The sources (tests): `--import tsx` does not reach a worker's entry module on Node 20, so the
  // worker registers tsx's loader itself, then imports the TypeScript entry.
  const tsxDir = dirname(createRequire(import.meta.url).resolve('tsx/package.json'));
  const api = pathToFileURL(join(tsxDir, 'dist/esm/api/index.mjs')).href;
  const url = new URL('./side-worker.ts', import.meta.url);
  return { url, script: `import(${JSON.stringify(api)}).then(({ register }) => { register(); return import(${JSON.stringify(url.href)}); });` };
}

/**
 * One worker thread that runs requests (SideWorker channels) until closed. A comparison of two
 * artifacts whose decompression runs outside JavaScript (zlib's thread pool, a bzip2 process) reads
 * both sides in one host: one thread warms up the walk's code instead of two, and the two walks
 * interleave in it while the decompressors run in parallel (bench/RESULTS.md, round 12).
 *
 * The thread ends once `expected` channels have been opened and all of them closed (or at close()).
 * While every open channel's request has ended (a walk that retains content waits to answer `take`),
 * it does not keep the process alive.
 */
export class WorkerHost {
  private readonly spec: WorkerSpec;
  private worker: Worker | null = null;
  private readonly channels = new Map<string, SideWorker>();
  private opened = 0;
  private closed = false;
  private readonly expected: number;

  constructor(spec: WorkerSpec, expected = 1) {
    this.spec = spec;
    this.expected = expected;
  }

  /** Whether its thread runs (started by the first request, ended by the last or by close()). */
  get running(): boolean {
    return this.worker !== null;
  }

  /** Start a request in this host's thread (started on first use). */
  open(request: SideRequest): SideWorker {
    if (this.closed) throw new Error('internal error: a request for a side worker that was closed');
    const id = String(this.opened++);
    const channel = new SideWorker(this, id);
    this.channels.set(id, channel);
    this.thread().postMessage({ ...request, id } as WorkerRequest);
    this.updateRef();
    return channel;
  }

  post(control: WorkerControl): void {
    this.worker?.postMessage(control);
  }

  /** The channel is done with: the thread ends with the last one expected. */
  release(id: string): void {
    this.channels.delete(id);
    if (this.channels.size === 0 && this.opened >= this.expected) this.close();
    else this.updateRef();
  }

  /** End the thread now (open channels get an error if they wait for more). */
  close(): void {
    this.closed = true;
    const worker = this.worker;
    this.worker = null;
    for (const channel of this.channels.values()) channel.push({ t: 'error', error: serializeError(new Error('side worker closed before it finished')) }, true);
    this.channels.clear();
    if (worker !== null) void worker.terminate();
  }

  /** Keep the process alive while a channel's request runs or it waits for an answer; not while all are idle. */
  updateRef(): void {
    if (this.worker === null) return;
    if ([...this.channels.values()].some((c) => c.busy)) this.worker.ref();
    else this.worker.unref();
  }

  private thread(): Worker {
    if (this.worker !== null) return this.worker;
    const spec = this.spec;
    const worker = 'script' in spec
      ? new Worker(spec.script, { eval: true, execArgv: ['--conditions=@whydiff/source'] })
      : (takeSpare() ?? new Worker(spec.url));
    // Spilled nested archives go to the main thread's private directory, which its handlers remove.
    // Told before any request (a spare started before the directory was made).
    worker.postMessage({ op: 'temp-dir', path: tempDirectory() } satisfies WorkerSetup);
    // What comes for a request already closed (its caller stopped listening) is dropped.
    worker.on('message', (message: WorkerMessage) => this.channels.get(message.id)?.push(message));
    worker.on('error', (error) => this.fail(serializeError(error)));
    worker.on('exit', (code) => {
      if (this.worker === worker) this.fail(serializeError(new Error(`side worker stopped (exit code ${code}) before it finished`)));
    });
    this.worker = worker;
    return worker;
  }

  /** The thread failed: every request in it did. */
  private fail(error: SerializedError): void {
    for (const channel of this.channels.values()) channel.push({ t: 'error', error });
  }
}

/**
 * One request run by a side worker: it posts messages until `end` (or an error, thrown here as
 * its own class). A walk that retains content stays after `end` to answer `take`, idle (it does not
 * keep the process alive), until closed.
 */
export class SideWorker {
  private readonly host: WorkerHost;
  private readonly id: string;
  private readonly queue: ChannelMessage[] = [];
  private wake: (() => void) | null = null;
  private ended = false;
  /** Its request runs, or it waits for an answer (see WorkerHost.updateRef). */
  busy = true;

  constructor(host: WorkerHost, id: string) {
    this.host = host;
    this.id = id;
  }

  /** What the worker posts for this request, up to its `end`. */
  async *messages(): AsyncGenerator<ChannelMessage> {
    for (;;) {
      const message = await this.next();
      if (message.t === 'end') return;
      yield message;
    }
  }

  post(control: WithoutId<WorkerControl>): void {
    if (!this.ended) this.host.post({ ...control, id: this.id } as WorkerControl);
  }

  /** The retained content of these members, or every member kept (an empty map from a request that has ended). */
  async take(paths: string[] | 'kept'): Promise<Map<string, Uint8Array>> {
    if (this.ended) return new Map();
    this.busy = true;
    this.host.updateRef();
    try {
      this.post({ op: 'take', paths });
      const message = await this.next();
      return message.t === 'content' ? new Map(message.items) : new Map();
    } catch {
      // What it held is lost with it: the second pass reads those members again.
      return new Map();
    } finally {
      this.idle();
    }
  }

  /** Idle after its walk: the process may exit without it. */
  idle(): void {
    this.busy = false;
    this.host.updateRef();
  }

  close(): void {
    if (this.ended) return;
    this.ended = true;
    this.host.release(this.id);
  }

  /** A message for this request; `closing`: the host is closing, and this is its last. */
  push(message: ChannelMessage, closing = false): void {
    if (closing) this.ended = true;
    this.queue.push(message);
    this.wake?.();
  }

  private async next(): Promise<ChannelMessage> {
    while (this.queue.length === 0) await new Promise<void>((resolve) => (this.wake = resolve));
    this.wake = null;
    const message = this.queue.shift()!;
    if (message.t === 'error') {
      this.close();
      throw rebuildError(message.error);
    }
    return message;
  }
}

/** Run one request in a fresh worker and hand out what it posts; the worker ends with it. */
async function* talk(spec: WorkerSpec, request: SideRequest): AsyncGenerator<ChannelMessage> {
  const worker = new WorkerHost(spec).open(request);
  try {
    yield* worker.messages();
  } finally {
    worker.close();
  }
}

/**
 * The walk of one side in a worker (a fresh one, or a request in `host`): its events with entries
 * packed, and the channel. A walk that retains recent content (request.retain) stays, idle, to
 * answer keep and take until closed; any other ends with its walk.
 */
export function walkInWorker(where: WorkerSpec | WorkerHost, request: Extract<SideRequest, { op: 'walk' }>): { worker: SideWorker; events: AsyncGenerator<PackedEvent>; digest: ArtifactDigest } {
  const worker = (where instanceof WorkerHost ? where : new WorkerHost(where)).open(request);
  const digest: ArtifactDigest = { sha256: null, size: 0 };
  async function* events(): AsyncGenerator<PackedEvent> {
    let finished = false;
    try {
      for await (const message of worker.messages()) {
        if (message.t === 'events') for (const event of message.events) yield unwire(event, message.rawText, message.rawBytes);
        else if (message.t === 'member-digests') yield { kind: 'member-digests', items: message.items };
        else if (message.t === 'digest') Object.assign(digest, { sha256: message.sha256, size: message.size });
      }
      finished = true;
      worker.idle();
    } finally {
      if (!finished || request.retain === undefined) worker.close();
    }
  }
  return { worker, events: events(), digest };
}

/** The second pass of one side, in a worker: the content of the wanted members. */
export async function collectInWorker(spec: WorkerSpec, request: Extract<SideRequest, { op: 'collect' }>): Promise<Map<string, Uint8Array>> {
  const out = new Map<string, Uint8Array>();
  for await (const message of talk(spec, request)) {
    if (message.t === 'content') for (const [path, bytes] of message.items) out.set(path, bytes);
  }
  return out;
}
