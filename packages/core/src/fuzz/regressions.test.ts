/**
 * Every saved fuzz finding, run again: compared with its base and walked alone, it must end with a
 * report or a typed error, write nothing outside the private temp dir, and no longer show what it
 * was saved for.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { baseBytes, regressionBytes, regressions } from '../../../../test-fixtures/src/regressions.js';
import { WhydiffError } from '@whydiff/formats/errors';
import { compare } from '../compare.js';
import { checkCase } from './check-case.js';

describe('fuzz regressions', () => {
  for (const r of regressions) {
    it(`${r.base} with ${JSON.stringify(r.mutations)}: ${r.found}`, async () => {
      const root = mkdtempSync(join(tmpdir(), 'whydiff-regression-'));
      try {
        const base = await baseBytes(r.base);
        const mutant = await regressionBytes(r);
        const outcome = await checkCase(r.base, base, mutant, root, []);
        expect(outcome.finding).toBe(null);
        writeFileSync(join(root, 'a'), base);
        writeFileSync(join(root, 'b'), mutant);
        // The base may itself be unreadable (a libarchive corpus file that libarchive gives up on):
        // then compare() ends with the typed error that says so, as the CLI does with exit 2.
        const report = await compare(join(root, 'a'), join(root, 'b')).catch((error: unknown) => {
          if (error instanceof WhydiffError) return null;
          throw error;
        });
        if (r.found.includes('stacked gzip layers')) expect(outcome.walk).toBe('LIMIT_RATIO');
        if (report === null) return;
        const keys = report.problems.map((p) => JSON.stringify(p));
        expect(new Set(keys).size).toBe(keys.length); // no problem reported twice
        if (r.found.includes('bad checksum')) expect(report.problems.find((p) => p.code === 'TAR_BAD_CHECKSUM')?.path).not.toBe('');
        if (r.found.includes('GZIP_TRUNCATED')) expect(report.problems.filter((p) => p.code === 'GZIP_TRUNCATED')).toHaveLength(1);
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    });
  }
});
