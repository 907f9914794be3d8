import { describe, it, expect } from 'vitest';
import { createHash } from 'node:crypto';
import { crc32, deflateRawSync } from 'node:zlib';
import { writeGzip, writeTar } from '../../../test-fixtures/src/index.js';
import { writeZip, type ZipEntry } from '../../../test-fixtures/src/zip-writer.js';
import { newTwinTable, TwinContent } from './twin-content.js';
import { walkBytes, type WalkEntry, type WalkEvent } from './walk.js';

const T = 1700000000;
const sha = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');
const text = (n: number, seed: string) => Array.from({ length: n }, (_, i) => `${seed} line ${i}\n`).join('');
const FAKE = 'f'.repeat(64);

/** What a zip member with this content declares, and its compressed bytes as the zip writer deflates them (level 6). */
function compressedOf(content: string, declared: { crc32?: number; size?: number } = {}) {
  const data = Buffer.from(content);
  return { method: 8, crc32: declared.crc32 ?? crc32(data), declaredSize: declared.size ?? data.byteLength, bytes: deflateRawSync(data, { level: 6 }) };
}

async function walk(bytes: Uint8Array, name: string, options: { twins?: SharedArrayBuffer; capture?: string[] } = {}): Promise<Map<string, WalkEntry>> {
  const out = new Map<string, WalkEntry>();
  const walkOptions = { twins: options.twins, capture: options.capture === undefined ? undefined : new Set(options.capture) };
  for await (const event of walkBytes(bytes, name, walkOptions) as AsyncIterable<WalkEvent>) {
    if (event.kind === 'entry') out.set(event.entry.path, event.entry);
  }
  return out;
}

const body = text(300, 'same');

describe('the table of twins', () => {
  it('finds what was published under the same compressed bytes and declared facts, and nothing else', () => {
    const table = new TwinContent(newTwinTable());
    const c = compressedOf(body);
    const key = TwinContent.keyOf(c);
    expect(table.find(key, c)).toBeNull();
    table.publish(key, c, sha(body));
    expect(table.find(key, c)).toBe(sha(body));
    expect(table.find(key, { ...c, crc32: c.crc32 ^ 1 })).toBeNull();
    expect(table.find(key, { ...c, declaredSize: c.declaredSize + 1 })).toBeNull();
    expect(table.find(key, { ...c, method: 0 })).toBeNull();
    const other = compressedOf(body + 'x');
    expect(table.find(TwinContent.keyOf(other), other)).toBeNull();
    // Declared sizes past 32 bits (zip64) are told apart by their high word too.
    const large = { ...other, declaredSize: 2 ** 33 + 5 };
    table.publish(TwinContent.keyOf(large), large, sha('large'));
    expect(table.find(TwinContent.keyOf(large), large)).toBe(sha('large'));
    expect(table.find(TwinContent.keyOf(large), { ...large, declaredSize: 5 })).toBeNull();
    expect(table.find(TwinContent.keyOf(large), { ...large, declaredSize: 2 ** 34 + 5 })).toBeNull();
  });

  it('is the same memory in every view made of it (what a worker is posted)', () => {
    const shared = newTwinTable();
    const c = compressedOf(body);
    new TwinContent(shared).publish(TwinContent.keyOf(c), c, sha(body));
    expect(new TwinContent(structuredClone(shared)).find(TwinContent.keyOf(c), c)).toBe(sha(body));
  });

  it('counts a slot being written (its sequence number odd) as a miss', () => {
    const shared = newTwinTable();
    const table = new TwinContent(shared);
    const c = compressedOf(body);
    const key = TwinContent.keyOf(c);
    table.publish(key, c, sha(body));
    const seqs = new Int32Array(shared);
    const slot = seqs.findIndex((s, i) => i % 22 === 0 && s !== 0);
    Atomics.add(seqs, slot, 1);
    expect(table.find(key, c)).toBeNull();
    // A writer finding the slot being written leaves it to the other.
    table.publish(key, c, FAKE);
    Atomics.add(seqs, slot, 1);
    expect(table.find(key, c)).toBe(sha(body));
  });

  it('keeps the later of two members whose keys fall in one slot', () => {
    const table = new TwinContent(newTwinTable());
    const first = compressedOf('0');
    let n = 1;
    let second = compressedOf(String(n));
    while (slotOfKey(TwinContent.keyOf(second)) !== slotOfKey(TwinContent.keyOf(first))) second = compressedOf(String(++n));
    table.publish(TwinContent.keyOf(first), first, sha('0'));
    table.publish(TwinContent.keyOf(second), second, sha(String(n)));
    expect(table.find(TwinContent.keyOf(first), first)).toBeNull();
    expect(table.find(TwinContent.keyOf(second), second)).toBe(sha(String(n)));
  });

  it('refuses a buffer of another size', () => {
    expect(() => new TwinContent(new SharedArrayBuffer(64))).toThrow('twin table: expected 360448 bytes, got 64');
  });
});

describe('a walk sharing the table with the other side', () => {
  const zip = (entries: ZipEntry[]) => writeZip(entries);

  it('takes the sha256 published for a member with the same compressed bytes, without inflating it', async () => {
    const twins = newTwinTable();
    const c = compressedOf(body);
    // Published under this member's key by "the other side": a sha256 no inflate would give.
    new TwinContent(twins).publish(TwinContent.keyOf(c), c, FAKE);
    const got = await walk(zip([{ name: 'a.txt', data: body, mtime: T }, { name: 'b.txt', data: body + 'b', mtime: T }]), 'b.zip', { twins });
    expect(got.get('a.txt')!.sha256).toBe(FAKE);
    expect(got.get('b.txt')!.sha256).toBe(sha(body + 'b'));
  });

  it('reads a member that declares another CRC-32 than the published one, and reports it', async () => {
    const twins = newTwinTable();
    const c = compressedOf(body);
    new TwinContent(twins).publish(TwinContent.keyOf(c), c, sha(body));
    const got = await walk(zip([{ name: 'a.txt', data: body, mtime: T, crcOverride: 0x12345678 }]), 'b.zip', { twins });
    expect(got.get('a.txt')!.sha256).toBe(sha(body));
    expect(got.get('a.txt')!.problems.map((p) => p.message)).toEqual([`zip: crc-32 of the content does not match the header; expected 12345678, got ${c.crc32.toString(16).padStart(8, '0')}`]);
  });

  it('counts a member it takes against the limits as if it had read it', async () => {
    const twins = newTwinTable();
    const c = compressedOf(body);
    new TwinContent(twins).publish(TwinContent.keyOf(c), c, FAKE);
    const bytes = zip([{ name: 'a.txt', data: body, mtime: T }]);
    const read = async (options: { twins?: SharedArrayBuffer }) => {
      for await (const event of walkBytes(bytes, 'b.zip', { ...options, limits: { maxTotalBytes: 1000 } })) void event;
    };
    const limit = 'artifact expands past the limit of 1000 bytes in all (--max-total-bytes)';
    await expect(read({})).rejects.toThrow(limit);
    await expect(read({ twins })).rejects.toThrow(limit);
  });

  it('reads a member whose content is captured, whatever the table holds', async () => {
    const twins = newTwinTable();
    const c = compressedOf(body);
    new TwinContent(twins).publish(TwinContent.keyOf(c), c, FAKE);
    const got = await walk(zip([{ name: 'a.txt', data: body, mtime: T }]), 'b.zip', { twins, capture: ['a.txt'] });
    expect(got.get('a.txt')!.sha256).toBe(sha(body));
    expect(Buffer.from(got.get('a.txt')!.content!).toString()).toBe(body);
  });

  it('publishes the plain files it read without a problem, and nothing else', async () => {
    const twins = newTwinTable();
    const nested = writeGzip(writeTar([{ path: 'deep.txt', content: body, mtime: T }]));
    await walk(zip([
      { name: 'good.txt', data: body, mtime: T },
      { name: 'bad.txt', data: body + 'bad', mtime: T, crcOverride: 1 },
      { name: 'inner.tar.gz', data: nested, mtime: T },
      { name: 'stored.txt', data: body + 'stored', method: 'stored', mtime: T },
    ]), 'a.zip', { twins });
    const table = new TwinContent(twins);
    const good = compressedOf(body);
    expect(table.find(TwinContent.keyOf(good), good)).toBe(sha(body));
    const bad = compressedOf(body + 'bad', { crc32: 1 });
    expect(table.find(TwinContent.keyOf(bad), bad)).toBeNull();
    const inner = { method: 8, crc32: crc32(nested), declaredSize: nested.byteLength, bytes: deflateRawSync(nested, { level: 6 }) };
    expect(table.find(TwinContent.keyOf(inner), inner)).toBeNull();
    expect(new Uint8Array(twins).some((b, i) => b !== 0 && Math.floor(i / 88) !== slotOfKey(TwinContent.keyOf(good)))).toBe(false);
  });

  it('gives both sides the entries each gives alone', async () => {
    const files = Array.from({ length: 40 }, (_, i) => ({ name: `src/f${i}.js`, data: text(100 + i * 13, `f${i}`) }));
    const a = zip(files.map((f) => ({ ...f, mtime: T })));
    const b = zip(files.map((f, i) => ({ ...f, data: i % 7 === 3 ? f.data + 'changed\n' : f.data, mtime: T + 3600 })));
    const twins = newTwinTable();
    const [aShared, bShared] = [await walk(a, 'a.zip', { twins }), await walk(b, 'b.zip', { twins })];
    expect(bShared).toEqual(await walk(b, 'b.zip'));
    expect(aShared).toEqual(await walk(a, 'a.zip'));
  });
});

/** The slot a key falls in (twin-content.ts slotOf). */
function slotOfKey(key: Uint8Array): number {
  return (key[0]! | (key[1]! << 8) | (key[2]! << 16)) % 4096;
}
