import { describe, expect, it } from 'vitest';
import { sameLinesOtherOrder } from './line-order.js';

describe('sameLinesOtherOrder', () => {
  it('finds the same lines in another order', () => {
    const a = 'pkg/__init__.py,sha256=abc,0\npkg/core.py,sha256=def,10\npkg/util.py,sha256=123,20\npkg-1.0.dist-info/RECORD,,\n';
    const b = 'pkg/util.py,sha256=123,20\npkg/__init__.py,sha256=abc,0\npkg/core.py,sha256=def,10\npkg-1.0.dist-info/RECORD,,\n';
    expect(sameLinesOtherOrder(a, b)).toEqual({ lines: 4, moved: 3 });
  });

  it('counts repeated lines as a multiset', () => {
    expect(sameLinesOtherOrder('x\nx\ny\n', 'x\ny\nx\n')).toEqual({ lines: 3, moved: 2 });
    expect(sameLinesOtherOrder('x\nx\ny\n', 'x\ny\ny\n')).toBeNull();
  });

  it('is null when a line changed, the final newline differs, or nothing differs', () => {
    expect(sameLinesOtherOrder('a\nb\n', 'b\nc\n')).toBeNull();
    expect(sameLinesOtherOrder('a\nb\n', 'b\na')).toBeNull();
    expect(sameLinesOtherOrder('a\nb\n', 'a\nb\n')).toBeNull();
  });
});
