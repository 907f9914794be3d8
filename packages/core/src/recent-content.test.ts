import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { RecentContent } from './recent-content.js';

const bytes = (text: string) => new TextEncoder().encode(text);
const text = (data: Uint8Array | undefined) => (data === undefined ? undefined : new TextDecoder().decode(data));

describe('RecentContent', () => {
  it('holds the members offered last, up to its budget, and lets the oldest go first', () => {
    const recent = new RecentContent({ budgetBytes: 10, maxKept: 5 });
    recent.offer('a', [bytes('aaaa')], 4);
    recent.offer('b', [bytes('bb'), bytes('bb')], 4);
    recent.offer('c', [bytes('ccc')], 3); // 11 bytes: a goes
    const held = recent.take(['a', 'b', 'c']);
    expect([...held.keys()]).toEqual(['b', 'c']);
    expect(text(held.get('b'))).toBe('bbbb');
  });

  it('keeps asked-for members out of the window, at most maxKept, each in a buffer of its own', () => {
    const recent = new RecentContent({ budgetBytes: 8, maxKept: 1 });
    const chunk = bytes('xxxx-yyyy');
    recent.offer('x', [chunk.subarray(0, 4)], 4);
    recent.offer('y', [chunk.subarray(5)], 4);
    recent.keep(['x', 'y']); // only one may be kept: y stays in the window
    recent.offer('z', [bytes('zzzzzzzz')], 8); // fills the window: y goes, kept x stays
    const held = recent.take(['x', 'y', 'z']);
    expect(text(held.get('x'))).toBe('xxxx');
    expect(held.get('x')!.buffer).not.toBe(chunk.buffer);
    expect(held.has('y')).toBe(false);
    expect(text(held.get('z'))).toBe('zzzzzzzz');
  });

  it('holds no member larger than the budget, and keeps nothing it no longer holds', () => {
    const recent = new RecentContent({ budgetBytes: 4, maxKept: 5 });
    recent.offer('big', [bytes('12345')], 5);
    recent.offer('a', [bytes('1234')], 4);
    recent.offer('b', [bytes('1')], 1);
    recent.keep(['big', 'a']);
    expect([...recent.take(['big', 'a', 'b']).keys()]).toEqual(['b']);
    recent.clear();
    expect(recent.take(['b']).size).toBe(0);
  });
});

describe('RecentContent window', () => {
  it('writes members round its end and gives them back whole', () => {
    const recent = new RecentContent({ budgetBytes: 8, maxKept: 5 });
    recent.offer('a', [bytes('aaaaa')], 5);
    recent.offer('b', [bytes('bb'), bytes('bbbb')], 6); // a goes; b lies from 5 round to 3
    const held = recent.take(['a', 'b']);
    expect([...held.keys()]).toEqual(['b']);
    expect(text(held.get('b'))).toBe('bbbbbb');
  });

  it('never writes over a member it still holds when one offered later was kept (a hole in the window)', () => {
    const recent = new RecentContent({ budgetBytes: 8, maxKept: 5 });
    recent.offer('a', [bytes('aaa')], 3);
    recent.offer('b', [bytes('bbb')], 3);
    recent.offer('c', [bytes('cc')], 2);
    recent.keep(['b']); // 3 bytes of the window free, but between a and c
    recent.offer('d', [bytes('ddd')], 3); // would be written where a lies: a goes
    const held = recent.take(['a', 'b', 'c', 'd']);
    expect([...held.keys()]).toEqual(['b', 'c', 'd']);
    expect([...held.values()].map(text)).toEqual(['bbb', 'cc', 'ddd']);
  });

  it('holds copies: the chunks offered may be written over at once', () => {
    const recent = new RecentContent({ budgetBytes: 16, maxKept: 5 });
    const chunk = bytes('xxxx');
    recent.offer('x', [chunk], 4);
    chunk.fill(0x7a);
    expect(text(recent.take(['x']).get('x'))).toBe('xxxx');
  });

  it('agrees with a model that holds every member offered in the last budget bytes written', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 12 }), fc.boolean()), { maxLength: 40 }), (ops) => {
        const budget = 10;
        const recent = new RecentContent({ budgetBytes: budget, maxKept: 100 });
        const model = new Map<string, { start: number; data: string }>();
        const kept = new Map<string, string>();
        let written = 0;
        ops.forEach(([name, size, keep], i) => {
          const path = `m${name}`;
          const data = String.fromCharCode(97 + (i % 26)).repeat(size);
          recent.offer(path, [bytes(data.slice(0, 3)), bytes(data.slice(3))], size);
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
        const held = recent.take(paths);
        const expected = new Map(paths.flatMap((p) => (kept.has(p) ? [[p, kept.get(p)!]] : model.has(p) ? [[p, model.get(p)!.data]] : [])) as [string, string][]);
        expect(new Map([...held].map(([p, d]) => [p, text(d)!]))).toEqual(expected);
      }),
    );
  });
});

describe('RecentContent paired with the other side\'s (both walked in one thread)', () => {
  const pair = (budgetBytes = 16) => {
    const a = new RecentContent({ budgetBytes, maxKept: 5 });
    const b = new RecentContent({ budgetBytes, maxKept: 5 });
    RecentContent.pair(a, b);
    return [a, b] as const;
  };

  it("gives the other side's sha256 for a member it holds whole with the same bytes", () => {
    const [a, b] = pair();
    a.offer('m', [bytes('same'), bytes(' bytes')], 10, 'sha-of-m');
    expect(b.twinSha256('m', [bytes('same bytes')])).toBe('sha-of-m');
    expect(a.twinSha256('m', [bytes('same bytes')])).toBeNull();
  });

  it('gives nothing for other bytes, another length, another path, or a member held in part', () => {
    const [a, b] = pair();
    a.offer('m', [bytes('same bytes')], 10, 'sha-of-m');
    a.offer('part', [bytes('first')], 5, null);
    expect(b.twinSha256('m', [bytes('same bytez')])).toBeNull();
    expect(b.twinSha256('m', [bytes('same byte')])).toBeNull();
    expect(b.twinSha256('n', [bytes('same bytes')])).toBeNull();
    expect(b.twinSha256('part', [bytes('first')])).toBeNull();
  });

  it('compares a member written round the end of the window', () => {
    const [a, b] = pair(16);
    a.offer('x', [bytes('0123456789')], 10, 'sha-x');
    a.offer('y', [bytes('abcdefghij')], 10, 'sha-y'); // from 10 round to 4: x goes
    expect(b.twinSha256('x', [bytes('0123456789')])).toBeNull();
    expect(b.twinSha256('y', [bytes('abcdefghij')])).toBe('sha-y');
    expect(b.twinSha256('y', [bytes('abcdefXhij')])).toBeNull();
    expect(b.twinSha256('y', [bytes('abcdeXghij')])).toBeNull();
  });

  it('compares content given in chunks, whatever their boundaries and the ring\'s end', () => {
    const [a, b] = pair(16);
    a.offer('x', [bytes('0123456789')], 10, 'sha-x');
    a.offer('y', [bytes('abc'), bytes('defghij')], 10, 'sha-y'); // from 10 round to 4
    expect(b.twinSha256('y', [bytes('abcde'), bytes('f'), bytes('ghij')])).toBe('sha-y');
    expect(b.twinSha256('y', [bytes('a'), bytes('bcdefghij')])).toBe('sha-y');
    expect(b.twinSha256('y', [bytes('abcde'), bytes('fXhij')])).toBeNull();
    expect(b.twinSha256('y', [bytes('abcde'), bytes('fghi')])).toBeNull();
    expect(b.twinSha256('y', [bytes('abcde'), bytes('fghij'), bytes('k')])).toBeNull();
    expect(b.paired && a.paired && !new RecentContent({ budgetBytes: 16, maxKept: 1 }).paired).toBe(true);
  });

  it('gives nothing once the other side has let its content go, or when not paired', () => {
    const [a, b] = pair();
    a.offer('m', [bytes('same bytes')], 10, 'sha-of-m');
    a.clear();
    expect(b.twinSha256('m', [bytes('same bytes')])).toBeNull();
    const alone = new RecentContent({ budgetBytes: 16, maxKept: 5 });
    alone.offer('m', [bytes('same bytes')], 10, 'sha-of-m');
    expect(alone.twinSha256('m', [bytes('same bytes')])).toBeNull();
  });
});
