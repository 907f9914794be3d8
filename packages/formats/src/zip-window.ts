/**
 * A read-ahead window over a RandomAccessSource. Zip members are usually adjacent, so one positional
 * read serves the local headers and compressed bytes of many small members: this is what takes a
 * central-directory reader from ~120 MB/s to ~300 MB/s (design/performance.md).
 *
 * 128 KiB: a window lives while its members are read, and a window that outlives two young-
 * generation collections (a few MB of allocation, some 150 small members of the reader's work) is
 * promoted to V8's old generation, where it stays, dead, until a full collection: every window of
 * the file then piles up as external memory. 4 MiB → 512 KiB took the bench's ×1 zip pair from
 * 192 to 171 MB; 512 → 128 KiB took it from 148–153 to 135 MB and ×4 from 173–181 to 161–169 MB,
 * with less collecting to do (×4 6.87 → 6.31 s, 11.4 → 10.3 s of CPU), and `whydiff ls` of ×1
 * zip from 129 to 68 MB in the same time (64 KiB: as small, a little slower).
 */
import type { RandomAccessSource } from './entry.js';

export const DEFAULT_WINDOW_BYTES = 128 << 10;

export class ReadWindow {
  private readonly source: RandomAccessSource;
  private readonly windowBytes: number;
  private base = 0;
  private bytes: Uint8Array = new Uint8Array(0);
  /** The one buffer every window is read into, with `reuse` (when the source can read into one). */
  private readonly buffer: Uint8Array | null;

  /**
   * `reuse`: read every window into one buffer. What read() returned is then valid only until the
   * next read(): for a caller that copies what it keeps (the central directory's reader). Its
   * windows are otherwise garbage that only a full collection gives back: indexing the bench's
   * ×12 directory (35 MB) left 30 MB of them behind in each zip worker.
   */
  constructor(source: RandomAccessSource, windowBytes = DEFAULT_WINDOW_BYTES, options: { reuse?: boolean } = {}) {
    this.source = source;
    this.windowBytes = Math.max(1, windowBytes);
    this.buffer = options.reuse === true && source.readInto !== undefined ? new Uint8Array(this.windowBytes) : null;
  }

  get size(): number {
    return this.source.size;
  }

  /** The bytes in [position, position + length) if the window holds them all now, else null. */
  atHand(position: number, length: number): Uint8Array | null {
    if (position < this.base || position + length > this.base + this.bytes.byteLength) return null;
    return this.bytes.subarray(position - this.base, position - this.base + length);
  }

  /**
   * What read() gives, at once (not a promise) when the window holds it: a caller awaits only a
   * promise (an await is a turn of the event loop, and every member's headers are read here). One
   * call for both cases also keeps a caller's optimized code from meeting a call it had never made
   * (`atHand(...) ?? await read(...)` was thrown away and compiled again, once a worker, at the
   * first header past a window's end: bench/RESULTS.md, round 23).
   */
  bytesAt(position: number, length: number): Uint8Array | Promise<Uint8Array> {
    return this.atHand(position, length) ?? this.read(position, length);
  }

  /**
   * Make [position, position + length) at hand (atHand) if it fits in a window: read a window
   * from `position` now unless the window holds it already. A larger span stays where it is.
   */
  async hold(position: number, length: number): Promise<void> {
    if (length < this.windowBytes && this.atHand(position, length) === null) await this.read(position, length);
  }

  /**
   * The bytes in [position, position + length), fewer only at the end of the source. The result
   * may be a view of the window: callers must not modify it.
   */
  async read(position: number, length: number): Promise<Uint8Array> {
    const start = Math.max(0, Math.min(position, this.source.size));
    const want = Math.max(0, Math.min(length, this.source.size - start));
    if (start >= this.base && start + want <= this.base + this.bytes.byteLength) {
      return this.bytes.subarray(start - this.base, start - this.base + want);
    }
    if (want >= this.windowBytes) return this.source.read(start, want);
    if (this.buffer !== null) {
      // Emptied first: should the read fail, no window claims bytes it no longer holds.
      this.bytes = new Uint8Array(0);
      this.bytes = this.buffer.subarray(0, await this.source.readInto!(this.buffer, start));
    } else {
      this.bytes = await this.source.read(start, this.windowBytes);
    }
    this.base = start;
    return this.bytes.subarray(0, Math.min(want, this.bytes.byteLength));
  }
}
