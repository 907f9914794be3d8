import { readSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { isMainThread } from 'node:worker_threads';
import type { RandomAccessSource } from './entry.js';

/** Random access over bytes held in memory (a small nested archive). */
export class BufferSource implements RandomAccessSource {
  private readonly bytes: Uint8Array;

  constructor(bytes: Uint8Array) {
    this.bytes = bytes;
  }

  get size(): number {
    return this.bytes.byteLength;
  }

  async read(position: number, length: number): Promise<Uint8Array> {
    const start = Math.max(0, Math.min(position, this.size));
    return this.bytes.subarray(start, Math.min(start + Math.max(0, length), this.size));
  }

  async *stream(start: number, end: number, chunkSize = 1 << 20): AsyncGenerator<Uint8Array> {
    const stop = Math.min(end, this.size);
    for (let p = Math.max(0, start); p < stop; p += chunkSize) yield this.bytes.subarray(p, Math.min(p + chunkSize, stop));
  }

  async readInto(target: Uint8Array, position: number): Promise<number> {
    const piece = await this.read(position, target.byteLength);
    target.set(piece);
    return piece.byteLength;
  }
}

/**
 * In a worker thread a file is read by blocking positional reads (`readSync`), on the main thread
 * through libuv's pool (`FileHandle.read`). An asynchronous read hands each piece to a pool
 * thread and back: on a machine whose cores the walk's threads already fill, waking that thread
 * takes the reader's core for a while, and the pool's threads are zlib's too. A worker's thread does
 * nothing while it waits for the piece anyway, and the floor the bench measures reads the same way.
 * Measured on the bench's ×1 zip pair (1,364 reads of 128 KiB a side): the pool's CPU 100 → 5 ms;
 * bench/RESULTS.md (round 19) has the times. The main thread keeps its loop free for a terminal
 * that is drawing while a small side is read there.
 */
const BLOCKING_READS = !isMainThread;

/** Random access over a file with positional reads (blocking ones in a worker thread: BLOCKING_READS). */
export class FileSource implements RandomAccessSource {
  private readonly handle: FileHandle;
  readonly size: number;
  readonly path: string;

  private constructor(handle: FileHandle, size: number, path: string) {
    this.handle = handle;
    this.size = size;
    this.path = path;
  }

  static async open(path: string): Promise<FileSource> {
    const handle = await open(path, 'r');
    try {
      const { size } = await handle.stat();
      return new FileSource(handle, size, path);
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  async read(position: number, length: number): Promise<Uint8Array> {
    const start = Math.max(0, Math.min(position, this.size));
    const buffer = Buffer.allocUnsafe(Math.min(Math.max(0, length), this.size - start));
    return buffer.subarray(0, await this.readInto(buffer, start));
  }

  /**
   * Fill `target` (or as much of it as the file has) from `position`; the bytes read. For a caller
   * that reads many pieces one after another into one buffer: a new buffer for each piece is memory
   * that only a collection gives back (see DigestingSource.finish in core's walk.ts).
   */
  async readInto(target: Uint8Array, position: number): Promise<number> {
    const start = Math.max(0, Math.min(position, this.size));
    const want = Math.min(target.byteLength, this.size - start);
    let filled = 0;
    while (filled < want) {
      const bytesRead = BLOCKING_READS
        ? readSync(this.handle.fd, target, filled, want - filled, start + filled)
        : (await this.handle.read(target, filled, want - filled, start + filled)).bytesRead;
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return filled;
  }

  /**
   * 256 KiB at a time (the gzip reader's input piece): a chunk lives while the members inflated
   * from it are read, and a 1 MiB chunk lived long enough to be promoted to V8's old generation,
   * where it stayed until a full collection (`whydiff ls` of the bench's ×1 tar.gz peaked at
   * 114 MB with 1 MiB chunks, 67 MB with 256 KiB; a comparison 164 → 144 MB, time unchanged).
   */
  async *stream(start: number, end: number, chunkSize = 1 << 18): AsyncGenerator<Uint8Array> {
    const stop = Math.min(end, this.size);
    for (let p = Math.max(0, start); p < stop; p += chunkSize) {
      const got = await this.read(p, Math.min(chunkSize, stop - p));
      if (got.byteLength === 0) return;
      yield got;
    }
  }

  close(): Promise<void> {
    return this.handle.close();
  }
}
