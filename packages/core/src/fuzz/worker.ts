/**
 * The fuzz child process: runs cases [from, to) of a seed and tells the harness (over IPC) when
 * each starts and how it ended, with its time and the peak resident memory it added. The harness
 * kills it when a case overruns; a crash (out of memory, a native fault) ends it. Its cwd and TMPDIR
 * are empty directories made for the run: anything written there is a finding.
 */
import { applyMutations } from '../../../../test-fixtures/src/mutation.js';
import { baseByName, loadBases } from './bases.js';
import { checkCase } from './check-case.js';
import { sampleCases } from './mutators.js';

export interface WorkerArgs {
  seed: number;
  from: number;
  to: number;
  batchSize: number;
  work: string;
  watched: string[];
}

export type WorkerMessage =
  | { type: 'ready'; bases: number }
  | { type: 'start'; index: number; base: string; mutations: unknown }
  | { type: 'done'; index: number; walk: string; compare: string; finding: string | null; ms: number; rssAddedMb: number };

const send = (message: WorkerMessage) => new Promise<void>((resolve) => process.send!(message, () => resolve()));

async function main(): Promise<void> {
  const args = JSON.parse(process.argv[2]!) as WorkerArgs;
  const bases = await loadBases();
  const names = bases.map((b) => b.name);
  await send({ type: 'ready', bases: bases.length });
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
  sampler.unref();
  let batch = -1;
  let cases: ReturnType<typeof sampleCases> = [];
  for (let index = args.from; index < args.to; index++) {
    const b = Math.floor(index / args.batchSize);
    if (b !== batch) {
      batch = b;
      cases = sampleCases(names, args.seed, batch, args.batchSize);
    }
    const c = cases[index % args.batchSize]!;
    await send({ type: 'start', index, base: c.base, mutations: c.mutations });
    const base = baseByName(bases, c.base);
    const mutant = applyMutations(base, c.mutations, (n) => baseByName(bases, n));
    const before = process.memoryUsage().rss;
    peak = before;
    const started = performance.now();
    const outcome = await checkCase(c.base, base, mutant, args.work, args.watched);
    peak = Math.max(peak, process.memoryUsage().rss);
    await send({ type: 'done', index, ...outcome, ms: performance.now() - started, rssAddedMb: (peak - before) / 2 ** 20 });
  }
  clearInterval(sampler);
  process.disconnect();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(3);
});
