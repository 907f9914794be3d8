/**
 * FileSource reads the same bytes on the main thread (through libuv's pool) and in a worker thread
 * (blocking reads: see BLOCKING_READS): pieces of odd sizes, across the file's end, past it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { BufferSource, FileSource } from './random-access.js';

let dir = '';
let path = '';
/** 300,007 bytes of a counter pattern: every offset has its own byte sequence. */
const bytes = Buffer.alloc(300_007);
for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 31 + (i >> 8)) & 0xff;

/** Positions and lengths: the start, odd sizes, across the end, at the end, past it. */
const reads: Array<[position: number, length: number]> = [[0, 1], [0, 4096], [1, 65_537], [299_000, 7_000], [300_006, 10], [300_007, 5], [400_000, 3], [12_345, 0]];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'whydiff-random-access-'));
  path = join(dir, 'data.bin');
  writeFileSync(path, bytes);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What a FileSource gives for `reads` and for a stream of 1,000-byte pieces, as hex. */
async function readAll(source: FileSource | BufferSource): Promise<{ pieces: string[]; streamed: string; into: number }> {
  const pieces: string[] = [];
  for (const [position, length] of reads) pieces.push(Buffer.from(await source.read(position, length)).toString('hex'));
  const chunks: Uint8Array[] = [];
  for await (const chunk of source.stream(5, 250_000, 1_000)) chunks.push(chunk);
  const target = Buffer.alloc(9_999);
  const into = await source.readInto(target, 295_000);
  return { pieces, streamed: Buffer.concat(chunks).toString('hex'), into };
}

/** The same reads by a FileSource in a worker thread (the TypeScript source, through tsx's loader). */
function readInWorker(): Promise<unknown> {
  const tsxDir = dirname(createRequire(import.meta.url).resolve('tsx/package.json'));
  const api = pathToFileURL(join(tsxDir, 'dist/esm/api/index.mjs')).href;
  const module = pathToFileURL(join(import.meta.dirname, 'random-access.ts')).href;
  const script = `
    const { parentPort, workerData } = await import('node:worker_threads');
    (await import(${JSON.stringify(api)})).register();
    const { FileSource } = await import(${JSON.stringify(module)});
    const source = await FileSource.open(workerData.path);
    const pieces = [];
    for (const [position, length] of workerData.reads) pieces.push(Buffer.from(await source.read(position, length)).toString('hex'));
    const chunks = [];
    for await (const chunk of source.stream(5, 250_000, 1_000)) chunks.push(chunk);
    const target = Buffer.alloc(9_999);
    const into = await source.readInto(target, 295_000);
    await source.close();
    parentPort.postMessage({ pieces, streamed: Buffer.concat(chunks).toString('hex'), into });
  `;
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL(`data:text/javascript,${encodeURIComponent(script)}`), { workerData: { path, reads } });
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

describe('FileSource', () => {
  it('reads what the file holds, on this thread and in a worker thread alike', async () => {
    const file = await FileSource.open(path);
    const here = await readAll(file);
    await file.close();
    // The file's bytes themselves, through a BufferSource, are what both must give.
    const expected = await readAll(new BufferSource(bytes));
    expect(here).toEqual(expected);
    expect(expected.pieces.map((hex) => hex.length / 2)).toEqual([1, 4096, 65_537, 1_007, 1, 0, 0, 0]);
    expect(expected.into).toBe(5_007);
    expect(await readInWorker()).toEqual(expected);
  }, 30_000);
});
