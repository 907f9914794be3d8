/**
 * `pnpm fuzz [--budget N] [--seed S] [--start I]`: mutate the fixtures and the libarchive corpus and
 * run every reader and the differ on each mutant (see harness.ts for what is checked). Prints a
 * summary and, for each finding, the regression entry to add to test-fixtures/src/regressions.ts.
 * Exit status 1 when something was found.
 */
import { constants } from 'node:os';
import { parseArgs } from 'node:util';
import { runFuzz } from './harness.js';

const USAGE = 'usage: pnpm fuzz [--budget N] [--seed S] [--start I]';
let values: { budget: string; seed: string; start: string };
try {
  ({ values } = parseArgs({
    options: { budget: { type: 'string', default: '2000' }, seed: { type: 'string', default: '20240901' }, start: { type: 'string', default: '0' } },
  }));
} catch (error) {
  // An unknown or malformed option: one line and the usage, not a stack trace.
  console.error(`fuzz: ${(error as Error).message}; ${USAGE}`);
  process.exit(2);
}
const budget = Number(values.budget);
const seed = Number(values.seed);
const start = Number(values.start);
if (!Number.isInteger(budget) || budget <= 0 || !Number.isInteger(seed) || !Number.isInteger(start) || start < 0) {
  console.error(USAGE);
  process.exit(2);
}

// Ctrl-C (or a kill) stops the run through its signal, which removes its directories at once:
// without a handler node exits before the harness's cleanup runs, and they stayed in the temp dir.
// A signal may come more than once (a terminal signals the whole process group): later ones must
// not find node's default handler back. (`pnpm fuzz` runs this with `node --import tsx`, not the
// tsx command, whose parent process kills a child that has not answered a signal within ~60 ms.)
const interrupt = new AbortController();
let interrupted: 'SIGINT' | 'SIGTERM' | null = null;
for (const name of ['SIGINT', 'SIGTERM'] as const) {
  process.on(name, () => {
    if (interrupt.signal.aborted) return;
    interrupted = name;
    interrupt.abort(new Error(`interrupted (${name})`));
  });
}
let last = 0;
let casesDone = 0;
const result = await runFuzz({
  seed,
  budget,
  start,
  signal: interrupt.signal,
  onProgress: (done, findings) => {
    casesDone = done;
    if (done - last >= 1000 || done === budget) {
      last = done;
      process.stderr.write(`fuzz: ${done}/${budget} cases, ${findings} findings\n`);
    }
  },
}).catch((error: unknown) => {
  if (!interrupt.signal.aborted) throw error;
  console.error(`fuzz: ${(error as Error).message} after ${casesDone} cases; its children and temporary directories are gone`);
  // As a shell reports a command a signal ended: 128 + the signal's number.
  process.exit(128 + constants.signals[interrupted!]); // set before the abort that brought us here
});
const outcomes = [...result.outcomes.entries()].sort((x, y) => y[1] - x[1]).map(([k, n]) => `${k} ${n}`).join(', ');
console.log(`fuzz: seed ${seed}, cases ${start}..${start + result.cases - 1}: ${result.cases} inputs in ${result.seconds.toFixed(1)} s (${(result.cases / result.seconds).toFixed(0)}/s); slowest ${Math.round(result.slowestMs)} ms; most resident memory added by one case ${Math.round(result.maxRssAddedMb)} MB`);
console.log(`fuzz: walks ended with: ${outcomes}`);
console.log(`fuzz: ${result.findings.length} findings`);
for (const f of result.findings) {
  console.log(`\n# case ${f.index}: ${f.what}`);
  console.log(`  { seed: ${seed}, index: ${f.index}, base: ${JSON.stringify(f.base)}, mutations: ${JSON.stringify(f.mutations)}, found: ${JSON.stringify(f.what.split('\n')[0])} },`);
}
process.exit(result.findings.length > 0 ? 1 : 0);
