/**
 * Sides read in worker threads (side-thread.ts) give what reading in this thread gives: the same
 * report for every hostile pair (damage, nesting, unsafe names, plain files), and the same error,
 * as its own class with its location, when a side cannot be read on (a bomb). The worker here
 * loads the TypeScript sources through tsx; production loads the built side-worker.js.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FormatError, LimitExceededError, TruncatedError, WhydiffError } from '@whydiff/formats';
import { fixturePath, generateAll, generatedPairs } from '../../../test-fixtures/src/generate.js';
import { hostileFixtures } from '../../../test-fixtures/src/hostile.js';
import { writeBzip2, writeGzip, writeTar } from '../../../test-fixtures/src/index.js';
import { writeZip } from '../../../test-fixtures/src/zip-writer.js';
import { compare, sharedHost } from './compare.js';
import { collectContent, detectFile, readSide } from './side.js';
import { PackedEntry, rebuildError, serializeError, wireBatch, WorkerHost, workerFor, type PackedTuple } from './side-thread.js';
import { walkBytes, type WalkEvent } from './walk.js';
import type { Report } from './report-model.js';

let dir = '';
const files = new Map<string, string[]>();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'whydiff-side-thread-'));
  for (const f of hostileFixtures) {
    const [, kase, file] = f.name.split('/') as [string, string, string];
    const path = join(dir, `${kase}-${file}`);
    writeFileSync(path, await f.bytes());
    files.set(kase, [...(files.get(kase) ?? []), path]);
  }
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const withoutTime = (report: Report) => ({ ...report, stats: { ...report.stats, seconds: 0 } });

async function outcome(a: string, b: string, thread: 'worker' | 'inline'): Promise<{ report?: Report; error?: unknown }> {
  try {
    return { report: withoutTime(await compare(a, b, { names: { a: 'a', b: 'b' }, thread })) };
  } catch (error) {
    return { error };
  }
}

describe('sides read in worker threads', () => {
  it('a worker is used when asked for, from the sources under test', () => {
    expect(workerFor('worker')?.url.pathname).toMatch(/side-worker\.(ts|js)$/);
    expect(workerFor('inline')).toBeNull();
  });

  it('every hostile pair: the same report (or the same error) in a worker as in this thread', async () => {
    let compared = 0;
    for (const [kase, paths] of files) {
      const [a, ...others] = paths;
      for (const b of others) {
        const inline = await outcome(a!, b, 'inline');
        const worker = await outcome(a!, b, 'worker');
        if (inline.error !== undefined) {
          const e = inline.error as WhydiffError;
          expect(worker.error, `${kase}: ${b}`).toBeInstanceOf(e.constructor);
          expect((worker.error as WhydiffError).oneLine(), `${kase}: ${b}`).toBe(e.oneLine());
          expect((worker.error as WhydiffError).code).toBe(e.code);
        } else {
          expect(worker.report, `${kase}: ${b}`).toEqual(inline.report);
          compared += 1;
        }
      }
    }
    // All but the bomb compare (the bomb throws in both).
    expect(compared).toBeGreaterThanOrEqual(10);
  }, 120_000);

  it('every generated pair: the same report in a worker as in this thread (two tar sides share one, and compare bytes instead of hashing)', async () => {
    await generateAll();
    const pairs = await generatedPairs();
    for (const [a, b] of pairs) {
      const [worker, inline] = [await outcome(fixturePath(a), fixturePath(b), 'worker'), await outcome(fixturePath(a), fixturePath(b), 'inline')];
      if (inline.error !== undefined) expect((worker.error as WhydiffError).oneLine(), a).toBe((inline.error as WhydiffError).oneLine());
      else expect(worker.report, a).toEqual(inline.report);
    }
    // Among them an egg (a zip) inside a tar.gz, whose members are read at once in the shared worker.
    expect(pairs.map(([a]) => a)).toContain('cause/egg-in-tar/a.tar.gz');
  }, 120_000);

  it('a bomb read in a worker throws LimitExceededError here, with its limit, artifact and member', async () => {
    const [a, b] = files.get('zip-bomb')!;
    const error = await compare(a!, b!, { names: { a: 'a.zip', b: 'b.zip' }, thread: 'worker' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LimitExceededError);
    expect(error).toMatchObject({ code: 'LIMIT_RATIO', limit: 'ratio', artifact: 'b.zip', member: 'bomb.bin' });
  }, 30_000);

  it('a worker retains the content read last: take gives it without a second read, collectContent reads the rest again', async () => {
    const member = (i: number) => ({ path: `m${i}.txt`, content: `member ${i}\n`.repeat(4000), mtime: 1700000000 });
    const path = join(dir, 'retain.tar.gz');
    writeFileSync(path, writeGzip(writeTar(Array.from({ length: 40 }, (_, i) => member(i)))));
    const side = await readSide({ side: 'a', path, name: 'retain.tar.gz' }, { thread: 'worker', retainContent: { budgetBytes: 256 * 1024, maxKept: 10 } });
    try {
      const held = await side.retained!.take(['m0.txt', 'm39.txt']);
      expect([...held.keys()]).toEqual(['m39.txt']); // m0 left the 256 KiB window long ago
      expect(new TextDecoder().decode(held.get('m39.txt'))).toBe(member(39).content);
      const both = await collectContent(side, new Set(['m0.txt', 'm39.txt']), { thread: 'worker' });
      expect(new TextDecoder().decode(both.get('m0.txt'))).toBe(member(0).content);
      expect(new TextDecoder().decode(both.get('m39.txt'))).toBe(member(39).content);
      // Settled: what was kept comes into this thread, the worker and the rest of its window go.
      side.retained!.keep(['m38.txt']);
      await side.retained!.settle();
      const settled = await side.retained!.take(['m38.txt', 'm39.txt']);
      expect([...settled.keys()]).toEqual(['m38.txt']);
      expect(new TextDecoder().decode(settled.get('m38.txt'))).toBe(member(38).content);
    } finally {
      side.retained!.close();
    }
  }, 30_000);

  it('a worker retains a zip\'s members by place: take reads them from the file again, counted in the window as their bytes', async () => {
    const member = (i: number) => ({ name: `m${i}.txt`, data: `zip member ${i}\n`.repeat(2000), mtime: 1700000000 });
    const path = join(dir, 'retain.zip');
    const zip = writeZip(Array.from({ length: 40 }, (_, i) => member(i)));
    writeFileSync(path, zip);
    const side = await readSide({ side: 'a', path, name: 'retain.zip' }, { thread: 'worker', retainContent: { budgetBytes: 256 * 1024, maxKept: 10 } });
    try {
      const held = await side.retained!.take(['m0.txt', 'm39.txt']);
      expect([...held.keys()]).toEqual(['m39.txt']); // m0's 28 KB left the 256 KiB window long ago
      expect(new TextDecoder().decode(held.get('m39.txt'))).toBe(member(39).data);
      side.retained!.keep(['m38.txt']);
      // Held by place, not by bytes: once the file no longer holds them, they are not given (the second pass reads what it can).
      writeFileSync(path, new Uint8Array(zip.byteLength));
      expect((await side.retained!.take(['m37.txt'])).size).toBe(0);
      writeFileSync(path, zip);
      await side.retained!.settle();
      const settled = await side.retained!.take(['m38.txt', 'm39.txt']);
      expect([...settled.keys()]).toEqual(['m38.txt']);
      expect(new TextDecoder().decode(settled.get('m38.txt'))).toBe(member(38).data);
    } finally {
      side.retained!.close();
    }
  }, 30_000);

  it('a side far ahead waits for the other, and both finish: the same report as in one thread', async () => {
    // a starts with 12 MiB that b lacks, so a runs ahead of b by more than its window from the start.
    const noise = new Uint8Array(12 * 1024 * 1024).map((_, i) => (i * 2654435761) >>> 24);
    const files = (version: string) => Array.from({ length: 30 }, (_, i) => ({ path: `src/f${i}.py`, content: `VERSION = "${i === 17 ? version : '1'}"\n`.repeat(50), mtime: 1700000000 }));
    const a = join(dir, 'ahead-a.tar.gz');
    const b = join(dir, 'ahead-b.tar.gz');
    writeFileSync(a, writeGzip(writeTar([{ path: 'blob.bin', content: noise, mtime: 1700000000 }, ...files('2')])));
    writeFileSync(b, writeGzip(writeTar(files('3'))));
    const worker = await outcome(a, b, 'worker');
    expect(worker.report).toEqual((await outcome(a, b, 'inline')).report);
    expect(worker.report!.causes.map((c) => `${c.category} ${c.paths.join(',')}`)).toEqual(['removed blob.bin', 'content src/f17.py']);
  }, 60_000);

  it('two sides walked in one WorkerHost: each gets its own members, and the thread ends with the last request', async () => {
    const tarOf = (n: number, word: string) => writeGzip(writeTar(Array.from({ length: n }, (_, i) => ({ path: `${word}/${i}.txt`, content: `${word} ${i}\n`.repeat(500), mtime: 1700000000 }))));
    writeFileSync(join(dir, 'host-a.tar.gz'), tarOf(300, 'left'));
    writeFileSync(join(dir, 'host-b.tar.gz'), tarOf(200, 'right'));
    const host = new WorkerHost(workerFor('worker')!, 2);
    const read = (side: 'a' | 'b', file: string) => readSide({ side, path: join(dir, file), name: file }, { thread: 'worker', host });
    const [a, b] = await Promise.all([read('a', 'host-a.tar.gz'), read('b', 'host-b.tar.gz')]);
    expect([a.entries.size, b.entries.size]).toEqual([300, 200]);
    expect([...a.entries.keys()].every((p) => p.startsWith('left/'))).toBe(true);
    expect([...b.entries.keys()].every((p) => p.startsWith('right/'))).toBe(true);
    expect([...a.levels.get('')!.order].slice(0, 2)).toEqual(['left/0.txt', 'left/1.txt']);
    expect(host.running).toBe(false);
  }, 30_000);

  it('two tar.gz read in one worker, members of the same bytes left unhashed: the report is the one read in this thread', async () => {
    // ~6 MB of members of 48 KB each: more than a side's window (4 MiB), so members held unhashed
    // age out of it, matched or not. (Paths met twice are left out: which copy a comparison
    // compares depends on the order the main thread takes the two sides' entries in, in a worker
    // or not; bench/RESULTS.md, round 24, says more.)
    const body = (seed: string) => Array.from({ length: 1200 }, (_, i) => `${seed} ${(i * 2654435761) % 1000003} line ${i}\n`).join('').slice(0, 48_000);
    const member = (path: string, seed = path) => ({ path, content: body(seed), mtime: 1700000000 });
    const common = Array.from({ length: 120 }, (_, i) => `m${i}.txt`);
    const a = [...common.map((p) => member(p)), member('only-a.txt')];
    const b = [...common.filter((p) => p !== 'm70.txt').map((p) => member(p, p === 'm10.txt' || p === 'm50.txt' ? `${p} changed` : p)), member('only-b.txt')];
    writeFileSync(join(dir, 'same-a.tar.gz'), writeGzip(writeTar(a)));
    writeFileSync(join(dir, 'same-b.tar.gz'), writeGzip(writeTar(b.map((m) => ({ ...m, mtime: m.mtime + 3600 })))));
    const [x, y] = [join(dir, 'same-a.tar.gz'), join(dir, 'same-b.tar.gz')];
    expect(await sharedHost([await detectFile(x), await detectFile(y)], [statSync(x), statSync(y)], 'worker').then((host) => (host?.close(), host !== undefined))).toBe(true);
    const [worker, inline] = [await outcome(x, y, 'worker'), await outcome(x, y, 'inline')];
    expect(worker.report).toEqual(inline.report);
    // And it is the report it should be: two members changed (their sha256s shown), two removed, one added.
    const report = inline.report!;
    const content = report.differences.filter((n) => n.fields.some((f) => f.field === 'sha256'));
    expect(content.map((n) => n.path)).toEqual(['m10.txt', 'm50.txt']);
    expect(content.flatMap((n) => n.fields.filter((f) => f.field === 'sha256').map((f) => [typeof f.a, typeof f.b]))).toEqual([['string', 'string'], ['string', 'string']]);
    expect(report.differences.filter((n) => n.status !== 'changed').map((n) => `${n.status} ${n.path}`)).toEqual(['removed m70.txt', 'removed only-a.txt', 'added only-b.txt']);
  }, 60_000);

  it('a side that fails (a bomb) fails a comparison read in one worker at once, without waiting for the other side\'s walk', async () => {
    writeFileSync(join(dir, 'bomb.tar.gz'), writeGzip(writeTar([{ path: 'zeros.bin', content: new Uint8Array(64 << 20), mtime: 1700000000 }])));
    const text = (i: number) => Array.from({ length: 40 }, (_, l) => `member ${i} line ${l} ${(i * 7919 + l) % 10007}\n`).join('');
    writeFileSync(join(dir, 'many.tar.gz'), writeGzip(writeTar(Array.from({ length: 20_000 }, (_, i) => ({ path: `m${i}.txt`, content: text(i), mtime: 1700000000 })))));
    const [x, y] = [join(dir, 'bomb.tar.gz'), join(dir, 'many.tar.gz')];
    let readOfOther = 0;
    let readWhenFailed = -1;
    const error = await compare(x, y, { names: { a: 'bomb.tar.gz', b: 'many.tar.gz' }, thread: 'worker', onProgress: (p) => p.side === 'b' && (readOfOther = p.entries) }).catch((e: unknown) => {
      readWhenFailed = readOfOther;
      return e;
    });
    expect(error).toBeInstanceOf(LimitExceededError);
    expect((error as LimitExceededError).oneLine()).toMatch(/^bomb\.tar\.gz: member zeros\.bin: .*past the limit of 100:1 \(--max-ratio\); a compression bomb\?$/);
    // The other side's 20,000 members were not all read first: the error did not wait for them.
    expect(readWhenFailed).toBeGreaterThanOrEqual(0);
    expect(readWhenFailed).toBeLessThan(20_000);
  }, 60_000);

  it('one worker for both sides when both decompress outside JavaScript (gzip, bzip2 by its program, none), else one each', async () => {
    const write = (file: string, bytes: Uint8Array) => (writeFileSync(join(dir, file), bytes), join(dir, file));
    const tar = writeTar([{ path: 'x.txt', content: 'x\n', mtime: 1700000000 }]);
    const gz = write('s.tar.gz', writeGzip(tar));
    const plain = write('s.tar', tar);
    const zip = write('s.zip', writeZip([{ name: 'x.txt', data: 'x\n' }]));
    const bz = write('s.tar.bz2', writeBzip2(tar));
    const shares = async (x: string, y: string, env?: string) => {
      const saved = process.env.WHYDIFF_BZIP2;
      if (env !== undefined) process.env.WHYDIFF_BZIP2 = env;
      try {
        const host = await sharedHost([await detectFile(x), await detectFile(y)], [statSync(x), statSync(y)], 'worker');
        host?.close();
        return host !== undefined;
      } finally {
        if (saved === undefined) delete process.env.WHYDIFF_BZIP2;
        else process.env.WHYDIFF_BZIP2 = saved;
      }
    };
    expect(await shares(gz, gz)).toBe(true);
    expect(await shares(gz, plain)).toBe(true);
    expect(await shares(bz, gz, 'bzip2')).toBe(true);
    expect(await shares(bz, gz, 'js')).toBe(false);
    expect(await shares(zip, zip)).toBe(false);
    expect(await shares(gz, zip)).toBe(false);
  }, 30_000);

  it("a batch's raw fields cross as header bytes where the reader keeps them, as JSON where it does not, and arrive as the reader's", async () => {
    const zip = writeZip([
      { name: 'dir/', mtime: 1_700_000_000, unixMode: 0o40755 },
      { name: 'dir/a.txt', data: 'hello\n', mtime: 1_700_000_000, extendedTimestamp: { mtime: 1_700_000_000, atime: 1_700_000_100 }, unixIds: { uid: 1000, gid: 1000 } },
      { name: 'dir/b.bin', data: 'x'.repeat(300), method: 'stored', dataDescriptor: 'signature', comment: 'a note' },
      { name: new Uint8Array([0x63, 0x61, 0x66, 0x82, 0x2e, 0x74, 0x78, 0x74]), data: 'cp437 name', zip64: true },
    ]);
    const events: WalkEvent[] = [];
    for await (const event of walkBytes(zip, 'x.zip')) events.push(event);
    const entries = events.filter((e): e is Extract<WalkEvent, { kind: 'entry' }> => e.kind === 'entry').map((e) => e.entry);
    expect(entries.map((e) => e.rawRecord?.kind)).toEqual(['zip-member', 'zip-member', 'zip-member', 'zip-member']);
    const expected = entries.map((e) => structuredClone(e.raw));
    // A walk that changes an entry's fields (a .pyc's header is added to them) lets its record go: that one crosses as JSON.
    entries[1]!.raw = { ...entries[1]!.raw, pyc: { kind: 'timestamp' } };
    expected[1] = structuredClone(entries[1]!.raw);
    expect(entries[1]!.rawRecord).toBeUndefined();

    const { message } = wireBatch(events);
    const arrived = structuredClone(message, { transfer: [message.rawBytes.buffer as ArrayBuffer] });
    expect(message.rawBytes.byteLength).toBe(0); // moved, not copied
    const tuples = arrived.events.filter((e): e is PackedTuple => Array.isArray(e));
    const packed = tuples.map((t) => new PackedEntry(t, arrived.rawText, arrived.rawBytes));
    expect(packed.map((e) => e.raw)).toEqual(expected);
    expect(expected[3]).toMatchObject({ nameHex: '636166822e747874', zip64: { uncompressedSize: 10 } });
    expect(expected[2]).toMatchObject({ comment: 'a note', dataDescriptor: { signature: true, uncompressedSize: 300 } });
    // The same bytes are the same fields; a record and JSON text, or two different records, are not known to be.
    const again = new PackedEntry(tuples[0]!, arrived.rawText, arrived.rawBytes);
    expect(packed[0]!.sameRawAs(again)).toBe(true);
    expect(packed[0]!.sameRawAs(packed[2]!)).toBe(false);
    expect(packed[0]!.sameRawAs(packed[1]!)).toBe(false);
  });

  it('errors cross threads as their class, with code, location and extra fields', () => {
    const truncated = new TruncatedError('gzip', 'the trailer of member 0', { artifact: 'x.tar.gz', offset: 77, expected: '8 bytes', found: '3' });
    const back = rebuildError(structuredClone(serializeError(truncated)));
    expect(back).toBeInstanceOf(TruncatedError);
    expect(back).toBeInstanceOf(FormatError);
    expect(back).toMatchObject({ code: 'GZIP_TRUNCATED', format: 'gzip', artifact: 'x.tar.gz', offset: 77, expected: '8 bytes', found: '3', name: 'TruncatedError' });
    expect((back as TruncatedError).oneLine()).toBe('x.tar.gz: offset 77: gzip: unexpected end of data in the trailer of member 0; the file is truncated');
    const plain = rebuildError(structuredClone(serializeError(Object.assign(new Error('no such file'), { code: 'ENOENT' }))));
    expect(plain).not.toBeInstanceOf(WhydiffError);
    expect(plain).toMatchObject({ message: 'no such file', code: 'ENOENT' });
  });
});
