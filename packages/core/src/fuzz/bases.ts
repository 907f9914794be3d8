/**
 * The inputs the fuzzer mutates: every generated test fixture and every archive of the libarchive
 * corpus (../shared/corpus/libarchive), by name, in a fixed order so a seed means the same cases on
 * every machine.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { allFixtures } from '../../../../test-fixtures/src/generate.js';
import { corpusDir, corpusIndex } from '../../../../test-fixtures/src/mtree.js';

export interface Base {
  /** `fixture:tar/mtime/a.tar.gz` or `corpus:test_basic.zip`. */
  name: string;
  bytes: Uint8Array;
}

/** Bases larger than this are left out: mutating them finds nothing a small one would not, slower. */
const MAX_BASE_BYTES = 512 * 1024;

export async function loadBases(): Promise<Base[]> {
  const bases: Base[] = [];
  for (const fixture of await allFixtures()) {
    const bytes = await fixture.bytes();
    if (bytes.byteLength <= MAX_BASE_BYTES) bases.push({ name: `fixture:${fixture.name}`, bytes });
  }
  for (const row of corpusIndex()) {
    if (row.bytes <= MAX_BASE_BYTES) bases.push({ name: `corpus:${row.file}`, bytes: readFileSync(join(corpusDir, row.file)) });
  }
  return bases.sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
}

/** Resolve a base by name (regression fixtures name theirs). */
export function baseByName(bases: readonly Base[], name: string): Uint8Array {
  const found = bases.find((b) => b.name === name);
  if (found === undefined) throw new Error(`fuzz: no base input named ${name}`);
  return found.bytes;
}
