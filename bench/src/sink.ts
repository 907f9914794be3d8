/** A byte sink with backpressure: a writable (gzip stream, file, a child's stdin). */
import type { Writable } from 'node:stream';

export class Sink {
  private readonly stream: Writable;
  /** Bytes written so far. */
  offset = 0;

  constructor(stream: Writable) {
    this.stream = stream;
  }

  async write(bytes: Uint8Array): Promise<void> {
    this.offset += bytes.byteLength;
    if (!this.stream.write(bytes)) await new Promise((resolve) => this.stream.once('drain', resolve));
  }

  end(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.stream.once('error', reject);
      this.stream.end(() => resolve());
    });
  }
}
