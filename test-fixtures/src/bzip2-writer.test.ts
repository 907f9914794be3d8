import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { describe, it, expect } from 'vitest';
import { writeBzip2, writeBzip2Streams, bzip2Crc } from './bzip2-writer.js';
import { writeTar } from './tar-writer.js';

const BZIP2 = '/usr/bin/bzip2';
const hasBzip2 = existsSync(BZIP2);
const bunzip = (bytes: Uint8Array): Buffer => execFileSync(BZIP2, ['-dc'], { input: bytes, maxBuffer: 1 << 26 });
const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

/** Inputs that reach every stage: empty, one byte, runs (RLE1, RLE2), periodic data (BWT), noise. */
function inputs(): Record<string, Uint8Array> {
  let x = 12345; // a fixed linear congruential generator: noise without Math.random
  const noise = Uint8Array.from({ length: 60000 }, () => ((x = (x * 1103515245 + 12345) >>> 0) >>> 16) & 0xff);
  const text = Array.from({ length: 400 }, (_, i) => `line ${i}: the quick brown fox ${i % 7} jumps\n`).join('');
  return {
    empty: new Uint8Array(0),
    one: Uint8Array.of(0x41),
    'run-254': new Uint8Array(254).fill(7),
    'run-255': new Uint8Array(255).fill(7),
    'run-256': new Uint8Array(256).fill(7),
    'run-4-then-other': Uint8Array.of(1, 1, 1, 1, 2),
    periodic: new TextEncoder().encode('ab'.repeat(5000)),
    text: new TextEncoder().encode(text),
    noise,
    tar: writeTar([{ path: 'p/' }, { path: 'p/a.txt', content: text }, { path: 'p/n.bin', content: noise.subarray(0, 3000) }]),
  };
}

describe('writeBzip2', () => {
  it('writes the stream header, block magic and end-of-stream marker where the format puts them', () => {
    const empty = writeBzip2('');
    // "BZh9", end magic 0x177245385090, combined CRC 0: the 14 bytes bzip2 writes for nothing.
    expect([...empty]).toEqual([0x42, 0x5a, 0x68, 0x39, 0x17, 0x72, 0x45, 0x38, 0x50, 0x90, 0, 0, 0, 0]);
    const small = writeBzip2('hello\n', { level: 1 });
    expect(Buffer.from(small.subarray(0, 10)).toString('hex')).toBe('425a6831314159265359'); // BZh1 + pi
    // The block CRC follows the magic: CRC-32/BZIP2 of "hello\n".
    expect(Buffer.from(small.subarray(10, 14)).readUInt32BE(0)).toBe(bzip2Crc(new TextEncoder().encode('hello\n')));
  });

  it('computes CRC-32/BZIP2 (check value of "123456789" is 0xfc891918)', () => {
    expect(bzip2Crc(new TextEncoder().encode('123456789'))).toBe(0xfc891918);
  });

  it('is deterministic', () => {
    const { text } = inputs();
    expect(sha(writeBzip2(text!))).toBe(sha(writeBzip2(text!)));
  });

  it('rejects a level outside 1..9', () => {
    expect(() => writeBzip2('x', { level: 0 })).toThrow(/level 0 is not 1..9/);
  });

  describe.skipIf(!hasBzip2)('bzip2 -dc reads what we write', () => {
    for (const [name, data] of Object.entries(inputs())) {
      it(`${name} (${data.byteLength} bytes)`, () => {
        const bz = writeBzip2(data);
        execFileSync(BZIP2, ['-t'], { input: bz });
        expect(sha(bunzip(bz))).toBe(sha(data));
      });
    }

    it('writes several blocks, and several streams (pbzip2 style), at every level', () => {
      const { text, noise } = inputs();
      for (let level = 1; level <= 9; level++) {
        const multi = writeBzip2(text!, { level, maxBlock: 1000 });
        expect(multi[3]).toBe(0x30 + level);
        expect(sha(bunzip(multi))).toBe(sha(text!));
      }
      const streams = writeBzip2Streams([text!, noise!, 'tail\n'], { level: 1 });
      expect(sha(bunzip(streams))).toBe(sha(Buffer.concat([text!, noise!, Buffer.from('tail\n')])));
      // Three "BZh1" stream headers in the file.
      expect(Buffer.from(streams).toString('latin1').split('BZh1').length - 1).toBeGreaterThanOrEqual(3);
    });
  });
});
