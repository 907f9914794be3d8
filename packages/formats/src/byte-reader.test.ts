import { describe, it, expect } from 'vitest';
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
