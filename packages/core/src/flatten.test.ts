import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import type { RawValue } from '@whydiff/formats';
import { differingRaw, flattenRaw, sameRaw } from './flatten.js';

/** What differingRaw stands in for: flatten both sides, the union of the names, the values that differ. */
function byFlattening(a: Record<string, RawValue>, b: Record<string, RawValue>): Array<[string, RawValue, RawValue]> {
  const fa = flattenRaw(a, 'raw');
  const fb = flattenRaw(b, 'raw');
  return [...new Set([...fa.keys(), ...fb.keys()])]
    .map((field): [string, RawValue, RawValue] => [field, fa.get(field) ?? null, fb.get(field) ?? null])
    .filter(([, va, vb]) => !sameRaw(va, vb));
}

const leaf = fc.oneof(fc.integer({ min: 0, max: 3 }), fc.constantFrom<RawValue>('x', 'y', null, true), fc.constant<RawValue>([]));
const rawTree = fc.letrec<{ value: RawValue; object: Record<string, RawValue>; list: RawValue[]; records: Array<[string, RawValue]> }>((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, leaf, tie('object'), tie('list'), tie('records')),
  object: fc.dictionary(fc.constantFrom('mtime', 'uid', 'extra', 'pax'), tie('value'), { maxKeys: 4 }),
  list: fc.array(tie('value'), { minLength: 1, maxLength: 3 }),
  records: fc.array(fc.tuple(fc.constantFrom('path', 'mtime'), leaf), { minLength: 1, maxLength: 3 }),
}));
const record = fc.dictionary(fc.constantFrom('a', 'b', 'c'), rawTree.value);

describe('differingRaw', () => {
  it('finds exactly the fields that flattening both sides finds to differ, with the same values', () => {
    fc.assert(
      fc.property(record, record, (a, b) => {
        const key = ([field, va, vb]: [string, RawValue, RawValue]) => JSON.stringify([field, va, vb]);
        expect(new Set(differingRaw(a, b, 'raw').map(key))).toEqual(new Set(byFlattening(a, b).map(key)));
      }),
      { numRuns: 2000, seed: 20261128 },
    );
  });

  it("keeps a's order, then the fields only b has", () => {
    const a = { mtime: 1, pax: [['mtime', '1.5'], ['path', 'x']], extra: [{ id: 1, mtime: 1 }] } as Record<string, RawValue>;
    const b = { mtime: 2, pax: [['mtime', '2.5'], ['path', 'x'], ['path', 'y']], extra: [{ id: 1, mtime: 2 }, { id: 7 }], uid: 0 } as Record<string, RawValue>;
    expect(differingRaw(a, b, 'raw')).toEqual([
      ['raw.mtime', 1, 2],
      ['raw.pax.mtime', '1.5', '2.5'],
      ['raw.extra.0.mtime', 1, 2],
      ['raw.pax.path#2', null, 'y'],
      ['raw.extra.1.id', null, 7],
      ['raw.uid', null, 0],
    ]);
    expect(differingRaw(a, structuredClone(a), 'raw')).toEqual([]);
  });
});
