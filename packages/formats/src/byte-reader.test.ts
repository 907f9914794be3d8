import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { ByteReader, chunked } from './byte-reader.js';

const bytes = (text: string) => new TextEncoder().encode(text);
const text = (parts: Uint8Array[] | null) => (parts === null ? null : parts.map((p) => new TextDecoder().decode(p)));

describe('ByteReader.takeBuffered', () => {
  it('hands out buffered bytes as the chunks that hold them, uncopied, and consumes them', async () => {
    const source = bytes('abcdefghij');
    const reader = new ByteReader(chunked(source, 4));
    await reader.ensure(8); // two chunks: abcd, efgh
    const parts = reader.takeBuffered(6);
    expect(text(parts)).toEqual(['abcd', 'ef']);
    expect(parts![0]!.buffer).toBe(source.buffer);
    expect(reader.offset).toBe(6);
    expect(new TextDecoder().decode(await reader.read(4))).toBe('ghij');
  });

  it('gives null and consumes nothing when the bytes are not all buffered yet', async () => {
    const reader = new ByteReader(chunked(bytes('abcdefghij'), 4));
    await reader.ensure(1);
    expect(reader.takeBuffered(5)).toBeNull();
    expect(reader.offset).toBe(0);
    expect(text(reader.takeBuffered(0))).toEqual([]);
    expect(new TextDecoder().decode(await reader.read(10))).toBe('abcdefghij');
  });
});

describe('ByteReader against a model: any mix of reads over any chunking', () => {
  // What a reader must do is simple to say: hand out the source's bytes in order. The model is an
  // offset into the source; every operation's bytes and the reader's offset must match it.
  type Op =
    | { op: 'read' | 'peek' | 'readSome' | 'skip' | 'readBuffered' | 'skipBuffered' | 'takeBuffered' | 'ensure'; n: number }
    | { op: 'unshift'; n: number };
  const ops = fc.array(
    fc.record({
      op: fc.constantFrom('read', 'peek', 'readSome', 'skip', 'readBuffered', 'skipBuffered', 'takeBuffered', 'ensure', 'unshift'),
      n: fc.nat(40),
    }) as fc.Arbitrary<Op>,
    { maxLength: 40 },
  );

  it('hands out the same bytes as the model, whole and in odd-sized chunks', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 120 }), fc.integer({ min: 1, max: 17 }), ops, async (source, size, steps) => {
        const reader = new ByteReader(chunked(source, size));
        let at = 0;
        let last = new Uint8Array(0);
        const same = (got: Uint8Array, from: number) => expect([...got]).toEqual([...source.subarray(from, from + got.byteLength)]);
        for (const { op, n } of steps) {
          const left = source.byteLength - at;
          if (op === 'read') {
            const got = await reader.read(n);
            expect(got.byteLength).toBe(Math.min(n, left));
            same(got, at);
            at += got.byteLength;
            last = got.slice();
          } else if (op === 'peek') {
            const got = await reader.peek(n);
            expect(got.byteLength).toBe(Math.min(n, left));
            same(got, at);
          } else if (op === 'readSome') {
            const got = await reader.readSome(Math.max(1, n));
            if (left === 0) expect(got).toBeNull();
            else {
              expect(got!.byteLength).toBeGreaterThan(0);
              same(got!, at);
              at += got!.byteLength;
              last = got!.slice();
            }
          } else if (op === 'skip') {
            expect(await reader.skip(n)).toBe(Math.min(n, left));
            at += Math.min(n, left);
            last = new Uint8Array(0); // unshift gives back the bytes read last, right before `at`
          } else if (op === 'readBuffered') {
            const got = reader.readBuffered(n);
            if (got !== null) {
              expect(got.byteLength).toBe(n);
              same(got, at);
              at += n;
              last = got.slice();
            }
          } else if (op === 'skipBuffered') {
            if (reader.skipBuffered(n)) {
              at += n;
              last = new Uint8Array(0);
            }
          } else if (op === 'takeBuffered') {
            const got = reader.takeBuffered(n);
            if (got !== null) {
              const joined = Buffer.concat(got);
              expect(joined.byteLength).toBe(n);
              same(joined, at);
              at += n;
              last = new Uint8Array(joined);
            }
          } else if (op === 'ensure') {
            expect(await reader.ensure(n)).toBeGreaterThanOrEqual(Math.min(n, left));
          } else if (last.byteLength > 0) {
            // Give back the last bytes read: they are read again.
            reader.unshift(last);
            at -= last.byteLength;
            last = new Uint8Array(0);
          }
          expect(reader.offset).toBe(at);
        }
        const rest = await reader.read(source.byteLength);
        same(rest, at);
        expect(at + rest.byteLength).toBe(source.byteLength);
      }),
      { numRuns: 300, seed: 20261128 },
    );
  });
});
