import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateRawSync, inflateRawSync } from 'node:zlib';
import { RecentContent, type FileLocation } from './recent-content.js';

const bytes = (text: string) => new TextEncoder().encode(text);
/** An entry at this offset, not hashed yet (what offerPending and twinOf are given). */
const e = (offset: number) => ({ offset, sha256: null as string | null });
const text = (data: Uint8Array | undefined) => (data === undefined ? undefined : new TextDecoder().decode(data));

/** A member's content written to a file of its own, stored, for offerAt (the property test's by-place members). */
const placeDir = mkdtempSync(join(tmpdir(), 'whydiff-recent-model-'));
afterAll(() => rmSync(placeDir, { recursive: true, force: true }));
function storedAt(i: number, data: string): FileLocation {
  const file = join(placeDir, `m${i}`);
  writeFileSync(file, data);
  return { file, start: 0, end: data.length, method: 0, declaredSize: data.length, crc32: crc32(data), bytes: data.length };
}

describe('RecentContent', () => {
  it('holds the members offered last, up to its budget, and lets the oldest go first', async () => {
    const recent = new RecentContent({ budgetBytes: 10, maxKept: 5 });
    recent.offer('a', [bytes('aaaa')], 4);
    recent.offer('b', [bytes('bb'), bytes('bb')], 4);
    recent.offer('c', [bytes('ccc')], 3); // 11 bytes: a goes
    const held = await recent.take(['a', 'b', 'c']);
    expect([...held.keys()]).toEqual(['b', 'c']);
    expect(text(held.get('b'))).toBe('bbbb');
  });

  it('keeps asked-for members out of the window, at most maxKept, each in a buffer of its own', async () => {
    const recent = new RecentContent({ budgetBytes: 8, maxKept: 1 });
    const chunk = bytes('xxxx-yyyy');
    recent.offer('x', [chunk.subarray(0, 4)], 4);
    recent.offer('y', [chunk.subarray(5)], 4);
    recent.keep(['x', 'y']); // only one may be kept: y stays in the window
    recent.offer('z', [bytes('zzzzzzzz')], 8); // fills the window: y goes, kept x stays
    const held = await recent.take(['x', 'y', 'z']);
    expect(text(held.get('x'))).toBe('xxxx');
    expect(held.get('x')!.buffer).not.toBe(chunk.buffer);
    expect(held.has('y')).toBe(false);
    expect(text(held.get('z'))).toBe('zzzzzzzz');
  });

  it('holds no member larger than the budget, and keeps nothing it no longer holds', async () => {
    const recent = new RecentContent({ budgetBytes: 4, maxKept: 5 });
    recent.offer('big', [bytes('12345')], 5);
    recent.offer('a', [bytes('1234')], 4);
    recent.offer('b', [bytes('1')], 1);
    recent.keep(['big', 'a']);
    expect([...(await recent.take(['big', 'a', 'b'])).keys()]).toEqual(['b']);
    recent.clear();
    expect((await recent.take(['b'])).size).toBe(0);
  });
});

describe('RecentContent window', () => {
  it('writes members round its end and gives them back whole', async () => {
    const recent = new RecentContent({ budgetBytes: 8, maxKept: 5 });
    recent.offer('a', [bytes('aaaaa')], 5);
    recent.offer('b', [bytes('bb'), bytes('bbbb')], 6); // a goes; b lies from 5 round to 3
    const held = await recent.take(['a', 'b']);
    expect([...held.keys()]).toEqual(['b']);
    expect(text(held.get('b'))).toBe('bbbbbb');
  });

  it('never writes over a member it still holds when one offered later was kept (a hole in the window)', async () => {
    const recent = new RecentContent({ budgetBytes: 8, maxKept: 5 });
    recent.offer('a', [bytes('aaa')], 3);
    recent.offer('b', [bytes('bbb')], 3);
    recent.offer('c', [bytes('cc')], 2);
    recent.keep(['b']); // 3 bytes of the window free, but between a and c
    recent.offer('d', [bytes('ddd')], 3); // would be written where a lies: a goes
    const held = await recent.take(['a', 'b', 'c', 'd']);
    expect([...held.keys()]).toEqual(['b', 'c', 'd']);
    expect([...held.values()].map(text)).toEqual(['bbb', 'cc', 'ddd']);
  });

  it('holds copies: the chunks offered may be written over at once', async () => {
    const recent = new RecentContent({ budgetBytes: 16, maxKept: 5 });
    const chunk = bytes('xxxx');
    recent.offer('x', [chunk], 4);
    chunk.fill(0x7a);
    expect(text((await recent.take(['x'])).get('x'))).toBe('xxxx');
  });

  it('agrees with a model that holds every member offered in the last budget bytes written, by its bytes or by place', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 12 }), fc.boolean(), fc.boolean()), { maxLength: 40 }), async (ops) => {
        const budget = 10;
        const recent = new RecentContent({ budgetBytes: budget, maxKept: 100 });
        const model = new Map<string, { start: number; data: string }>();
        const kept = new Map<string, string>();
        let written = 0;
        ops.forEach(([name, size, keep, byPlace], i) => {
          const path = `m${name}`;
          const data = String.fromCharCode(97 + (i % 26)).repeat(size);
          if (byPlace) recent.offerAt(path, storedAt(i, data));
          else recent.offer(path, [bytes(data.slice(0, 3)), bytes(data.slice(3))], size);
          if (size <= budget) {
            model.delete(path);
            for (const [p, m] of model) if (written + size - m.start > budget) model.delete(p);
            model.set(path, { start: written, data });
            written += size;
          }
          if (keep) {
            recent.keep([path]);
            const m = model.get(path);
            if (m !== undefined) {
              kept.set(path, m.data);
              model.delete(path);
            }
          }
        });
        const paths = [...new Set([...model.keys(), ...kept.keys(), 'm0', 'm1', 'm2', 'm3', 'm4', 'm5'])];
        const held = await recent.take(paths);
        const expected = new Map(paths.flatMap((p) => (kept.has(p) ? [[p, kept.get(p)!]] : model.has(p) ? [[p, model.get(p)!.data]] : [])) as [string, string][]);
        expect(new Map([...held].map(([p, d]) => [p, text(d)!]))).toEqual(expected);
      }),
    );
  });
});

describe('RecentContent by place (offerAt)', () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'whydiff-recent-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** A file holding `stored` after 7 bytes of something else, and where it lies in it; the CRC-32 is the content's, unless given. */
  const place = (name: string, stored: Uint8Array, method: 0 | 8, declaredSize: number, keep = declaredSize, crc?: number): FileLocation => {
    const file = join(dir, name);
    writeFileSync(file, Buffer.concat([Buffer.from('prefix!'), stored]));
    const content = method === 0 ? stored : inflateRawSync(stored);
    return { file, start: 7, end: 7 + stored.byteLength, method, declaredSize, crc32: crc ?? crc32(content), bytes: keep };
  };

  it('reads a member remembered by place from its file when it is taken: stored, or deflated and inflated again', async () => {
    const recent = new RecentContent({ budgetBytes: 100, maxKept: 5 });
    recent.offerAt('stored', place('s', bytes('stored text'), 0, 11));
    recent.offerAt('deflated', place('d', deflateRawSync(bytes('deflated text, deflated text')), 8, 28));
    const held = await recent.take(['stored', 'deflated']);
    expect(text(held.get('stored'))).toBe('stored text');
    expect(text(held.get('deflated'))).toBe('deflated text, deflated text');
  });

  it('gives the first bytes it was offered of a member longer than what is captured', async () => {
    const recent = new RecentContent({ budgetBytes: 100, maxKept: 5 });
    recent.offerAt('long', place('l', deflateRawSync(bytes('0123456789')), 8, 10, 4));
    expect(text((await recent.take(['long'])).get('long'))).toBe('0123');
  });

  it('counts a member remembered by place against its window as its bytes would, and holds none of them', async () => {
    const recent = new RecentContent({ budgetBytes: 10, maxKept: 5 });
    recent.offer('a', [bytes('aaaa')], 4);
    recent.offerAt('b', place('b', bytes('bbbbbb'), 0, 6));
    recent.offer('c', [bytes('c')], 1); // 11 bytes: a goes
    expect([...(await recent.take(['a', 'b', 'c'])).keys()]).toEqual(['b', 'c']);
  });

  it('keeps a member by place, and leaves out one whose bytes no longer give the declared content (the second pass reads it)', async () => {
    const recent = new RecentContent({ budgetBytes: 100, maxKept: 5 });
    recent.offerAt('kept', place('k', bytes('kept'), 0, 4));
    recent.offerAt('broken', place('x', bytes('not deflate data'), 0, 16, 16, 0x12345678)); // its CRC-32 is not this
    recent.keep(['kept']);
    recent.offerAt('late', place('late', bytes('x'.repeat(99)), 0, 99)); // the window moves on; kept stays
    const held = await recent.take(['kept', 'broken']);
    expect([...held.keys()]).toEqual(['kept']);
    expect(text((await recent.takeKept()).get('kept'))).toBe('kept');
  });
});

/** Two sides' windows of `budgetBytes` each, paired (both sides walked in one thread). */
function pairedWindows(budgetBytes: number) {
  const a = new RecentContent({ budgetBytes, maxKept: 5 });
  const b = new RecentContent({ budgetBytes, maxKept: 5 });
  RecentContent.pair(a, b);
  return [a, b] as const;
}

describe('RecentContent paired with the other side\'s (both walked in one thread)', () => {
  it("gives the other side's sha256 for a member it holds whole with the same bytes", () => {
    const [a, b] = pairedWindows(16);
    a.offer('m', [bytes('same'), bytes(' bytes')], 10, 'sha-of-m');
    expect(b.twinOf('m', [bytes('same bytes')], e(7))).toEqual({ sha256: 'sha-of-m', sameAs: null });
    expect(a.twinOf('m', [bytes('same bytes')], e(7))).toBeNull();
  });

  it('says the bytes differ for other bytes or another length, and gives nothing for another path or a member held in part', async () => {
    const [a, b] = pairedWindows(16);
    a.offer('m', [bytes('same bytes')], 10, 'sha-of-m');
    a.offer('part', [bytes('first')], 5, null);
    expect(b.twinOf('m', [bytes('same bytez')], e(0))).toBe('differs');
    expect(b.twinOf('m', [bytes('same byte')], e(0))).toBe('differs');
    expect(b.twinOf('n', [bytes('same bytes')], e(0))).toBeNull();
    expect(b.twinOf('part', [bytes('first')], e(0))).toBeNull();
  });

  it('compares a member written round the end of the window', async () => {
    const [a, b] = pairedWindows(16);
    a.offer('x', [bytes('0123456789')], 10, 'sha-x');
    a.offer('y', [bytes('abcdefghij')], 10, 'sha-y'); // from 10 round to 4: x goes
    expect(b.twinOf('x', [bytes('0123456789')], e(0))).toBeNull();
    expect(b.twinOf('y', [bytes('abcdefghij')], e(0))).toEqual({ sha256: 'sha-y', sameAs: null });
    expect(b.twinOf('y', [bytes('abcdefXhij')], e(0))).toBe('differs');
    expect(b.twinOf('y', [bytes('abcdeXghij')], e(0))).toBe('differs');
  });

  it('compares content given in chunks, whatever their boundaries and the ring\'s end', () => {
    const [a, b] = pairedWindows(16);
    a.offer('x', [bytes('0123456789')], 10, 'sha-x');
    a.offer('y', [bytes('abc'), bytes('defghij')], 10, 'sha-y'); // from 10 round to 4
    const same = { sha256: 'sha-y', sameAs: null };
    expect(b.twinOf('y', [bytes('abcde'), bytes('f'), bytes('ghij')], e(0))).toEqual(same);
    expect(b.twinOf('y', [bytes('a'), bytes('bcdefghij')], e(0))).toEqual(same);
    expect(b.twinOf('y', [bytes('abcde'), bytes('fXhij')], e(0))).toBe('differs');
    expect(b.twinOf('y', [bytes('abcde'), bytes('fghi')], e(0))).toBe('differs');
    expect(b.twinOf('y', [bytes('abcde'), bytes('fghij'), bytes('k')], e(0))).toBe('differs');
    expect(b.paired && a.paired && !new RecentContent({ budgetBytes: 16, maxKept: 1 }).paired).toBe(true);
  });

  it('gives nothing once the other side has let its content go, or when not paired', async () => {
    const [a, b] = pairedWindows(16);
    a.offer('m', [bytes('same bytes')], 10, 'sha-of-m');
    a.clear();
    expect(b.twinOf('m', [bytes('same bytes')], e(0))).toBeNull();
    const alone = new RecentContent({ budgetBytes: 16, maxKept: 5 });
    alone.offer('m', [bytes('same bytes')], 10, 'sha-of-m');
    expect(alone.twinOf('m', [bytes('same bytes')], e(0))).toBeNull();
    expect(alone.offerPending('m', [bytes('same bytes')], 10, e(0))).toBe(false);
  });
});

describe('members held unhashed (offerPending) while the other side may still read its copy', () => {
  const sha = (data: string) => createHash('sha256').update(data).digest('hex');
  /** The digests a side's window hands on, as [path, offset, sha256]. */
  const digestsOf = (recent: RecentContent) => {
    const got: Array<[string, number, string]> = [];
    recent.onDigest = (path, offset, sha256) => got.push([path, offset, sha256]);
    return got;
  };
  const settledNow = async (recent: RecentContent) => {
    let settled = false;
    void recent.settled().then(() => (settled = true));
    await new Promise((resolve) => setImmediate(resolve));
    return settled;
  };

  it('needs no digest when the other side reads the same bytes: the later member names the earlier one', async () => {
    const [a, b] = pairedWindows(32);
    const [fromA, fromB] = [digestsOf(a), digestsOf(b)];
    expect(a.offerPending('m', [bytes('same'), bytes(' bytes')], 10, e(512))).toBe(true);
    expect(await settledNow(a)).toBe(false);
    expect(b.twinOf('m', [bytes('same bytes')], e(1024))).toEqual({ sha256: null, sameAs: 512 });
    expect(await settledNow(a)).toBe(true);
    a.resolveAll();
    b.ended();
    expect([fromA, fromB]).toEqual([[], []]);
  });

  it('is hashed when the other side reads other bytes, and the pair keeps both copies for the differ', async () => {
    const [a, b] = pairedWindows(32);
    const fromA = digestsOf(a);
    const entry = e(512);
    a.offerPending('m', [bytes('old bytes!')], 10, entry);
    expect(b.twinOf('m', [bytes('new bytes!')], e(1024))).toBe('differs');
    // Told to onDigest, and set on the entry itself (one not yet posted leaves with it).
    expect(fromA).toEqual([['m', 512, sha('old bytes!')]]);
    expect(entry.sha256).toBe(sha('old bytes!'));
    expect(await settledNow(a)).toBe(true);
    // Its sha256 is the member's from now on: the other side's later reads take it.
    expect(b.twinOf('m', [bytes('old bytes!')], e(2048))).toEqual({ sha256: sha('old bytes!'), sameAs: null });
    a.keep(['m']);
    expect(text((await a.takeKept()).get('m'))).toBe('old bytes!');
  });

  it('is hashed when the window lets it go, from bytes the ring still holds', async () => {
    const [a] = pairedWindows(16);
    const fromA = digestsOf(a);
    a.offerPending('x', [bytes('0123456789')], 10, e(0));
    a.offerPending('y', [bytes('abcdefghij')], 10, e(512)); // round the end: x goes, y lies across it
    expect(fromA).toEqual([['x', 0, sha('0123456789')]]);
    a.offer('z', [bytes('ABCDEFGHIJ')], 10, 'sha-z'); // y goes
    expect(fromA).toEqual([['x', 0, sha('0123456789')], ['y', 512, sha('abcdefghij')]]);
    expect(await settledNow(a)).toBe(true);
  });

  it('that the other side matched ages out without a digest, but one replaced by a later member of its path is hashed for both entries', () => {
    const [a, b] = pairedWindows(32);
    const [fromA, fromB] = [digestsOf(a), digestsOf(b)];
    a.offerPending('old', [bytes('aged out')], 8, e(0));
    b.twinOf('old', [bytes('aged out')], e(100));
    a.offerPending('m', [bytes('first copy')], 10, e(512));
    const matched = e(1024);
    b.twinOf('m', [bytes('first copy')], matched);
    a.offer('filler', [bytes('0123456789')], 10, 'sha-f'); // 38 bytes: old goes, unhashed
    expect([fromA, fromB]).toEqual([[], []]);
    // A second member of path m on side a: b's member m, which matched the first, will be paired
    // with this one, and needs the sha256 of its own bytes (the first copy's).
    a.offerPending('m', [bytes('other copy')], 10, e(2048));
    expect(fromA).toEqual([['m', 512, sha('first copy')]]);
    expect(fromB).toEqual([['m', 1024, sha('first copy')]]);
    // A matched pair's entries were let go when they matched (the window would keep them alive
    // for long): the digest reaches b's only through onDigest.
    expect(matched.sha256).toBeNull();
  });

  it('a second member of the path on the other side that matches names the same one; one that differs has it hashed', () => {
    const [a, b] = pairedWindows(32);
    const fromA = digestsOf(a);
    a.offerPending('m', [bytes('same bytes')], 10, e(512));
    expect(b.twinOf('m', [bytes('same bytes')], e(1024))).toEqual({ sha256: null, sameAs: 512 });
    expect(b.twinOf('m', [bytes('same bytes')], e(2048))).toEqual({ sha256: null, sameAs: 512 });
    expect(fromA).toEqual([]);
    expect(b.twinOf('m', [bytes('other byte')], e(4096))).toBe('differs');
    expect(fromA).toEqual([['m', 512, sha('same bytes')]]);
  });

  it('is hashed once the other side has ended, which no side holds back after: nothing new is held unhashed', async () => {
    const [a, b] = pairedWindows(32);
    const fromA = digestsOf(a);
    a.offerPending('m', [bytes('unmatched')], 9, e(512));
    a.offerPending('n', [bytes('matched')], 7, e(640));
    b.twinOf('n', [bytes('matched')], e(1024));
    b.ended();
    expect(fromA).toEqual([['m', 512, sha('unmatched')]]);
    expect(await settledNow(a)).toBe(true);
    expect(a.offerPending('late', [bytes('late')], 4, e(768))).toBe(false);
  });

  it('is refused when the window cannot hold it (hash it instead)', () => {
    const [a] = pairedWindows(8);
    expect(a.offerPending('big', [bytes('more than eight')], 15, e(0))).toBe(false);
  });
});
