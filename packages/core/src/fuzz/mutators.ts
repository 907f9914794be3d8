/**
 * fast-check arbitraries for fuzz cases: a base (by index) and one to three mutations. Positions
 * are plain naturals, taken modulo the input's length when applied (test-fixtures mutation.ts), so
 * a case is a small JSON value that reproduces its bytes exactly.
 */
import fc from 'fast-check';
import type { Mutation } from '../../../../test-fixtures/src/mutation.js';

export interface FuzzCase {
  base: string;
  mutations: Mutation[];
}

const position = fc.nat({ max: 0x7fffffff });

export function mutationArb(baseNames: readonly string[]): fc.Arbitrary<Mutation> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.record({ kind: fc.constant('flip' as const), at: position, bit: fc.nat({ max: 7 }) }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('truncate' as const), at: position }) },
    { weight: 4, arbitrary: fc.record({ kind: fc.constant('field' as const), index: position, value: fc.constantFrom('zero' as const, 'huge' as const, 'plus1' as const, 'minus1' as const) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('splice' as const), at: position, other: fc.constantFrom(...baseNames), from: position }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('duplicate' as const), start: position, length: position, to: position }) },
  );
}

export function caseArb(baseNames: readonly string[]): fc.Arbitrary<FuzzCase> {
  return fc.record({
    base: fc.constantFrom(...baseNames),
    mutations: fc.array(mutationArb(baseNames), { minLength: 1, maxLength: 3 }),
  });
}

/** The cases of batch `batch` for a seed: the same list on every run. */
export function sampleCases(baseNames: readonly string[], seed: number, batch: number, count: number): FuzzCase[] {
  return fc.sample(caseArb(baseNames), { seed: (seed + batch * 7919) | 0, numRuns: count });
}
