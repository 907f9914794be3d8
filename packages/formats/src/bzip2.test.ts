import { describe, expect, it, afterEach } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { chunked } from './byte-reader.js';
import { bunzip2, decodeBzip2Header } from './bzip2.js';
import { collect, recordingContext } from './test-context.js';
import { TruncatedError } from './errors.js';
import { corpusDir } from '../../../test-fixtures/src/mtree.js';
import { writeBzip2 } from '../../../test-fixtures/src/bzip2-writer.js';

const tbz = readFileSync(join(corpusDir, 'test_compat_bzip2_1.tbz'));
const hasBzip2 = spawnSync('bzip2', ['--help'], { stdio: 'ignore' }).error === undefined;
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe('decodeBzip2Header', () => {
  it('reads the block size level and rejects what is not bzip2', () => {
    expect(decodeBzip2Header(tbz)).toEqual({ level: 9, empty: false });
    expect(() => decodeBzip2Header(Buffer.from('BZh0\x31\x41\x59\x26\x53\x59', 'latin1'))).toThrow("bzip2: block size level: expected '1'..'9', found byte 48");
  });
});

const decoders = [...(hasBzip2 ? ['bzip2'] : []), 'js'];
describe.each(decoders)('bunzip2 with the %s decoder', (decoder) => {
  const saved = process.env.WHYDIFF_BZIP2;
  afterEach(() => {
    if (saved === undefined) delete process.env.WHYDIFF_BZIP2;
    else process.env.WHYDIFF_BZIP2 = saved;
  });

  it('hands on the decoded bytes in pieces of 256 KiB (the last one smaller), whatever size the decoder writes', async () => {
    process.env.WHYDIFF_BZIP2 = decoder;
    const text = Array.from({ length: 40_000 }, (_, i) => `line ${i} of a log that compresses well\n`).join('');
    const pieces: number[] = [];
    for await (const piece of bunzip2(chunked(writeBzip2(text), 4096), recordingContext())) pieces.push(piece.byteLength);
    expect(pieces.reduce((a, b) => a + b, 0)).toBe(Buffer.byteLength(text));
    if (decoder !== 'js') {
      expect(pieces.slice(0, -1).every((n) => n >= 256 * 1024)).toBe(true);
      expect(pieces.length).toBeLessThanOrEqual(Math.ceil(Buffer.byteLength(text) / (256 * 1024)));
    }
  });

  it('decodes a corpus .tbz whole and in odd chunks to the same bytes', async () => {
    process.env.WHYDIFF_BZIP2 = decoder;
    const whole = await collect(bunzip2(chunked(tbz, tbz.length), recordingContext()));
    const odd = await collect(bunzip2(chunked(tbz, 7), recordingContext()));
    expect(whole.length).toBe(7168); // what `bzip2 -dc | wc -c` gives
    expect(sha(odd)).toBe(sha(whole));
  });

  it('decodes every stream of a multi-stream file (pbzip2 style)', async () => {
    process.env.WHYDIFF_BZIP2 = decoder;
    const single = await collect(bunzip2(chunked(tbz, 4096), recordingContext()));
    const ctx = recordingContext();
    const double = await collect(bunzip2(chunked(Buffer.concat([tbz, tbz]), 4096), ctx));
    expect(double.equals(Buffer.concat([single, single]))).toBe(true);
    expect(ctx.layers).toEqual([{ format: 'bzip2', raw: { level: 9, blockSize: 900000, decoder }, summary: 'bzip2 -9' }]);
  });

  it('ends a truncated file with a TruncatedError', async () => {
    process.env.WHYDIFF_BZIP2 = decoder;
    const cut = tbz.subarray(0, Math.floor(tbz.length * 0.6));
    await expect(collect(bunzip2(chunked(cut, 100), recordingContext()))).rejects.toBeInstanceOf(TruncatedError);
  });
});

describe.runIf(hasBzip2)('bunzip2 through the bzip2 program', () => {
  const saved = process.env.WHYDIFF_BZIP2;
  afterEach(() => {
    if (saved === undefined) delete process.env.WHYDIFF_BZIP2;
    else process.env.WHYDIFF_BZIP2 = saved;
  });

  it('names corrupt data in one sentence, as the program says it', async () => {
    process.env.WHYDIFF_BZIP2 = 'bzip2';
    const damaged = Buffer.from(tbz);
    damaged[200]! ^= 0xff; // inside the first block's data: its CRC no longer matches
    await expect(collect(bunzip2(chunked(damaged, 4096), recordingContext()))).rejects.toThrow(
      'bzip2: compressed data is corrupt (bzip2 says: Data integrity error when decompressing.)',
    );
  });
});
