/**
 * A side worker (see side-thread.ts): walks one artifact (or reads the content of a few of its
 * members again) and posts what it finds to the thread that started it, then waits to be ended.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { adoptTempDir, removeTempDir } from './temp-dir.js';
import { collectInThread, walkInput } from './side.js';
import { serializeError, wire, type WireEvent, type WorkerMessage, type WorkerRequest } from './side-thread.js';

/** Events per message: large enough that posting costs little, small enough that progress flows. */
const BATCH = 512;

adoptTempDir((workerData as { tempDir: string }).tempDir);
const port = parentPort!;
const post = (message: WorkerMessage) => port.postMessage(message);

port.once('message', (request: WorkerRequest) => {
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
  let batch: WireEvent[] = [];
  const flush = () => {
    if (batch.length > 0) post({ t: 'events', events: batch });
    batch = [];
  };
  try {
    for await (const event of walkInput(request.input, request.isDirectory, request.options)) {
      batch.push(wire(event));
      if (batch.length >= BATCH) flush();
    }
  } finally {
    // What was read before an error is posted before the error.
    flush();
  }
}
