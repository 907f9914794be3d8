/**
 * The fixed-seed fuzz budget: 2000 mutants of the fixtures and the libarchive corpus, each walked
 * and compared with its base in a watched child process (harness.ts). Any finding fails the test
 * and is printed as the regression entry to save.
 */
import { describe, expect, it } from 'vitest';
import { runFuzz } from './harness.js';

describe('fuzz (seed 20240901, 2000 inputs)', () => {
  it('every input ends with a listing/report or a typed error, within 5 s and 256 MB, writing nothing outside the private temp dir', async () => {
    const result = await runFuzz({ seed: 20240901, budget: 2000 });
    expect(result.cases).toBe(2000);
    expect(result.findings.map((f) => `${f.base} ${JSON.stringify(f.mutations)}: ${f.what}`)).toEqual([]);
    // The cases reach the readers: a good share list members, others end in typed errors of several formats.
    expect(result.outcomes.get('listing') ?? 0).toBeGreaterThan(500);
    expect([...result.outcomes.keys()].filter((k) => /^(GZIP|TAR|ZIP|XAR|CPIO|BZIP2)_/.test(k)).map((k) => k.split('_')[0]).sort()).toEqual(
      expect.arrayContaining(['BZIP2', 'CPIO', 'GZIP', 'TAR', 'XAR', 'ZIP']),
    );
  }, 120_000);
});
