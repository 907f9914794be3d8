import { describe, expect, it } from 'vitest';
import { BufferSource } from './random-access.js';
import { ReadWindow } from './zip-window.js';

const bytes = Uint8Array.from({ length: 1000 }, (_, i) => i % 251);

describe('ReadWindow', () => {
  it('reads any span, in windows of its size, whether it reuses one buffer or not', async () => {
    for (const reuse of [false, true]) {
      const window = new ReadWindow(new BufferSource(bytes), 64, { reuse });
      for (const [at, length] of [[0, 10], [5, 20], [60, 10], [300, 63], [990, 30], [100, 200]] as const) {
        expect([...(await window.read(at, length))]).toEqual([...bytes.subarray(at, at + length)]);
      }
    }
  });

  it('with reuse, reads every window into the same buffer (what it returned is valid until the next read)', async () => {
    const window = new ReadWindow(new BufferSource(bytes), 64, { reuse: true });
    const first = await window.read(0, 8);
    const second = await window.read(500, 8);
    expect(second.buffer).toBe(first.buffer);
    expect([...second]).toEqual([...bytes.subarray(500, 508)]);
    const plain = new ReadWindow(new BufferSource(bytes), 64);
    const a = await plain.read(0, 8);
    const b = await plain.read(500, 8);
    expect([...a]).toEqual([...bytes.subarray(0, 8)]); // still the first window's bytes
    expect([...b]).toEqual([...bytes.subarray(500, 508)]);
  });
});
