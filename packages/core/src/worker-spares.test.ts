/**
 * sparesFor: the side workers a comparison will most likely start, guessed from the inputs' sizes
 * and first bytes before anything else loads; a pipe is never opened (it would lose its bytes).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INLINE_MAX_BYTES, sparesFor } from './worker-spares.js';

let dir = '';
/** A zip's first bytes (a local file header's signature), then filler to `size`. */
const zipLike = (size: number) => Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(size - 4)]);
/** A gzip's first bytes, then filler to `size`. */
const gzipLike = (size: number) => Buffer.concat([Buffer.from([0x1f, 0x8b, 0x08, 0x00]), Buffer.alloc(size - 4)]);

function file(name: string, bytes: Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'whydiff-spares-'));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sparesFor', () => {
  const large = INLINE_MAX_BYTES + 1;

  it('none for two files read in the main thread (up to INLINE_MAX_BYTES), whatever they hold', () => {
    expect(sparesFor([file('small-a.zip', zipLike(INLINE_MAX_BYTES)), file('small-b.zip', zipLike(1000))])).toBe(0);
  });

  it('two for two larger zips (a worker a side), one for two larger tar.gz (one worker for both) or a zip against a tar.gz', () => {
    const [za, zb] = [file('a.zip', zipLike(large)), file('b.zip', zipLike(large))];
    const [ga, gb] = [file('a.tar.gz', gzipLike(large)), file('b.tar.gz', gzipLike(large))];
    expect(sparesFor([za, zb])).toBe(2);
    expect(sparesFor([ga, gb])).toBe(1);
    expect(sparesFor([za, gb])).toBe(1);
    expect(sparesFor([za, file('small.zip', zipLike(100))])).toBe(1);
  });

  it('one for directories, missing paths, and anything but two operands', () => {
    expect(sparesFor([dir, dir])).toBe(1);
    expect(sparesFor([join(dir, 'missing-a'), join(dir, 'missing-b')])).toBe(1);
    const [za, zb] = [file('one.zip', zipLike(large)), file('two.zip', zipLike(large))];
    expect(sparesFor([za, zb, za])).toBe(1);
    expect(sparesFor([])).toBe(1);
  });

  it('guesses one for a pipe without taking any of its bytes', async () => {
    const fifo = join(dir, 'pipe.zip');
    execFileSync('mkfifo', [fifo]);
    expect(sparesFor([fifo, file('three.zip', zipLike(large))])).toBe(1);
    // Every byte written is still there for the reader.
    const written = writeFile(fifo, zipLike(5000));
    const read = await readFile(fifo);
    await written;
    expect(read).toEqual(zipLike(5000));
  });
});
