import { describe, it, expect } from 'vitest';
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
