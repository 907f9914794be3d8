/**
 * A side worker (see side-thread.ts): walks artifacts (or reads the content of a few of their
 * members again) and posts what it finds to the thread that started it. It runs every request it
 * is sent, at once (a comparison may read both sides in one worker: WorkerHost), and tags each
 * message with its request's id. A walk that retains recent content then stays to answer `take`
 * (and heeds `keep` while it walks) until the worker is ended. Files it spills go to the main
 * thread's private directory, which the main thread names in its first message (`temp-dir`: a
 * spare worker starts before the directory is made, worker-spares.ts) and removes (a request may
 * start after another has ended, so this thread never lets go of it).
 */
import { parentPort } from 'node:worker_threads';
import { adoptTempDir } from './temp-dir.js';
import { collectInThread, walkInputInBatches } from './side.js';
import { RecentContent } from './recent-content.js';
import type { ArtifactDigest } from './walk.js';
import { serializeError, wireBatch, type ChannelMessage, type MemberDigest, type WorkerControl, type WorkerMessage, type WorkerRequest, type WorkerSetup } from './side-thread.js';

const port = parentPort!;

/** A pause longer than this means the sides are not aligned; pacing stops (see Request.pause). */
const PAUSE_MAX_MS = 250;

/** One request being run, or a walk that ended and holds its recent content for `take`. */
class Request {
  readonly id: string;
  recent: RecentContent | null = null;
  /** A walk still reading (a walk that ended stays only to answer take). */
  walking = false;
  /** Resolves when this request's walk has ended, however it ended. */
  readonly walked: Promise<void>;
  private markWalked!: () => void;
  /** The other side's request, when this worker walks both and their windows are paired. */
  private other: Request | null = null;
  /** Digests of members handed out without one (recent-content.ts), posted before anything else of this request. */
  private digests: MemberDigest[] = [];
  private digestsScheduled = false;
  /**
   * Pacing, while content is retained: content bytes this side has handed out, and the other side's
   * (Infinity once it has ended). Further ahead than half the window, this side waits, so that a
   * member is still held here when the comparison learns that the other side's copy differs.
   */
  private own = 0;
  private peer = 0;
  private lead = 0;
  private resume: (() => void) | null = null;
  /** The take requests answered so far, in order. */
  private answers: Promise<void> = Promise.resolve();

  constructor(id: string) {
    this.id = id;
    this.walked = new Promise((resolve) => (this.markWalked = resolve));
  }

  post(message: ChannelMessage): void {
    this.flushDigests();
    // A batch's raw records are moved, not copied: nothing here reads them once posted.
    port.postMessage({ ...message, id: this.id } as WorkerMessage, message.t === 'events' && message.rawBytes.byteLength > 0 ? [message.rawBytes.buffer as ArrayBuffer] : undefined);
  }

  retain(request: Extract<WorkerRequest, { op: 'walk' }>): void {
    if (request.retain === undefined) return;
    this.recent = new RecentContent(request.retain);
    // The other side of the comparison, when this worker walks both (WorkerHost): see RecentContent.pair.
    const other = [...requests.values()].find((r) => r !== this && r.walking && r.recent !== null);
    if (other !== undefined) {
      RecentContent.pair(this.recent, other.recent!);
      this.other = other;
      other.other = this;
    }
    this.recent.onDigest = (path, offset, sha256) => this.digest(path, offset, sha256);
    this.lead = request.retain.budgetBytes / 2;
    if (request.retain.paced !== true) this.peer = Number.POSITIVE_INFINITY;
  }

  control(control: WorkerControl): void {
    if (control.op === 'keep') this.recent?.keep(control.paths);
    else if (control.op === 'peer') {
      this.peer = control.bytes;
      if (this.resume !== null && !this.ahead()) {
        this.resume();
        this.resume = null;
      }
    } else {
      // Answered in the order asked: a member remembered by place is read from its file first.
      const recent = this.recent;
      const paths = control.paths;
      this.answers = this.answers.then(async () => {
        const held = recent === null ? [] : paths === 'kept' ? await recent.takeKept() : await recent.take(paths);
        this.post({ t: 'content', items: [...held] });
      });
    }
  }

  /** A member's digest for the main thread: posted with this request's next message, or on the next turn. */
  private digest(path: string, offset: number, sha256: string): void {
    this.digests.push([path, offset, sha256]);
    if (this.digestsScheduled) return;
    this.digestsScheduled = true;
    setImmediate(() => this.flushDigests());
  }

  private flushDigests(): void {
    this.digestsScheduled = false;
    if (this.digests.length === 0) return;
    const items = this.digests;
    this.digests = [];
    port.postMessage({ t: 'member-digests', items, id: this.id } as WorkerMessage);
  }

  /**
   * The walk has ended. The other side's members this side could still have matched are hashed
   * now, and the other side, paced by this one, need wait no longer. A walk that read to its end
   * posts its `end` only once the other walk has ended too (a member of the other side may yet
   * need a digest of a member of this side: recent-content.ts) and it owes no digest. One that
   * failed says so at once: a bomb must not wait for the other artifact's whole walk. What it then
   * leaves without a digest, the differ reads again (compare.ts hashUnmatched).
   */
  async finishWalk(completed: boolean): Promise<void> {
    this.markWalked();
    const recent = this.recent;
    const other = this.other;
    if (recent === null || other === null) return;
    recent.ended();
    other.control({ op: 'peer', bytes: Number.POSITIVE_INFINITY, id: other.id });
    if (!completed) return;
    await other.walked;
    await recent.settled();
  }

  /** Content bytes handed out; a promise to wait for when this side is ahead of the other. */
  handedOut(bytes: number): Promise<void> | undefined {
    this.own += bytes;
    return this.recent === null || !this.ahead() ? undefined : this.pause();
  }

  private async pause(): Promise<void> {
    // This side is ahead of the other (it has just told where it is, and the other side's pace
    // depends on it): wait for it.
    const caughtUp = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), PAUSE_MAX_MS);
      this.resume = () => {
        clearTimeout(timer);
        resolve(true);
      };
    });
    if (!caughtUp) {
      // The sides hold different content (a large member on one side only): the other side
      // will not catch up soon, and waiting would read them one after the other. Stop pacing;
      // what the window lets go is read again by the second pass.
      this.resume = null;
      this.lead = Number.POSITIVE_INFINITY;
    }
  }

  private ahead(): boolean {
    return this.own > this.peer + this.lead;
  }
}

const requests = new Map<string, Request>();

port.on('message', (message: WorkerRequest | WorkerControl | WorkerSetup) => {
  if (message.op === 'temp-dir') {
    adoptTempDir(message.path);
  } else if (message.op === 'walk' || message.op === 'collect') {
    const request = new Request(message.id);
    requests.set(message.id, request);
    void run(message, request)
      .then(() => request.post({ t: 'end' }), (error: unknown) => request.post({ t: 'error', error: serializeError(error) }))
      .finally(() => {
        // A walk that retains content stays to answer take; anything else is done with.
        if (request.recent === null) requests.delete(message.id);
      });
  } else {
    requests.get(message.id)?.control(message);
  }
});

async function run(message: WorkerRequest, request: Request): Promise<void> {
  if (message.op === 'collect') {
    const content = await collectInThread(message.input, message.isDirectory, message.plainFile, new Set(message.wanted), message.options);
    request.post({ t: 'content', items: [...content] });
    return;
  }
  request.retain(message);
  request.walking = true;
  let completed = false;
  try {
    await walk(message, request);
    completed = true;
  } finally {
    request.walking = false;
    await request.finishWalk(completed);
  }
}

async function walk(message: Extract<WorkerRequest, { op: 'walk' }>, request: Request): Promise<void> {
  const digest: ArtifactDigest | undefined = message.hashArtifact === true ? { sha256: null, size: 0 } : undefined;
  // Each of the walk's batches is one message (see BATCH_EVENTS in walk.ts).
  for await (const events of walkInputInBatches(message.input, message.isDirectory, { ...message.options, retain: request.recent ?? undefined, artifactDigest: digest })) {
    const { message: wired, contentBytes } = wireBatch(events);
    request.post(wired);
    const ahead = request.handedOut(contentBytes);
    if (ahead !== undefined) await ahead;
  }
  if (digest?.sha256 != null) request.post({ t: 'digest', sha256: digest.sha256, size: digest.size });
}
