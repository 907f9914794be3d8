/**
 * A read-ahead window over a RandomAccessSource. Zip members are usually adjacent, so one 512 KiB
 * positional read serves the local headers and compressed bytes of many small members: this is
 * what takes a central-directory reader from ~120 MB/s to ~300 MB/s (design/performance.md).
 * Larger windows read no faster and cost memory: a window lives while its members are read, and a
 * 4 MiB one lived long enough to be promoted to V8's old generation, where it stayed until a full
 * collection (the bench's ×1 zip pair: 192 → 171 MB peak with 512 KiB, time unchanged; ×4 264 →
 * 250 MB, 7.6 → 7.3 s).
 */
import type { RandomAccessSource } from './entry.js';

export const DEFAULT_WINDOW_BYTES = 512 << 10;

export class ReadWindow {
  private readonly source: RandomAccessSource;
  private readonly windowBytes: number;
  private base = 0;
  private bytes: Uint8Array = new Uint8Array(0);

  constructor(source: RandomAccessSource, windowBytes = DEFAULT_WINDOW_BYTES) {
    this.source = source;
    this.windowBytes = Math.max(1, windowBytes);
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
    this.bytes = await this.source.read(start, this.windowBytes);
    this.base = start;
    return this.bytes.subarray(0, Math.min(want, this.bytes.byteLength));
  }
}
