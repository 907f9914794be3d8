/**
 * A side worker (see side-thread.ts): walks one artifact (or reads the content of a few of its
 * members again) and posts what it finds to the thread that started it. A walk that retains
 * recent content then stays to answer `take` (and heeds `keep` while it walks) until ended.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { adoptTempDir, removeTempDir } from './temp-dir.js';
import { collectInThread, walkInputInBatches } from './side.js';
import { RecentContent } from './recent-content.js';
import type { ArtifactDigest } from './walk.js';
import { serializeError, wireBatch, type WorkerControl, type WorkerMessage, type WorkerRequest } from './side-thread.js';

adoptTempDir((workerData as { tempDir: string }).tempDir);
const port = parentPort!;
const post = (message: WorkerMessage) => port.postMessage(message);
let recent: RecentContent | null = null;

/** A pause longer than this means the sides are not aligned; pacing stops (see below). */
const PAUSE_MAX_MS = 250;

/**
 * Pacing, while content is retained: content bytes this side has handed out, and the other side's
 * (Infinity once it has ended). Further ahead than half the window, this side waits, so that a
 * member is still held here when the comparison learns that the other side's copy differs.
 */
const pace = { own: 0, peer: 0, lead: 0, resume: null as (() => void) | null };
const ahead = () => pace.own > pace.peer + pace.lead;

port.once('message', (request: WorkerRequest) => {
  port.on('message', (control: WorkerControl) => {
    if (control.op === 'keep') recent?.keep(control.paths);
    else if (control.op === 'peer') {
      pace.peer = control.bytes;
      if (pace.resume !== null && !ahead()) {
        pace.resume();
        pace.resume = null;
      }
    } else {
      const held = recent === null ? [] : control.paths === 'kept' ? recent.takeKept() : recent.take(control.paths);
      post({ t: 'content', items: [...held] });
    }
  });
  void run(request)
    .then(() => post({ t: 'end' }), (error: unknown) => post({ t: 'error', error: serializeError(error) }))
    .finally(() => removeTempDir());
});

async function run(request: WorkerRequest): Promise<void> {
  if (request.op === 'collect') {
    const content = await collectInThread(request.input, request.isDirectory, request.plainFile, new Set(request.wanted), request.options);
    post({ t: 'content', items: [...content] });
    return;
  }
  if (request.retain !== undefined) {
    recent = new RecentContent(request.retain);
    pace.lead = request.retain.budgetBytes / 2;
    if (request.retain.paced !== true) pace.peer = Number.POSITIVE_INFINITY;
  }
  const digest: ArtifactDigest | undefined = request.hashArtifact === true ? { sha256: null, size: 0 } : undefined;
  // Each of the walk's batches is one message (see BATCH_EVENTS in walk.ts).
  for await (const events of walkInputInBatches(request.input, request.isDirectory, { ...request.options, retain: recent ?? undefined, artifactDigest: digest })) {
    const { message, contentBytes } = wireBatch(events);
    pace.own += contentBytes;
    post(message);
    if (recent !== null && ahead()) {
      // This side is ahead of the other (it has just told where it is, and the other side's pace
      // depends on it): wait for it.
      const caughtUp = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), PAUSE_MAX_MS);
        pace.resume = () => {
          clearTimeout(timer);
          resolve(true);
        };
      });
      if (!caughtUp) {
        // The sides hold different content (a large member on one side only): the other side
        // will not catch up soon, and waiting would read them one after the other. Stop pacing;
        // what the window lets go is read again by the second pass.
        pace.resume = null;
        pace.lead = Number.POSITIVE_INFINITY;
      }
    }
  }
  if (digest?.sha256 != null) post({ t: 'digest', sha256: digest.sha256, size: digest.size });
}
