/**
 * A pull reader over a stream of chunks: the one place that buffers, counts offsets and hands out
 * exact byte counts to the streaming loops of tar, cpio and gzip. Chunks are handed on without
 * copying where they can be (subarrays of the input); only a read that spans chunks copies.
 */
export class ByteReader {
  private readonly iterator: AsyncIterator<Uint8Array>;
  private chunks: Uint8Array[] = [];
  /** Where the unread bytes of chunks[0] start (a view for the rest would be one more object a read). */
  private head = 0;
  private buffered = 0;
  private ended = false;
  /** Bytes handed out so far: the offset of the next byte in the stream. */
  offset = 0;

  constructor(source: AsyncIterable<Uint8Array>) {
    this.iterator = source[Symbol.asyncIterator]();
  }

  /** Pull one more chunk into the buffer; false at the end of the stream. */
  private async fill(): Promise<boolean> {
    if (this.ended) return false;
    const next = await this.iterator.next();
    if (next.done) {
      this.ended = true;
      return false;
    }
    if (next.value.byteLength > 0) {
      this.chunks.push(next.value);
      this.buffered += next.value.byteLength;
    }
    return true;
  }

  /** Buffer at least `n` bytes if the stream has them; returns how many are buffered. */
  async ensure(n: number): Promise<number> {
    while (this.buffered < n && (await this.fill()));
    return this.buffered;
  }

  /** Exactly `n` bytes, or fewer only at the end of the stream. */
  async read(n: number): Promise<Uint8Array> {
    await this.ensure(n);
    return this.take(Math.min(n, this.buffered));
  }

  /** The next `n` bytes without consuming them (fewer at the end of the stream). */
  async peek(n: number): Promise<Uint8Array> {
    await this.ensure(n);
    const want = Math.min(n, this.buffered);
    // Nothing to show: no merge (it would leave an empty chunk at the front).
    if (want === 0) return new Uint8Array(0);
    const first = this.chunks[0];
    if (first !== undefined && first.byteLength - this.head >= want) return first.subarray(this.head, this.head + want);
    this.coalesce(want);
    return this.chunks[0]?.subarray(0, want) ?? new Uint8Array(0);
  }

  /** The unread bytes of the first buffered chunk, not consumed and not copied (empty when none is buffered). */
  peekBuffered(): Uint8Array {
    const first = this.chunks[0];
    return first === undefined ? new Uint8Array(0) : first.subarray(this.head);
  }

  /** Exactly `n` bytes if they are buffered already (consumed), else null and nothing consumed: a read without a promise. */
  readBuffered(n: number): Uint8Array | null {
    return n <= this.buffered ? this.take(n) : null;
  }

  /** Skip `n` bytes if they are buffered already (true), else skip nothing (false). */
  skipBuffered(n: number): boolean {
    if (n > this.buffered) return false;
    let left = n;
    while (left > 0) {
      const first = this.chunks[0]!;
      const part = Math.min(left, first.byteLength - this.head);
      this.consume(first, part);
      left -= part;
    }
    return true;
  }

  /** Up to `max` bytes, at least one unless the stream ended: whatever is at hand, uncopied. */
  async readSome(max: number): Promise<Uint8Array | null> {
    if (this.buffered === 0 && !(await this.ensure(1))) return null;
    const first = this.chunks[0]!;
    return this.take(Math.min(max, first.byteLength - this.head));
  }

  /** Skip `n` bytes; returns how many were skipped (fewer only at the end of the stream). */
  async skip(n: number): Promise<number> {
    let left = n;
    while (left > 0) {
      const got = await this.readSome(left);
      if (got === null) break;
      left -= got.byteLength;
    }
    return n - left;
  }

  /** Stream the next `n` bytes as chunks (fewer only at the end of the stream). */
  async *stream(n: number): AsyncGenerator<Uint8Array> {
    let left = n;
    while (left > 0) {
      const got = await this.readSome(left);
      if (got === null) return;
      left -= got.byteLength;
      yield got;
    }
  }

  /**
   * The next `n` bytes if they are already buffered, as the chunks that hold them (uncopied), and
   * consumed; null, consuming nothing, when they are not. Lets a reader hand out a small member's
   * content at once, without a stream per member.
   */
  takeBuffered(n: number): Uint8Array[] | null {
    if (n > this.buffered) return null;
    const out: Uint8Array[] = [];
    let left = n;
    while (left > 0) {
      const first = this.chunks[0]!;
      const part = Math.min(left, first.byteLength - this.head);
      out.push(this.take(part));
      left -= part;
    }
    return out;
  }

  /** Give back bytes read too far (they become the next bytes read). */
  unshift(bytes: Uint8Array): void {
    if (bytes.byteLength === 0) return;
    this.dropHead();
    this.chunks.unshift(bytes);
    this.buffered += bytes.byteLength;
    this.offset -= bytes.byteLength;
  }

  /** True when no byte is left. */
  async atEnd(): Promise<boolean> {
    return (await this.ensure(1)) === 0;
  }

  /** Everything left, as chunks. */
  async *rest(): AsyncGenerator<Uint8Array> {
    while (true) {
      const got = await this.readSome(Number.MAX_SAFE_INTEGER);
      if (got === null) return;
      yield got;
    }
  }

  /** Stop reading the underlying stream early (closes files, ends decompressors). */
  async close(): Promise<void> {
    this.chunks = [];
    this.head = 0;
    this.buffered = 0;
    if (!this.ended) {
      this.ended = true;
      await this.iterator.return?.();
    }
  }

  private take(n: number): Uint8Array {
    if (n === 0) return new Uint8Array(0);
    const first = this.chunks[0]!;
    if (first.byteLength - this.head < n) {
      this.coalesce(n);
      return this.take(n);
    }
    const out = first.subarray(this.head, this.head + n);
    this.consume(first, n);
    return out;
  }

  /** `n` bytes of the first chunk are read. */
  private consume(first: Uint8Array, n: number): void {
    this.head += n;
    if (this.head === first.byteLength) {
      this.chunks.shift();
      this.head = 0;
    }
    this.buffered -= n;
    this.offset += n;
  }

  /** Make chunks[0] start at its first unread byte. */
  private dropHead(): void {
    if (this.head === 0) return;
    this.chunks[0] = this.chunks[0]!.subarray(this.head);
    this.head = 0;
  }

  /**
   * Merge leading chunks so that the first holds at least `n` bytes. The merged chunk is of the
   * kind the chunks are (node's files and zlib hand in Buffers): the header decoders that read it
   * then meet one kind of array, and V8 does not throw away their optimized code when the other
   * kind arrives. On the bench's ×1 tar.gz side, a Uint8Array here cost 8 deoptimizations and 11
   * more optimizing compiles (273 → 253 ms of compiling, --trace-opt).
   */
  private coalesce(n: number): void {
    this.dropHead();
    const merged = this.chunks[0] instanceof Buffer ? Buffer.allocUnsafeSlow(n) : new Uint8Array(n);
    let filled = 0;
    while (filled < n) {
      const chunk = this.chunks.shift()!;
      const part = Math.min(chunk.byteLength, n - filled);
      merged.set(chunk.subarray(0, part), filled);
      filled += part;
      if (part < chunk.byteLength) this.chunks.unshift(chunk.subarray(part));
    }
    this.chunks.unshift(merged);
  }
}

/** Re-chunk a buffer into pieces of `size` bytes: tests feed every reader this way. */
export async function* chunked(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.byteLength; i += size) yield bytes.subarray(i, Math.min(i + size, bytes.byteLength));
}
