/**
 * Fuzz findings kept as regression fixtures: each is a base input (a generated fixture or a
 * libarchive corpus file, by name) and the mutations that broke a rule, with the seed and case
 * index that found it. The bytes are made by code (mutation.ts), never stored. `pnpm fuzz` prints
 * the entry to add here for every new finding.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Fixture } from './fixture.js';
import { allFixtures } from './generate.js';
import { applyMutations, type Mutation } from './mutation.js';
import { corpusDir } from './mtree.js';

export interface Regression {
  /** Where it was found: `pnpm fuzz --seed S --start I --budget 1` runs that case again (null: found by hand). */
  seed: number | null;
  index: number | null;
  base: string;
  mutations: Mutation[];
  /** What went wrong before the fix. */
  found: string;
}

export const regressions: Regression[] = [
  {
    seed: null, index: null,
    base: 'fixture:tar/member-mtimes/a.tar.gz',
    mutations: [{ kind: 'truncate', at: 350 }],
    found: 'a .tar.gz cut inside a member: compare() listed GZIP_TRUNCATED twice for the same member and offset (once from the member, once from the walk that stopped)',
  },
  {
    seed: null, index: null,
    base: 'fixture:tar/plain/a.tar',
    mutations: [{ kind: 'flip', at: 514, bit: 5 }],
    found: 'a tar header with a bad checksum: the problem named no member (path "")',
  },
  {
    seed: 1128, index: 1712,
    base: 'corpus:test_read_filter_gzip_recursive.gz',
    mutations: [{ kind: 'flip', at: 414599836, bit: 5 }, { kind: 'flip', at: 156337633, bit: 6 }],
    found: 'did not end within 5 s: eight stacked gzip layers of about 13:1 each (293 bytes to 5.6 GB), each under the ratio limit',
  },
];

/** The bytes of a base named `fixture:<name>` or `corpus:<file>`. */
export async function baseBytes(name: string): Promise<Uint8Array> {
  if (name.startsWith('corpus:')) return readFileSync(join(corpusDir, name.slice('corpus:'.length)));
  const fixture = (await allFixtures()).find((f) => `fixture:${f.name}` === name);
  if (fixture === undefined) throw new Error(`regressions: no fixture named ${name}`);
  return fixture.bytes();
}

export async function regressionBytes(r: Regression): Promise<Uint8Array> {
  const others = new Map<string, Uint8Array>();
  for (const m of r.mutations) if (m.kind === 'splice') others.set(m.other, await baseBytes(m.other));
  return applyMutations(await baseBytes(r.base), r.mutations, (n) => others.get(n)!);
}

export const regressionFixtures: Fixture[] = regressions.map((r, i) => ({
  name: `regressions/${String(i + 1).padStart(3, '0')}-${r.base.replace(/^[a-z]+:/, '').replace(/[^A-Za-z0-9._-]+/g, '_')}`,
  about: r.found,
  bytes: () => regressionBytes(r),
}));
