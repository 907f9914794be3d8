/**
 * The content of the members read last, held while the other side catches up, so that the differ
 * need not read an artifact a second time for the few members whose content it shows.
 *
 * The walk offers every file member's content (its first captureBytes, as a capture would keep)
 * once hashed; the oldest are let go past `budgetBytes`. The comparison, which sees both sides'
 * entries arrive, asks to keep the members whose hashes differ: those still held move out of the
 * window and stay (at most `maxKept` of them) until taken. What was let go before the ask arrived
 * is read again by the second pass, as before: this only spares work, it never decides anything.
 */
export interface RetainOptions {
  /** Bytes of recent content held at most. */
  budgetBytes: number;
  /** Members kept for the differ at most (its limit on content diffs). */
  maxKept: number;
  /**
   * Two sides read at once and told of each other's progress (RetainedContent.peer): the side
   * further ahead than half the window waits. Without it a side never waits.
   */
  paced?: boolean;
}

/** A view that keeps alive a buffer over 1 MiB and over four times its own size. */
const pinsMore = (chunk: Uint8Array) => chunk.buffer.byteLength > 1 << 20 && chunk.buffer.byteLength > 4 * chunk.byteLength;

interface Held {
  chunks: Uint8Array[];
  bytes: number;
}

export class RecentContent {
  private readonly options: RetainOptions;
  /** Oldest first (a Map iterates in insertion order). */
  private readonly recent = new Map<string, Held>();
  private recentBytes = 0;
  private readonly kept = new Map<string, Held>();

  constructor(options: RetainOptions) {
    this.options = options;
  }

  /**
   * A member's content, hashed and done with by the walk: the chunks as the reader handed them out
   * (readers never reuse a buffer they handed out, so holding them is safe, and copying every
   * member's bytes on the chance that it differs would cost more than the second pass it spares).
   */
  offer(path: string, chunks: Uint8Array[], bytes: number): void {
    if (bytes > this.options.budgetBytes) return;
    this.drop(path);
    // A small piece of a large buffer (a stored zip member in the 4 MiB read-ahead window) would
    // hold the whole buffer: such pieces are copied, so what is held is what is counted.
    const held = chunks.some(pinsMore) ? [Buffer.concat(chunks, bytes)] : chunks;
    this.recent.set(path, { chunks: held, bytes });
    this.recentBytes += bytes;
    for (const old of this.recent.keys()) {
      if (this.recentBytes <= this.options.budgetBytes) break;
      this.drop(old);
    }
  }

  /**
   * Keep these members for take() if they are still held. A member is offered before the walk
   * hands out its entry, so an ask that comes after both sides' entries finds it unless it was let go.
   */
  keep(paths: Iterable<string>): void {
    for (const path of paths) {
      const held = this.recent.get(path);
      if (held === undefined || this.kept.size >= this.options.maxKept) continue;
      this.drop(path);
      // A copy of its own: the reader's buffers it sat in can go.
      this.kept.set(path, { chunks: [Buffer.concat(held.chunks, held.bytes)], bytes: held.bytes });
    }
  }

  /** Every member kept, each in a buffer of its own. */
  takeKept(): Map<string, Uint8Array> {
    return this.take(this.kept.keys());
  }

  /** The content held of these members (kept, or still in the window), each in a buffer of its own; the rest must be read again. */
  take(paths: Iterable<string>): Map<string, Uint8Array> {
    const out = new Map<string, Uint8Array>();
    for (const path of paths) {
      const held = this.kept.get(path) ?? this.recent.get(path);
      if (held !== undefined) out.set(path, held.chunks.length === 1 && this.kept.has(path) ? held.chunks[0]! : Buffer.concat(held.chunks, held.bytes));
    }
    return out;
  }

  private drop(path: string): void {
    const held = this.recent.get(path);
    if (held === undefined) return;
    this.recent.delete(path);
    this.recentBytes -= held.bytes;
  }

  /** Let everything go. */
  clear(): void {
    this.recent.clear();
    this.kept.clear();
    this.recentBytes = 0;
  }
}
