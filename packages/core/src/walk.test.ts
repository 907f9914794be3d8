/**
 * The walk reads a member two ways: at once, when its reader had the content at hand (a small tar
 * member inside one decompressed chunk), or as a stream. Whichever way a member is read, its entry
 * (hash, problems, nesting, captured content) must be the same: the same tar is walked plain (read
 * in 1 MiB pieces) and gzip'd (inflated in 256 KiB pieces), so members fall on chunk boundaries in
 * different places, and members over 1 MiB always stream.
 */
import { describe, it, expect } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WhydiffError } from '@whydiff/formats/errors';
import { removeTempDir, tempDirPath } from './temp-dir.js';
import { writeGzip, writeTar } from '../../../test-fixtures/src/index.js';
import { marshalAssignModule, writePyc } from '../../../test-fixtures/src/pyc-writer.js';
import { writeZip } from '../../../test-fixtures/src/zip-writer.js';
import { BATCH_EVENTS, walkArtifactInBatches, walkBytes, walkBytesInBatches, type WalkEntry, type WalkEvent } from './walk.js';
import { RecentContent } from './recent-content.js';

const T = 1700000000;
const text = (n: number, seed: string) => Array.from({ length: n }, (_, i) => `${seed} line ${i}\n`).join('');
const members = [
  { path: 'small.txt', content: 'hello\n', mtime: T },
  { path: 'empty.txt', content: '', mtime: T },
  ...Array.from({ length: 60 }, (_, i) => ({ path: `src/f${i}.js`, content: text(200 + i * 37, `f${i}`), mtime: T })),
  { path: 'big.bin', content: new Uint8Array(1_100_000).map((_, i) => (i * 7919) >>> 5), mtime: T },
  { path: 'inner.tar.gz', content: writeGzip(writeTar([{ path: 'deep.txt', content: 'deep\n', mtime: T }])), mtime: T },
  { path: 'mod.pyc', content: writePyc({ python: '3.12', kind: 'timestamp', sourceMtime: T, sourceSize: 12 }, marshalAssignModule('x', 1)), mtime: T },
  { path: '../escape.txt', content: 'unsafe name\n', mtime: T },
  { path: 'link', type: 'symlink' as const, linkTarget: 'small.txt', mtime: T },
];

async function entries(bytes: Uint8Array, name: string, capture: string[]): Promise<Map<string, WalkEntry>> {
  const out = new Map<string, WalkEntry>();
  for await (const event of walkBytes(bytes, name, { capture: new Set(capture) }) as AsyncIterable<WalkEvent>) {
    if (event.kind === 'entry') out.set(event.entry.path, event.entry);
  }
  return out;
}

describe('a member read at once or as a stream', () => {
  it('gives the same entries, hashes, problems, nested levels and captured content', async () => {
    const tar = writeTar(members);
    const capture = ['src/f7.js', 'big.bin', 'empty.txt'];
    const plain = await entries(tar, 'r.tar', capture);
    const gzipped = await entries(writeGzip(tar), 'r.tar.gz', capture);
    expect([...gzipped.keys()]).toEqual([...plain.keys()]);
    expect([...plain.keys()]).toContain('inner.tar.gz!/deep.txt');
    for (const [path, entry] of plain) expect(gzipped.get(path), path).toEqual(entry);
    for (const m of members) {
      if (m.content === undefined || m.path.endsWith('.tar.gz')) continue;
      expect(plain.get(m.path)!.sha256, m.path).toBe(createHash('sha256').update(m.content).digest('hex'));
    }
    expect(new TextDecoder().decode(plain.get('src/f7.js')!.content)).toBe(members.find((m) => m.path === 'src/f7.js')!.content);
    expect(plain.get('big.bin')!.content!.byteLength).toBe(1_100_000);
    expect(plain.get('empty.txt')!.content!.byteLength).toBe(0);
    expect(plain.get('../escape.txt')!.problems.map((p) => p.code)).toEqual(['UNSAFE_PATH']);
    expect(plain.get('mod.pyc')!.raw.pyc).toMatchObject({ codeSha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });
});

describe('a nested archive spilled to the temp dir', () => {
  // 256 KB that deflate cannot shrink, so the nested archive is that large inside the outer one.
  const noise = Buffer.concat(Array.from({ length: 8192 }, (_, i) => createHash('sha256').update(String(i)).digest()));
  const inner = writeGzip(writeTar([{ path: 'noise.bin', content: noise, mtime: T }]));
  const outer = writeGzip(writeTar([{ path: 'inner.tar.gz', content: inner, mtime: T }]));

  it('is read back whole from its file', async () => {
    const listed: Array<[string, string | null]> = [];
    for await (const event of walkBytes(outer, 'o.tar.gz', { limits: { inMemoryBytes: 4096 } })) if (event.kind === 'entry') listed.push([event.entry.path, event.entry.sha256]);
    removeTempDir();
    const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
    expect(listed).toEqual([['inner.tar.gz', sha(inner)], ['inner.tar.gz!/noise.bin', sha(noise)]]);
  });

  it('is removed at once when the stream it comes from breaks, its file closed', async () => {
    // Cut in the middle of the nested archive's bytes: the outer stream breaks while it is spilled.
    const cut = outer.subarray(0, Math.floor(outer.byteLength * 0.6));
    let thrown: unknown = null;
    try {
      for await (const event of walkBytes(cut, 'cut.tar.gz', { limits: { inMemoryBytes: 4096 } })) void event;
    } catch (error) {
      thrown = error;
    }
    try {
      expect(thrown).toBeInstanceOf(WhydiffError);
      expect((thrown as WhydiffError).code).toBe('GZIP_TRUNCATED');
      const dir = tempDirPath();
      expect(dir === null ? [] : readdirSync(dir)).toEqual([]);
    } finally {
      removeTempDir();
    }
  });
});

describe('the walk in batches', () => {
  // 150 one-block files: many batches of events.
  const many = Array.from({ length: 150 }, (_, i) => ({ path: `d${i % 7}/f${i}.txt`, content: text(1 + (i % 5), `m${i}`), mtime: T }));
  const sha = (content: string) => createHash('sha256').update(content).digest('hex');
  const expected = (n: number) => ['level', ...many.slice(0, n).map((m) => `${m.path} ${sha(m.content)}`)];
  const summary = (event: WalkEvent) => (event.kind === 'entry' ? `${event.entry.path} ${event.entry.sha256}` : event.kind);

  async function batchesOf(bytes: Uint8Array, name: string): Promise<{ batches: WalkEvent[][]; thrown: unknown }> {
    const batches: WalkEvent[][] = [];
    try {
      for await (const batch of walkBytesInBatches(bytes, name)) batches.push(batch);
      return { batches, thrown: null };
    } catch (error) {
      return { batches, thrown: error };
    }
  }

  it('holds every event in order, at most BATCH_EVENTS to a batch', async () => {
    const { batches, thrown } = await batchesOf(writeGzip(writeTar(many)), 'many.tar.gz');
    expect(thrown).toBeNull();
    expect(batches.flat().map(summary).filter((s) => s !== 'layer')).toEqual(expected(150));
    // 153 events: the level, the gzip header, 150 entries and the tar's end.
    expect(BATCH_EVENTS).toBe(16);
    expect(batches.map((batch) => batch.length)).toEqual([...Array<number>(9).fill(16), 9]);
  });

  it('hands out what was read before the stream broke, then the error', async () => {
    // Each member is a header block and a data block: 100 members are whole, the 101st header is cut.
    const cut = writeTar(many).subarray(0, 1024 * 100 + 100);
    const { batches, thrown } = await batchesOf(cut, 'cut.tar');
    expect((thrown as WhydiffError).code).toBe('TAR_TRUNCATED');
    expect(batches.flat().map(summary)).toEqual(expected(100));
  });
});

describe('a tar whose first member is named like another format', () => {
  // Its first bytes are its first member's name, "070707": an odc cpio's magic. The walk read it
  // as cpio and stopped ("cpio: bad odc header at offset 0") before format detection tried the tar
  // checksum first.
  const tar = writeTar([
    { path: '070707-notes.txt', content: 'notes\n', mtime: T },
    { path: 'b.txt', content: 'b\n', mtime: T },
  ]);

  it('is read as tar, at the top and nested', async () => {
    const top = await entries(tar, 'release.tar', []);
    expect([...top.values()].map((e) => [e.path, e.format])).toEqual([
      ['070707-notes.txt', 'tar/ustar'],
      ['b.txt', 'tar/ustar'],
    ]);
    const outer = writeGzip(writeTar([{ path: 'inner.tar', content: tar, mtime: T }]));
    const nested = await entries(outer, 'outer.tar.gz', []);
    expect([...nested.keys()]).toEqual(['inner.tar', 'inner.tar!/070707-notes.txt', 'inner.tar!/b.txt']);
  });
});

describe('a member the other side, walked in this thread, holds with the same bytes', () => {
  const files = Array.from({ length: 30 }, (_, i) => ({ path: `src/f${i}.js`, content: text(50 + i * 11, `f${i}`), mtime: T }));
  const a = writeGzip(writeTar(files));
  const b = writeGzip(writeTar(files.map((f, i) => ({ ...f, content: i % 6 === 2 ? `${f.content}changed\n` : f.content, mtime: T + 60 }))));
  const walkWith = async (bytes: Uint8Array, name: string, retain?: RecentContent) => {
    const out = new Map<string, WalkEntry>();
    for await (const event of walkBytes(bytes, name, { retain })) if (event.kind === 'entry') out.set(event.entry.path, event.entry);
    return out;
  };
  const paired = () => {
    const [ra, rb] = [new RecentContent({ budgetBytes: 1 << 20, maxKept: 5 }), new RecentContent({ budgetBytes: 1 << 20, maxKept: 5 })];
    RecentContent.pair(ra, rb);
    return [ra, rb] as const;
  };

  it("takes the other side's sha256 instead of hashing", async () => {
    const [ra, rb] = paired();
    const same = Buffer.from(files[0]!.content);
    ra.offer('src/f0.js', [same], same.byteLength, 'f'.repeat(64));
    const changed = Buffer.from(`${files[2]!.content}changed\n`);
    ra.offer('src/f2.js', [Buffer.from(files[2]!.content)], Buffer.byteLength(files[2]!.content), 'e'.repeat(64));
    const got = await walkWith(b, 'b.tar.gz', rb);
    expect(got.get('src/f0.js')!.sha256).toBe('f'.repeat(64));
    expect(got.get('src/f2.js')!.sha256).toBe(createHash('sha256').update(changed).digest('hex'));
    // The twin's bytes are not copied into this side's window (the pair's content is the same);
    // the changed member's are, for the differ.
    const held = await rb.take(['src/f0.js', 'src/f2.js']);
    expect([...held.keys()]).toEqual(['src/f2.js']);
    expect(Buffer.from(held.get('src/f2.js')!)).toEqual(changed);
  });

  it('takes it for a member that comes in several chunks, compared chunk by chunk', async () => {
    // 700 KB: more than one of the gunzip stream's 256 KiB pieces.
    const big = Buffer.from(new Uint8Array(700_000).map((_, i) => (i * 7919) >>> 7));
    const changed = Buffer.from(big);
    changed[699_999] = changed[699_999]! ^ 1;
    for (const [content, expected] of [[big, 'f'.repeat(64)], [changed, createHash('sha256').update(changed).digest('hex')]] as const) {
      const [ra, rb] = paired();
      ra.offer('big.bin', [big], big.byteLength, 'f'.repeat(64));
      const got = await walkWith(writeGzip(writeTar([{ path: 'big.bin', content, mtime: T }])), 'b.tar.gz', rb);
      expect(got.get('big.bin')!.sha256).toBe(expected);
    }
  });

  it('hashes neither copy of a member whose bytes are the same; gives every other entry as each side gives it alone, and the sha256s held back through onDigest', async () => {
    const [ra, rb] = paired();
    const digests = new Map<number, string>();
    ra.onDigest = (_path, offset, sha256) => digests.set(offset, sha256);
    rb.onDigest = () => expect.unreachable('side b, read second, holds nothing back');
    const [aPaired, bPaired] = [await walkWith(a, 'a.tar.gz', ra), await walkWith(b, 'b.tar.gz', rb)];
    rb.ended();
    const [aAlone, bAlone] = [await walkWith(a, 'a.tar.gz'), await walkWith(b, 'b.tar.gz')];
    const without = (e: WalkEntry) => ({ ...e, sha256: undefined, contentSameAs: undefined });
    for (const [path, alone] of aAlone) {
      const [ea, eb, changed] = [aPaired.get(path)!, bPaired.get(path)!, alone.sha256 !== bAlone.get(path)!.sha256];
      expect(without(ea)).toEqual(without(alone));
      expect(without(eb)).toEqual(without(bAlone.get(path)!));
      // Side a, read first, left every member unhashed: a changed one got its sha256 when side
      // b's copy turned out to differ (set on the entry, and told to onDigest).
      if (changed) {
        expect([ea.sha256, digests.get(ea.offset), eb.sha256, eb.contentSameAs]).toEqual([alone.sha256, alone.sha256, bAlone.get(path)!.sha256, undefined]);
      } else {
        expect([ea.sha256, digests.has(ea.offset), eb.sha256, eb.contentSameAs]).toEqual([null, false, null, ea.offset]);
      }
    }
    expect(digests.size).toBe(5);
  });
});

describe('members of an artifact that is a zip, retained by place', () => {
  it('are offered by where they lie when whole within the capture size, a longer one not at all, a nested zip\'s by their bytes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'whydiff-walk-place-'));
    try {
      const inner = writeZip([{ name: 'deep.txt', data: 'deep\n' }]);
      const path = join(dir, 'a.zip');
      writeFileSync(path, writeZip([{ name: 'short.txt', data: 'short\n' }, { name: 'long.txt', data: 'long line\n'.repeat(20) }, { name: 'inner.zip', data: inner, method: 'stored' }]));
      const recent = new RecentContent({ budgetBytes: 1 << 20, maxKept: 10 });
      const byPlace: string[] = [];
      const byBytes: string[] = [];
      const offerAt = recent.offerAt.bind(recent);
      const offer = recent.offer.bind(recent);
      recent.offerAt = (p, location, sha) => (byPlace.push(p), offerAt(p, location, sha));
      recent.offer = (p, chunks, bytes, sha) => (byBytes.push(p), offer(p, chunks, bytes, sha));
      for await (const batch of walkArtifactInBatches(path, { retain: recent, captureBytes: 100 })) void batch;
      expect(byPlace).toEqual(['short.txt']);
      expect(byBytes).toEqual(['inner.zip!/deep.txt']);
      const held = await recent.take(['short.txt', 'long.txt', 'inner.zip!/deep.txt']);
      expect(new Map([...held].map(([p, d]) => [p, new TextDecoder().decode(d)]))).toEqual(new Map([['short.txt', 'short\n'], ['inner.zip!/deep.txt', 'deep\n']]));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
