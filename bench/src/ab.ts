/**
 * Two builds of whydiff compared on the bench's pairs, run in turn: what a change gained.
 *
 * This machine's speed drifts by 10–30% for minutes at a time (bench/RESULTS.md), so a best-of-3
 * table cannot show a change of a few percent: the same code's ×1 zip ratio moved from 2.19× to
 * 2.49× between two runs 16 minutes apart (round 22). Runs of two builds one after the other meet
 * the same minute; the median of each round's ratio (this build's time over the base's) is what
 * rounds 19–22 quote. Each build runs with its own bin's node flags, as users run it.
 *
 *   pnpm --filter @whydiff/bench ab -- --base ../whydiff-base/apps/cli/bin/whydiff.js
 *   ... -- --base B --pairs tar.gz,zip --sizes 1 --runs 12 [--bin apps/cli/bin/whydiff.js]
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { measure, type Measured } from './measure.js';
import { binFlags, buildCli, cli, ensureGenerated, type PairKind } from './pairs.js';
import { defaultParams } from './tree.js';

interface Args {
  base: string;
  bin: string;
  pairs: PairKind[];
  sizes: number[];
  runs: number;
}

const USAGE = 'usage: pnpm --filter @whydiff/bench ab -- --base BIN [--bin BIN] [--pairs tar.gz,zip,tar.bz2] [--sizes 1] [--runs 10]';

/** A path as the user typed it: pnpm runs the script in bench/, and says where it was called from (INIT_CWD). */
function given(path: string): string {
  const full = resolve(process.env.INIT_CWD ?? process.cwd(), path);
  if (!existsSync(full)) throw new Error(`${path}: no such file (read as ${full})`);
  return full;
}

function parseArguments(argv: string[]): Args {
  // pnpm passes on the `--` before the script's own options; parseArgs would take it as their end.
  const { values } = parseArgs({
    args: argv[0] === '--' ? argv.slice(1) : argv,
    options: {
      base: { type: 'string' },
      bin: { type: 'string' },
      pairs: { type: 'string', default: 'tar.gz,zip' },
      sizes: { type: 'string', default: '1' },
      runs: { type: 'string', default: '10' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  if (values.base === undefined) throw new Error(`--base is required: the bin of the build to compare against\n${USAGE}`);
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 2) throw new Error(`--runs: expected a whole number of 2 or more, found ${values.runs}`);
  return {
    base: given(values.base),
    bin: values.bin === undefined ? cli : given(values.bin),
    pairs: values.pairs.split(',') as PairKind[],
    sizes: values.sizes.split(',').map(Number),
    runs,
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Each round's ratio of `b` to `a` (rounds where both ran): the median, then every round's in order
 * (the base ran first in the even ones; ratios that alternate high and low would show an order effect).
 */
function paired(a: Array<number | null>, b: Array<number | null>): string {
  const ratios = a.flatMap((x, i) => (x !== null && b[i] != null && x > 0 ? [b[i]! / x] : []));
  if (ratios.length === 0) return '—';
  return `${median(ratios).toFixed(3)} [${ratios.map((r) => r.toFixed(2)).join(' ')}]`;
}

/** One run of `whydiff a b --json` (its report is not kept); one that does not end with a report (exit 1) stops the comparison. */
async function runOnce(bin: string, a: string, b: string): Promise<Measured> {
  const m = await measure(process.execPath, [...binFlags(bin), bin, a, b, '--json'], { timeoutSeconds: 600 });
  if (m.timedOut || m.exitCode !== 1) throw new Error(`${bin} ${a} ${b}: ${m.timedOut ? 'timed out' : `exit ${m.exitCode}, expected 1 (differences found)`}\n${m.stderr}`);
  return m;
}

async function main(): Promise<void> {
  const args = parseArguments(process.argv.slice(2));
  // This checkout's bin is measured as its sources are now (a bin given with --bin, as it is).
  if (args.bin === cli) buildCli();
  console.log(`base: node ${binFlags(args.base).join(' ')} ${args.base}\nthis: node ${binFlags(args.bin).join(' ')} ${args.bin}`);
  for (const scale of args.sizes) {
    const dir = await ensureGenerated({ ...defaultParams, scale });
    for (const pair of args.pairs) {
      const a = join(dir, `a.${pair}`);
      const b = join(dir, `b.${pair}`);
      const base: Measured[] = [];
      const mine: Measured[] = [];
      for (let round = 0; round < args.runs; round++) {
        // Which goes first alternates: a file read a moment ago is in the page cache for the next.
        if (round % 2 === 0) {
          base.push(await runOnce(args.base, a, b));
          mine.push(await runOnce(args.bin, a, b));
        } else {
          mine.push(await runOnce(args.bin, a, b));
          base.push(await runOnce(args.base, a, b));
        }
      }
      const line = (name: string, runs: Measured[]) => {
        const cpu = runs.map((m) => m.cpuSeconds).filter((c): c is number => c !== null);
        const rss = runs.map((m) => m.rssMB ?? 0);
        return `  ${name}: wall median ${median(runs.map((m) => m.seconds)).toFixed(2)} s (${Math.min(...runs.map((m) => m.seconds)).toFixed(2)}–${Math.max(...runs.map((m) => m.seconds)).toFixed(2)})${cpu.length > 0 ? `, CPU median ${median(cpu).toFixed(2)} s` : ''}, peak RSS ${Math.max(...rss).toFixed(0)} MB`;
      };
      console.log(`${pair} ×${scale}, ${args.runs} rounds`);
      console.log(line('base', base));
      console.log(line('this', mine));
      console.log(`  this / base, each round: wall ${paired(base.map((m) => m.seconds), mine.map((m) => m.seconds))}, CPU ${paired(base.map((m) => m.cpuSeconds), mine.map((m) => m.cpuSeconds))}`);
    }
  }
}

await main().catch((error: unknown) => {
  // A wrong option, a missing bin, a build that did not end with a report: one line, not a stack.
  console.error(`ab: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(2);
});
