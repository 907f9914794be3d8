import { describe, expect, it } from 'vitest';
import { crc32 as zlibCrc32 } from 'node:zlib';
import { createRequire } from 'node:module';
import { crc32 } from './crc32.js';

/** Bytes that are not all alike, the same on every run. */
const bytes = (n: number, seed = 1): Uint8Array => Uint8Array.from({ length: n }, (_, i) => (i * 2654435761 + seed * 40503) >>> 24);

describe('crc32', () => {
  it('gives the check value of the CRC-32 used by gzip and zip', () => {
    // The catalogue's check value for CRC-32/ISO-HDLC: the CRC of the ASCII digits 1 to 9.
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });

  it('agrees with zlib on both sides of the length where it changes implementation', () => {
    for (const n of [0, 1, 15, 127, 128, 129, 1000, 4096, 65537, 300_000]) {
      const data = bytes(n, n);
      expect(crc32(data), `${n} bytes`).toBe(zlibCrc32(data));
      expect(crc32(data, 0xdeadbeef), `${n} bytes from 0xdeadbeef`).toBe(zlibCrc32(data, 0xdeadbeef));
    }
  });

  it('continues across pieces of any size as over the whole', () => {
    const data = bytes(200_000, 7);
    const whole = crc32(data);
    for (const piece of [1, 127, 128, 1000, 65536, 199_999]) {
      let value = 0;
      for (let at = 0; at < data.byteLength; at += piece) value = crc32(data.subarray(at, at + piece), value);
      expect(value, `in pieces of ${piece}`).toBe(whole);
    }
  });

  it('reads views into a larger buffer at their own offset', () => {
    const data = bytes(10_000, 3);
    expect(crc32(data.subarray(333, 9_000))).toBe(zlibCrc32(data.subarray(333, 9_000)));
  });

  it('has the native implementation installed where its prebuilt binary exists (linux x64, the bench machine)', () => {
    // Not a requirement for correctness (zlib answers otherwise), but the speed the bench records depends on it.
    if (process.platform !== 'linux' || process.arch !== 'x64') return;
    const native = createRequire(import.meta.url)('@node-rs/crc32') as { crc32: (d: Uint8Array, v?: number) => number };
    expect(native.crc32(bytes(5000))).toBe(zlibCrc32(bytes(5000)));
  });
});
