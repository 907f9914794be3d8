import { describe, expect, it } from 'vitest';
import { diffText } from './text-diff.js';

const numbered = (n: number, from = 1): string => Array.from({ length: n }, (_, i) => `line ${i + from}`).join('\n') + '\n';

describe('diffText', () => {
  it('writes a unified diff with line numbers and 3 lines of context', () => {
    const a = numbered(10);
    const b = a.replace('line 5\n', 'line five\n');
    expect(diffText(a, b, { labelA: 'a/setup.cfg', labelB: 'b/setup.cfg' })).toEqual({
      kind: 'text',
      unified:
        '--- a/setup.cfg\n+++ b/setup.cfg\n@@ -2,7 +2,7 @@\n line 2\n line 3\n line 4\n-line 5\n+line five\n line 6\n line 7\n line 8\n',
      truncated: false,
    });
  });

  it('keeps separate hunks apart and honours the context option', () => {
    const a = numbered(20);
    const b = a.replace('line 2\n', 'line two\n').replace('line 18\n', 'line eighteen\n');
    expect(diffText(a, b, { context: 1 }).unified).toBe(
      '--- a\n+++ b\n@@ -1,3 +1,3 @@\n line 1\n-line 2\n+line two\n line 3\n@@ -17,3 +17,3 @@\n line 17\n-line 18\n+line eighteen\n line 19\n',
    );
  });

  it('marks a missing final newline', () => {
    expect(diffText('x\ny', 'x\ny\n').unified).toBe('--- a\n+++ b\n@@ -1,2 +1,2 @@\n x\n-y\n\\ No newline at end of file\n+y\n');
  });

  it('cuts the diff at maxLines and says how many lines were left out', () => {
    const a = numbered(10);
    const b = numbered(10, 101);
    expect(diffText(a, b, { maxLines: 4 })).toEqual({
      kind: 'text',
      unified: '--- a\n+++ b\n@@ -1,10 +1,10 @@\n-line 1\n-line 2\n-line 3\n[17 more diff lines not shown]\n',
      truncated: true,
    });
  });

  it('is empty for equal texts', () => {
    expect(diffText('same\n', 'same\n')).toEqual({ kind: 'text', unified: '', truncated: false });
  });

  it('gives up with a line count when the texts differ too much for the edit budget', () => {
    const a = numbered(50);
    const b = a.replace(/line (\d+)\n/g, (_, n: string) => (Number(n) % 2 === 0 ? `other ${n}\n` : `line ${n}\n`));
    expect(diffText(a, b, { maxEditLength: 10 })).toEqual({
      kind: 'text',
      unified: '--- a\n+++ b\n[too many differences for a line diff: 25 of 50 lines only in a, 25 of 50 lines only in b]\n',
      truncated: true,
    });
  });

  it('diffs 1 MB texts with scattered changes quickly, and gives up quickly when they differ everywhere', () => {
    const lines = Array.from({ length: 40_000 }, (_, i) => `entry ${i} = ${(i * 7919) % 10007} in group ${i % 97}`);
    const a = lines.join('\n') + '\n';
    expect(a.length).toBeGreaterThan(1_000_000);
    const few = lines.map((l, i) => (i % 3000 === 1500 ? `${l} changed` : l)).join('\n') + '\n';
    let t = performance.now();
    const small = diffText(a, few, { maxLines: 10_000 });
    expect(performance.now() - t).toBeLessThan(1500);
    expect(small.truncated).toBe(false);
    expect(small.unified.match(/^@@ /gm)).toHaveLength(13);
    expect(small.unified).toContain('@@ -1498,7 +1498,7 @@\n entry 1497');

    const every = lines.map((l, i) => (i % 2 === 0 ? `${l}!` : l)).join('\n') + '\n';
    t = performance.now();
    const big = diffText(a, every);
    expect(performance.now() - t).toBeLessThan(3000);
    expect(big.unified).toBe(
      '--- a\n+++ b\n[too many differences for a line diff: 20000 of 40000 lines only in a, 20000 of 40000 lines only in b]\n',
    );
  });
});
