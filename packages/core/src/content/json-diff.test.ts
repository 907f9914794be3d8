import { describe, expect, it } from 'vitest';
import { diffJson } from './json-diff.js';

describe('diffJson', () => {
  it('lists changed, added and removed values by key path', () => {
    const a = JSON.stringify({ name: 'app', dependencies: { foo: '1.0.0', bar: '2.0.0' }, files: ['a', 'b', 'c', 'd'] });
    const b = JSON.stringify({ name: 'app', dependencies: { foo: '1.0.1', baz: '3.0.0' }, files: ['a', 'b', 'c', 'x', 'y'], 'build date': 1 });
    expect(diffJson(a, b)).toEqual({
      kind: 'json',
      changes: [
        { path: '$.dependencies.foo', a: '"1.0.0"', b: '"1.0.1"' },
        { path: '$.dependencies.bar', a: '"2.0.0"', b: null },
        { path: '$.dependencies.baz', a: null, b: '"3.0.0"' },
        { path: '$.files[3]', a: '"d"', b: '"x"' },
        { path: '$.files[4]', a: null, b: '"y"' },
        { path: '$["build date"]', a: null, b: '1' },
      ],
      truncated: false,
    });
  });

  it('reports a change of type at its path with the whole values', () => {
    expect(diffJson('{"x":[1,2]}', '{"x":{"0":1}}')?.changes).toEqual([{ path: '$.x', a: '[1,2]', b: '{"0":1}' }]);
    expect(diffJson('[1]', '{}')?.changes).toEqual([{ path: '$', a: '[1]', b: '{}' }]);
  });

  it('reports the same keys in another order, and nothing for reindentation', () => {
    expect(diffJson('{"a":1,"b":2,"c":3}', '{"b":2,"a":1,"c":3}')?.changes).toEqual([
      { path: '$ (key order)', a: '["a","b","c"]', b: '["b","a","c"]' },
    ]);
    expect(diffJson('{"a": [1, 2]}', '{\n  "a": [\n    1,\n    2\n  ]\n}\n')?.changes).toEqual([]);
  });

  it('stops at maxChanges', () => {
    const d = diffJson('[1,2,3,4]', '[5,6,7,8]', { maxChanges: 2 });
    expect(d).toEqual({
      kind: 'json',
      changes: [
        { path: '$[0]', a: '1', b: '5' },
        { path: '$[1]', a: '2', b: '6' },
      ],
      truncated: true,
    });
  });

  it('is null when either side is not JSON', () => {
    expect(diffJson('{"a":1}', '{"a":1,}')).toBeNull();
    expect(diffJson('not json', '{}')).toBeNull();
  });
});

describe('diffJson on deep nesting', () => {
  it('is null (text fallback) instead of overflowing the stack', () => {
    const deep = (leaf: string): string => '['.repeat(200_000) + leaf + ']'.repeat(200_000);
    expect(diffJson(deep('1'), deep('2'))).toBeNull();
  });
});
