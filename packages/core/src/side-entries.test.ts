/**
 * SideEntries: what each side sees of the pairs a folded comparison let go (one map shared by both
 * sides), and the counts the report takes from it.
 */
import { describe, expect, it } from 'vitest';
import { PathTable } from './path-table.js';
import { SettledEntry, SideEntries } from './side-entries.js';
import type { WalkEntry } from './walk.js';

const entry = (path: string): WalkEntry => ({
  path, memberPath: path, container: '', depth: 0, type: 'file', mode: 0o644, uid: 0, gid: 0, uname: null, gname: null,
  mtime: 0, size: 1, linkTarget: null, format: 'tar', offset: 0, raw: {}, problems: [], sha256: 'x',
});
const settled = new SettledEntry('', 'file');

describe('SideEntries', () => {
  it('a settled pair is held once for both sides, and each side still finds it and counts it', () => {
    const paths = new PathTable();
    const a = new SideEntries(paths);
    const b = new SideEntries(paths);
    a.set('x', entry('x'));
    a.set('y', entry('y'));
    b.set('x', entry('x'));
    SideEntries.settleBoth(a, b, 'x', settled);
    expect([a.get('x'), b.get('x')]).toEqual([settled, settled]);
    expect([a.has('x'), b.has('x'), b.has('y')]).toEqual([true, true, false]);
    expect([a.size, b.size]).toEqual([2, 1]);
    expect([...a.keys()]).toEqual(['y', 'x']);
  });

  it('add: a member read again replaces the entry of its path, unless that pair was settled: then it is not recorded', () => {
    const paths = new PathTable();
    const a = new SideEntries(paths);
    const b = new SideEntries(paths);
    const first = entry('x');
    const second = entry('x');
    expect(a.add('x', first)).toBe('new');
    expect(a.add('x', second)).toBe('again');
    expect(a.get('x')).toBe(second);
    expect(b.add('x', entry('x'))).toBe('new');
    SideEntries.settleBoth(a, b, 'x', settled);
    expect(a.add('x', entry('x'))).toBe('settled');
    expect([a.get('x'), a.size, [...a.keys()]]).toEqual([settled, 1, ['x']]);
  });

  it('holds no entry of its own for a settled path: set for one is an internal error, and delete leaves the settled pair', () => {
    const paths = new PathTable();
    const a = new SideEntries(paths);
    const b = new SideEntries(paths);
    a.set('x', entry('x'));
    b.set('x', entry('x'));
    SideEntries.settleBoth(a, b, 'x', settled);
    expect(() => a.set('x', entry('x'))).toThrow('internal error: an entry was set for x, whose pair was settled');
    expect([a.get('x'), b.get('x'), a.getById(paths.find('x'))]).toEqual([settled, settled, settled]);
    expect([a.size, b.size, [...a.keys()]]).toEqual([1, 1, ['x']]);
    // shareKey deletes and sets an entry not settled; a settled pair is not deleted that way.
    expect(a.delete('x')).toBe(false);
    expect([a.get('x'), a.size, b.get('x')]).toEqual([settled, 1, settled]);
  });

  it('sides that are not both SideEntries (a manifest side is a Map) each hold the settled entry', () => {
    const a = new SideEntries();
    const b = new Map<string, WalkEntry | SettledEntry>([['x', entry('x')]]);
    a.set('x', entry('x'));
    SideEntries.settleBoth(a, b, 'x', settled);
    expect([a.get('x'), b.get('x'), a.size, b.size]).toEqual([settled, settled, 1, 1]);
  });

  it('tells the kinds of settled pairs apart, past 255 kinds (nested archives each have their own) and thousands of pairs', () => {
    const paths = new PathTable();
    const a = new SideEntries(paths);
    const b = new SideEntries(paths);
    const kinds = Array.from({ length: 300 }, (_, i) => new SettledEntry(`n${i}.tar!/`, i % 2 === 0 ? 'file' : 'dir'));
    for (let i = 0; i < 3000; i++) {
      const path = `n${i % 300}.tar!/m${i}`;
      a.set(path, entry(path));
      b.set(path, entry(path));
      SideEntries.settleBoth(a, b, path, kinds[i % 300]!);
    }
    expect([a.size, b.size]).toEqual([3000, 3000]);
    for (const i of [0, 1, 254, 255, 256, 299, 2999]) expect(b.get(`n${i % 300}.tar!/m${i}`)).toBe(kinds[i % 300]);
    expect(a.getById(paths.find('n7.tar!/m7'))).toBe(kinds[7]);
    expect(a.get('n7.tar!/m8')).toBeUndefined();
  });
});
