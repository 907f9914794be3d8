import { describe, it, expect } from 'vitest';
import { ancestors, buildIndex, initialExpanded, keepMask, nextDifference, nodeLabel, visibleRows, windowStart } from './tree-model.js';
import { NESTED_CHANGED, nestedReport, syntheticReport } from './reports.fixture.js';

describe('buildIndex', () => {
  it('lays the nested tree out in preorder with parents, depths and subtree sizes', () => {
    const index = buildIndex(nestedReport().differences);
    expect(index.nodes.map((n) => n.path)).toEqual([
      'release/',
      'release/NOTES.txt',
      'release/bin/',
      'release/bin/run',
      'release/dist/',
      'release/dist/inner.tgz',
      NESTED_CHANGED,
      'release/zz-last.txt',
    ]);
    expect([...index.parent]).toEqual([-1, -1, -1, -1, -1, -1, 5, -1]);
    expect([...index.depth]).toEqual([0, 0, 0, 0, 0, 0, 1, 0]);
    expect([...index.size]).toEqual([0, 0, 0, 0, 0, 1, 0, 0]);
    expect(nodeLabel(index, 6)).toBe('acme/src/version.py');
    expect(nodeLabel(index, 5)).toBe('release/dist/inner.tgz');
  });
});

describe('visibleRows', () => {
  const index = buildIndex(nestedReport().differences);

  it('skips the inside of a collapsed archive and shows it once expanded', () => {
    expect(visibleRows(index, new Set(), null)).toEqual([0, 1, 2, 3, 4, 5, 7]);
    expect(visibleRows(index, new Set([5]), null)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(initialExpanded(index)).toEqual(new Set([5]));
    expect(initialExpanded(index, 3)).toEqual(new Set());
  });

  it('keeps a match inside a collapsed archive together with the archive holding it', () => {
    const keep = keepMask(index, (n) => n.path.includes('version'));
    expect(visibleRows(index, new Set(), keep)).toEqual([5, 6]);
    expect(visibleRows(index, new Set(), keepMask(index, (n) => n.path.endsWith('/bin/')))).toEqual([2]);
    expect(visibleRows(index, new Set(), keepMask(index, () => false))).toEqual([]);
  });
});

describe('windowStart', () => {
  it('leaves the window alone while the selection is inside it', () => {
    expect(windowStart(100, 10, 5, 0)).toBe(0);
    expect(windowStart(100, 10, 19, 10)).toBe(10);
  });
  it('moves just enough to show the selection below or above', () => {
    expect(windowStart(100, 10, 10, 0)).toBe(1);
    expect(windowStart(100, 10, 42, 0)).toBe(33);
    expect(windowStart(100, 10, 4, 20)).toBe(4);
  });
  it('never leaves empty rows below the last one, nor starts before the first', () => {
    expect(windowStart(100, 10, 99, 0)).toBe(90);
    expect(windowStart(100, 10, 95, 97)).toBe(90);
    expect(windowStart(8, 10, 7, 3)).toBe(0);
    expect(windowStart(100, 10, 0, -5)).toBe(0);
  });
});

describe('nextDifference', () => {
  const index = buildIndex(nestedReport().differences);
  it('goes into a collapsed archive and back out, in preorder', () => {
    expect(nextDifference(index, 4, 1, null)).toBe(5);
    expect(nextDifference(index, 5, 1, null)).toBe(6);
    expect(nextDifference(index, 6, 1, null)).toBe(7);
    expect(nextDifference(index, 7, 1, null)).toBe(-1);
    expect(nextDifference(index, 7, -1, null)).toBe(6);
    expect(ancestors(index, 6)).toEqual([5]);
  });
  it('skips a container whose only difference is what it holds', () => {
    const report = nestedReport();
    const inner = report.differences[5]!;
    report.differences[5] = { ...inner, markers: [], fields: [{ field: 'sha256', a: 'aa', b: 'bb' }] };
    const bare = buildIndex(report.differences);
    expect(nextDifference(bare, 4, 1, null)).toBe(6);
  });
  it('stays among the nodes the filter keeps', () => {
    const keep = keepMask(index, (n) => n.path.endsWith('.txt'));
    expect(nextDifference(index, 1, 1, keep)).toBe(7);
  });
});

describe('at 100,000 members', () => {
  it('flattens every row and windows the last page exactly', () => {
    const index = buildIndex(syntheticReport(100_000).differences);
    const rows = visibleRows(index, new Set(), null);
    expect(rows.length).toBe(100_000);
    const start = windowStart(rows.length, 17, rows.length - 1, 0);
    expect(start).toBe(100_000 - 17);
    expect(index.nodes[rows[start]!]!.path).toBe('pkg/file-099984.txt');
  });
});
