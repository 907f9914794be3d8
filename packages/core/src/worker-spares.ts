/**
 * Side workers started before a comparison asks for them. A side worker takes ~80 ms of a thread to
 * start on the bench's machine: Node's bootstrap without its code cache (any V8 flag makes Node
 * compile its own modules again, and whydiff runs with three: a bare worker is ready in 78 ms with
 * any of them, 39 ms with none), then the walk's modules. The CLI's
 * main thread used to start one only after loading its own modules, parsing its arguments and
 * detecting both artifacts' formats, ~100 ms in. The CLI's entry (bin/whydiff.js) now starts them
 * first, so that they load beside all that, and the next side workers made (WorkerHost) take them.
 * A spare never taken does not keep the process alive. Bench ×¼, 10 runs in turn with the build
 * before (bench/RESULTS.md, round 20), median of each run's ratio: zip (two spares) 0.902, tar.gz
 * (one) 0.974; ×1 within noise. The library starts none: its caller decides (startSpares).
 */
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

/** The built side worker, next to this module (in the CLI's bundle, or dist/); absent in the sources. */
export const builtWorker = new URL('./side-worker.js', import.meta.url);
export const hasBuiltWorker = existsSync(fileURLToPath(builtWorker));

/**
 * A side up to this size is read in this thread unless the caller says otherwise: starting a worker
 * (~35 ms, and its modules) costs more than reading it. Measured with pairs cut from the bench's
 * tree (3 runs each, interleaved): 250 KB each, 0.17 → 0.12 s and 85–88 → 63 MB; 1 MB each, the
 * same time (0.17–0.22 s) and 96–100 → 72–75 MB; 2 MB each, zip 0.27 → 0.36 s in this thread (its
 * members are inflated in the thread that reads them), tar.gz the same.
 */
export const INLINE_MAX_BYTES = 1024 * 1024;

/** A zip's local file header signature: a zip, egg, wheel or jar written from scratch starts with it. */
const ZIP_LOCAL_HEADER = 0x04034b50;

const spares: Worker[] = [];

/** Start side workers until `count` wait to be taken (none where there is no built worker). */
export function startSpares(count: number): void {
  if (!hasBuiltWorker) return;
  while (spares.length < count) {
    const worker = new Worker(builtWorker);
    worker.unref();
    // A spare runs nothing before its first request; should its thread fail to start, it is dropped.
    const drop = () => {
      const at = spares.indexOf(worker);
      if (at >= 0) spares.splice(at, 1);
    };
    worker.once('error', drop);
    worker.once('exit', drop);
    spares.push(worker);
  }
}

/** A spare side worker, if one was started and not taken yet. */
export function takeSpare(): Worker | undefined {
  return spares.shift();
}

/**
 * How many side workers a comparison of these inputs will most likely start, from their sizes and
 * first bytes: none for two files of up to INLINE_MAX_BYTES (read in the main thread), two for two
 * zips (a worker a side: compare.ts, sharedHost), else one (two tar.gz share one; two directories
 * take a second when they start). A wrong guess costs a spare's start, or the time spares save.
 */
export function sparesFor(inputs: readonly string[]): number {
  if (inputs.length !== 2) return 1;
  const kinds = inputs.map(kindOf);
  if (kinds.every((kind) => kind === 'small')) return 0;
  return kinds.every((kind) => kind === 'zip') ? 2 : 1;
}

/** A regular file up to INLINE_MAX_BYTES, a larger one that starts like a zip, or anything else (never opened: a pipe would lose its bytes). */
function kindOf(path: string): 'small' | 'zip' | 'other' {
  try {
    const info = statSync(path);
    if (!info.isFile()) return 'other';
    if (info.size <= INLINE_MAX_BYTES) return 'small';
    const fd = openSync(path, 'r');
    try {
      const head = Buffer.alloc(4);
      return readSync(fd, head, 0, 4, 0) === 4 && head.readUInt32LE(0) === ZIP_LOCAL_HEADER ? 'zip' : 'other';
    } finally {
      closeSync(fd);
    }
  } catch {
    return 'other';
  }
}
