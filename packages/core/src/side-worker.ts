/**
 * A side worker (see side-thread.ts): walks one artifact (or reads the content of a few of its
 * members again) and posts what it finds to the thread that started it. A walk that retains
 * recent content then stays to answer `take` (and heeds `keep` while it walks) until ended.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { adoptTempDir, removeTempDir } from './temp-dir.js';
import { collectInThread, walkInput } from './side.js';
import { RecentContent } from './recent-content.js';
import type { ArtifactDigest } from './walk.js';
import { serializeError, wire, wireBatch, type WireEvent, type WorkerControl, type WorkerMessage, type WorkerRequest } from './side-thread.js';

/**
 * Events per message: large enough that posting costs little, small enough that a batch's entries
 * die young. A batch lives until posted; at 512 its entries outlived two young collections and were
 * promoted (zip ×1: 256 → 212 MB peak with 64, time within noise).
 */
const BATCH = 64;
/**
 * Content bytes of the entries in one message at most: the main thread learns of a member soon
 * enough to keep its content before this side's recent window lets it go.
 */
const BATCH_CONTENT_BYTES = 2 * 1024 * 1024;

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
  let batch: WireEvent[] = [];
  let batchBytes = 0;
  const flush = () => {
    if (batch.length > 0) post(wireBatch(batch));
    batch = [];
    batchBytes = 0;
  };
  try {
    for await (const event of walkInput(request.input, request.isDirectory, { ...request.options, retain: recent ?? undefined, artifactDigest: digest })) {
      batch.push(wire(event));
      if (event.kind === 'entry') {
        batchBytes += event.entry.size;
        pace.own += event.entry.size;
      }
      if (batch.length >= BATCH || batchBytes >= BATCH_CONTENT_BYTES) flush();
      if (recent !== null && ahead()) {
        // Tell where this side is (the other side's pace depends on it), then wait for it.
        flush();
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
  } finally {
    // What was read before an error is posted before the error.
    flush();
  }
  if (digest?.sha256 != null) post({ t: 'digest', sha256: digest.sha256, size: digest.size });
}
