/**
 * The fixed-seed fuzz budget: 2000 mutants of the fixtures and the libarchive corpus, each walked
 * and compared with its base in a watched child process (harness.ts). Any finding fails the test
 * and is printed as the regression entry to save.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { runFuzz } from './harness.js';

describe('fuzz (seed 20240901, 2000 inputs)', () => {
  it('every input ends with a listing/report or a typed error, within 5 s and 256 MB, writing nothing outside the private temp dir', async ({ signal }) => {
    // The signal is aborted if this test times out: the run's children and directories go with it.
    const result = await runFuzz({ seed: 20240901, budget: 2000, signal });
    expect(result.cases).toBe(2000);
    expect(result.findings.map((f) => `${f.base} ${JSON.stringify(f.mutations)}: ${f.what}`)).toEqual([]);
    // The cases reach the readers: a good share list members, others end in typed errors of several formats.
    expect(result.outcomes.get('listing') ?? 0).toBeGreaterThan(500);
    expect([...result.outcomes.keys()].filter((k) => /^(GZIP|TAR|ZIP|XAR|CPIO|BZIP2)_/.test(k)).map((k) => k.split('_')[0]).sort()).toEqual(
      expect.arrayContaining(['BZIP2', 'CPIO', 'GZIP', 'TAR', 'XAR', 'ZIP']),
    );
  }, 120_000);

  it('stops when its signal is aborted: children killed and directories removed before abort() returns, and the run rejects', async () => {
    const ours = () => readdirSync(tmpdir()).filter((name) => name.startsWith('whydiff-fuzz-'));
    const before = new Set(ours());
    const controller = new AbortController();
    let during: string[] = [];
    let after: string[] | null = null;
    const run = runFuzz({
      seed: 7,
      budget: 200,
      workers: 2,
      signal: controller.signal,
      onProgress: (done) => {
        if (done !== 3) return;
        during = ours().filter((name) => !before.has(name));
        controller.abort(new Error('given up'));
        after = ours().filter((name) => !before.has(name));
      },
    });
    await expect(run).rejects.toThrow('given up');
    expect(during).toHaveLength(2);
    expect(after).toEqual([]);
  }, 60_000);
});
