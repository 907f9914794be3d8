import { describe, expect, it } from 'vitest';
import { CauseTally, ENTRY_TIME } from './causes.js';
import { PathTable } from './path-table.js';

// The listing's positions: a.txt, b.txt, c.txt; anything else is unknown to it (last). The tally
// holds paths by id in the comparison's table: the positions go by id too.
const paths = new PathTable();
const listing = new Map([['a.txt', 0], ['b.txt', 1], ['c.txt', 2]]);
const position = (id: number) => listing.get(paths.text(id)) ?? Number.MAX_SAFE_INTEGER;
const scope = (ids: number[]) => ({ total: listing.size, all: ids.length >= listing.size });

describe('CauseTally', () => {
  it('names each path once, in listing order, however its findings arrive', () => {
    const tally = new CauseTally(paths);
    // One pair's several fields, then other pairs, then the first path again (a later step).
    for (const path of ['c.txt', 'c.txt', 'a.txt', 'c.txt', 'b.txt', 'a.txt']) tally.add({ category: 'permissions', path });
    const [cause] = tally.causes(new Set(), scope, position);
    expect(cause!.paths).toEqual(['a.txt', 'b.txt', 'c.txt']);
    expect(cause!.count).toBe(3);
    expect(cause!.allEntries).toBe(true);
    expect(cause!.summary).toBe('all 3 entries differ in permission bits');
  });

  it('agrees its verb with one member: 1 of 3 entries differs', () => {
    const tally = new CauseTally(paths);
    tally.add({ category: 'permissions', path: 'b.txt', example: { a: '0755', b: '0775' } });
    expect(tally.causes(new Set(), scope, position)[0]!.summary).toBe('1 of 3 entries differs in permission bits: 0755 vs 0775 (b.txt)');
  });

  it('names once the paths the listing does not place, keeping the order they came in', () => {
    const tally = new CauseTally(paths);
    for (const path of ['x/z', 'b.txt', 'x/y', 'x/z', 'x/y', 'b.txt']) tally.add({ category: 'ownership', path });
    expect(tally.causes(new Set(), scope, position)[0]!.paths).toEqual(['b.txt', 'x/z', 'x/y']);
  });

  it('names the entry times that differ, and a fix for each kind', () => {
    const tally = new CauseTally(paths);
    tally.add({ category: 'timestamp', where: 'entry-mtime', path: 'a.txt', times: ENTRY_TIME.modification, example: { a: '2023-11-14 22:13:20 UTC', b: '2023-11-14 23:13:20 UTC' } });
    tally.add({ category: 'timestamp', where: 'entry-mtime', path: 'b.txt', times: ENTRY_TIME.access | ENTRY_TIME.change });
    const [cause] = tally.causes(new Set(), scope, position);
    expect(cause!.summary).toBe('2 of 3 entries differ in their recorded times (modification, access, change): 2023-11-14 22:13:20 UTC vs 2023-11-14 23:13:20 UTC (a.txt, b.txt)');
    expect(cause!.remedy).toMatch(/^set SOURCE_DATE_EPOCH and clamp member times: .*; access and change times are dropped by tar --pax-option=delete=atime,delete=ctime \(or --format=gnu\) and zip -X$/);
  });

  it('says why a file on one side is a hard link on the other, and how to keep the roles', () => {
    const tally = new CauseTally(paths);
    // tar stores p/x then p/y as a link to it; the rebuild met p/y first.
    tally.add({ category: 'file-type', path: 'a.txt', example: { a: 'file', b: 'hardlink' } });
    tally.add({ category: 'file-type', path: 'b.txt', example: { a: 'hardlink', b: 'file' } });
    const [cause] = tally.causes(new Set(), scope, position);
    expect(cause!.summary).toBe('2 members are another type of file: file vs hardlink (a.txt, b.txt); an archive stores the data of hard-linked files under the first of their names it meets, and links the others to it');
    expect(cause!.remedy).toBe('store the members in one order (tar --sort=name) so that the same name holds the data; and link (or copy) the files alike in both trees');
  });

  it('takes a finding back from every place it was added', () => {
    const tally = new CauseTally(paths);
    for (const path of ['a.txt', 'b.txt', 'a.txt']) tally.add({ category: 'content', path });
    tally.remove('content', 'a.txt');
    expect(tally.causes(new Set(), scope, position)[0]!.paths).toEqual(['b.txt']);
    tally.remove('content', 'b.txt');
    expect(tally.keys()).toEqual([]);
  });
});
