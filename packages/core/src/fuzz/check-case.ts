/**
 * One fuzz case, run in this process: the mutant is walked from memory (every reader, chosen by
 * detection) and compared with its base from files. The case passes when each ends with a listing
 * or report, or with a typed WhydiffError; anything else (a TypeError, a RangeError, an untyped
 * throw) is a finding. Time and memory are watched by the harness around it (harness.ts).
 */
import { readdirSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { WhydiffError } from '@whydiff/formats/errors';
import { compare } from '../compare.js';
import { removeTempDir, tempDirPath } from '../temp-dir.js';
import { walkBytes } from '../walk.js';
import type { Limits } from '../limits.js';

export interface CaseOutcome {
  /** `listing (N entries)` or the WhydiffError code the walk ended with. */
  walk: string;
  /** `report (N problems)` or the WhydiffError code compare() ended with. */
  compare: string;
  /** Set when the case broke a rule: what happened. */
  finding: string | null;
}

/** Nested archives over 4 KiB go to the temp dir, so the fuzzer exercises spilling too. */
export const FUZZ_LIMITS: Partial<Limits> = { inMemoryBytes: 4096 };

function describeThrow(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}\n${(error.stack ?? '').split('\n').slice(1, 6).join('\n')}`;
  return `non-Error thrown: ${String(error)}`;
}

async function outcomeOf(run: () => Promise<string>): Promise<{ text: string; finding: string | null }> {
  try {
    return { text: await run(), finding: null };
  } catch (error) {
    if (error instanceof WhydiffError) return { text: error.code, finding: null };
    return { text: 'crash', finding: describeThrow(error) };
  }
}

/**
 * Run one case. `work` is a directory of the harness for the two files compare() reads; `watched`
 * are directories that must stay empty (the process's cwd and TMPDIR, both made for the run).
 */
export async function checkCase(baseName: string, base: Uint8Array, mutant: Uint8Array, work: string, watched: readonly string[]): Promise<CaseOutcome> {
  const name = basename(baseName.replace(/^[a-z]+:/, ''));
  const walk = await outcomeOf(async () => {
    let entries = 0;
    for await (const event of walkBytes(mutant, name, { limits: FUZZ_LIMITS })) if (event.kind === 'entry') entries += 1;
    return `listing (${entries} entries)`;
  });
  const a = join(work, `a-${name}`);
  const b = join(work, `b-${name}`);
  await writeFile(a, base);
  await writeFile(b, mutant);
  const compared = await outcomeOf(async () => {
    const report = await compare(a, b, { names: { a: `a/${name}`, b: `b/${name}` }, limits: FUZZ_LIMITS });
    return `report (${report.problems.length} problems)`;
  });
  const findings: string[] = [];
  if (walk.finding !== null) findings.push(`walkBytes threw an untyped error: ${walk.finding}`);
  if (compared.finding !== null) findings.push(`compare threw an untyped error: ${compared.finding}`);
  // What the CLI does when a run ends: the private directory must then be gone, and nothing else written.
  const temp = tempDirPath();
  removeTempDir();
  if (temp !== null && readdirSafe(temp) !== null) findings.push(`the private temp dir ${temp} is still there after removeTempDir()`);
  for (const dir of watched) {
    // tsx (which runs the harness from sources) keeps its transform cache in TMPDIR: not ours.
    const left = (readdirSafe(dir) ?? []).filter((f) => !/^tsx-\d+$/.test(f));
    if (left.length > 0) findings.push(`files appeared in ${dir}: ${left.join(', ')}`);
  }
  return { walk: walk.text, compare: compared.text, finding: findings.length > 0 ? findings.join('\n') : null };
}

function readdirSafe(dir: string): string[] | null {
  try {
    return readdirSync(dir);
  } catch {
    return null;
  }
}
