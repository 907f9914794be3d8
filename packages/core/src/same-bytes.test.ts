/**
 * sameBytes: two files of one size are the same only when every byte is, wherever the first
 * difference lies (the first byte, across a piece's end, the last byte); its digest is the file's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sameBytes } from './same-bytes.js';

let dir = '';
/** 2.5 MiB and 3 bytes: more than two of sameBytes' 1 MiB pieces, the last one short. */
const SIZE = 2.5 * 1024 * 1024 + 3;
const base = Buffer.alloc(SIZE);
for (let i = 0; i < SIZE; i++) base[i] = (i * 7 + (i >> 10)) & 0xff;

/** A file holding `bytes`, by name. */
function file(name: string, bytes: Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

/** `base` with the byte at `at` changed. */
function changedAt(at: number): Buffer {
  const bytes = Buffer.from(base);
  bytes[at] = bytes[at]! ^ 0x01;
  return bytes;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'whydiff-same-bytes-'));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sameBytes', () => {
  it('gives the digest and size of two files with the same bytes', async () => {
    const a = file('a', base);
    const b = file('b', Buffer.from(base));
    expect(await sameBytes(a, b)).toEqual({ sha256: createHash('sha256').update(base).digest('hex'), size: SIZE });
  });

  it('two empty files are the same', async () => {
    expect(await sameBytes(file('e1', Buffer.alloc(0)), file('e2', Buffer.alloc(0)))).toEqual({ sha256: createHash('sha256').digest('hex'), size: 0 });
  });

  for (const [where, at] of [['the first byte', 0], ['the last byte of a piece', 1024 * 1024 - 1], ['the first byte of the next piece', 1024 * 1024], ['the last byte', SIZE - 1]] as const) {
    it(`is null when only ${where} differs`, async () => {
      expect(await sameBytes(file(`a-${at}`, base), file(`b-${at}`, changedAt(at)))).toBeNull();
    });
  }

  it('is null for files of different sizes, even when one begins with the other', async () => {
    expect(await sameBytes(file('long', base), file('short', base.subarray(0, SIZE - 1)))).toBeNull();
  });
});
