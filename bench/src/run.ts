/**
 * The benchmark: generate (once, cached by a hash of the generator and its parameters) the artifact
 * pairs at each size, then for each pair measure the floor, `whydiff a b --json`, `whydiff ls
 * --json a` and diffoscope (when installed), check the report is complete, print a table and write
 * bench/RESULTS.md.
 *
 *   pnpm bench                      sizes ×¼ and ×1
 *   pnpm --filter @whydiff/bench bench -- --x4        also ×4 (~1.2 GB of content, 80,000 files)
 *   ... -- --sizes 0.25,1,4 --pairs tar.gz,zip --runs 2 --no-ls
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, release, platform } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { measure, rssMethod, type Measured } from './measure.js';
import { benchDir, binFlags, buildCli, cli, ensureGenerated, type PairKind } from './pairs.js';
import { defaultParams, planTree, type TreeParams } from './tree.js';
import { verifyReport, type Verdict } from './verify.js';

const node = process.execPath;
const nodeFlags = binFlags(cli);

interface Args {
  sizes: number[];
  pairs: PairKind[];
  runs: number;
  ls: boolean;
  diffoscope: boolean;
}

const USAGE = 'usage: pnpm bench [-- --x4] [--sizes 0.25,1,4] [--pairs tar.gz,zip,tar.bz2] [--runs N] [--no-ls] [--no-diffoscope]';

function parseArguments(argv: string[]): Args {
  // pnpm passes on the `--` before the script's own options; parseArgs would take it as their end.
  const { values } = parseArgs({
    args: argv[0] === '--' ? argv.slice(1) : argv,
    options: {
      x4: { type: 'boolean', default: false },
      sizes: { type: 'string', default: '0.25,1' },
      pairs: { type: 'string', default: 'tar.gz,zip,tar.bz2' },
      runs: { type: 'string', default: '1' },
      'no-ls': { type: 'boolean', default: false },
      'no-diffoscope': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const sizes = values.sizes.split(',').map(Number);
  return {
    sizes: values.x4 ? [...new Set([...sizes, 4])] : sizes,
    pairs: values.pairs.split(',') as PairKind[],
    runs: Number(values.runs),
    ls: !values['no-ls'],
    diffoscope: !values['no-diffoscope'],
  };
}

function hasProgram(name: string): boolean {
  return spawnSync(name, ['--version'], { stdio: 'ignore' }).error === undefined;
}

function floorCommand(kind: PairKind, a: string, b: string): [string, string[]] {
  if (kind === 'tar.bz2') return ['bash', ['-c', 'set -o pipefail; (bzip2 -dc "$1" | sha256sum) & (bzip2 -dc "$2" | sha256sum) & wait', 'floor', a, b]];
  return [node, [join(benchDir, 'src', 'floor.mjs'), kind === 'zip' ? 'zip' : 'gz', a, b]];
}

/**
 * Each command's fastest run and the highest RSS seen (memory is not a lucky draw), the commands run
 * in turn, round after round: this machine's speed moves for minutes at a time (bench/RESULTS.md
 * round 8: the same code's ×1 tar.bz2 floor 2.78–3.21 s in three runs), and a floor measured in a
 * fast minute against whydiff in a slow one would make the ratio say more than the code does. A
 * command that fails or times out is not run again.
 */
async function bestInTurn(runs: number, commands: Array<() => Promise<Measured>>): Promise<{ best: Measured[]; rounds: number[][] }> {
  const kept: Array<Measured | null> = commands.map(() => null);
  const failed = commands.map(() => false);
  /** Each round's seconds, command by command (a command that failed stops adding). */
  const rounds: number[][] = [];
  for (let i = 0; i < runs; i++) {
    const round: number[] = [];
    rounds.push(round);
    for (const [k, run] of commands.entries()) {
      if (failed[k]) continue;
      const m = await run();
      round[k] = m.seconds;
      const before = kept[k] ?? null;
      if (m.timedOut || (m.exitCode !== 0 && m.exitCode !== 1)) {
        kept[k] = m;
        failed[k] = true;
        continue;
      }
      const rss: number | null = before === null ? m.rssMB : Math.max(m.rssMB ?? 0, before.rssMB ?? 0);
      if (before === null || m.seconds < before.seconds) kept[k] = { ...m, rssMB: rss };
      else before.rssMB = rss;
    }
  }
  return { best: kept.map((m) => m!), rounds };
}

/**
 * whydiff's time over the floor's in each round, lowest–highest: the two ran one after the other,
 * so a slow minute of this machine weighs on both, where the best of each may come from different
 * minutes.
 */
function roundRatios(rounds: number[][]): string {
  const ratios = rounds.filter((r) => r[0] !== undefined && r[1] !== undefined).map((r) => r[1]! / r[0]!);
  if (ratios.length === 0) return '—';
  const [low, high] = [Math.min(...ratios), Math.max(...ratios)];
  return low === high ? fmt(low) : `${fmt(low)}–${fmt(high)}`;
}

interface Row {
  pair: PairKind;
  scale: number;
  artifactMB: number;
  contentMB: number;
  entries: number;
  floor: Measured;
  diff: Measured;
  ls: Measured | null;
  diffoscope: Measured | null;
  verdict: Verdict;
  /** whydiff over the floor, each round (roundRatios). */
  eachRound: string;
}

const mb = (n: number) => n / 1e6;
const fmt = (n: number | null | undefined, digits = 2) => (n === null || n === undefined ? '—' : n.toFixed(digits));

function table(rows: Row[]): string {
  const head = ['pair', 'size', 'artifact MB', 'content MB', 'entries', 'floor s', 'floor RSS MB', 'whydiff s', '× floor', '× floor, each round', 'RSS MB', 'ls s', 'ls RSS MB', 'diffoscope s', 'report complete'];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
  for (const r of rows) {
    const ratio = r.diff.seconds / r.floor.seconds;
    const status = r.diff.timedOut ? `NO: killed after ${r.diff.seconds.toFixed(0)} s (hangs)${r.verdict.ok ? '; the report it printed is complete' : ''}` : r.diff.exitCode !== 1 ? `whydiff exit ${r.diff.exitCode}` : r.verdict.ok ? 'yes' : `NO: ${r.verdict.notes.join('; ')}`;
    const others = r.verdict.others.length > 0 ? ` (also: ${r.verdict.others.join(', ')})` : '';
    lines.push(`| ${[r.pair, `×${r.scale}`, fmt(r.artifactMB, 1), fmt(r.contentMB, 0), r.entries, fmt(r.floor.seconds), fmt(r.floor.rssMB, 0), fmt(r.diff.seconds), fmt(ratio), r.eachRound, fmt(r.diff.rssMB, 0), fmt(r.ls?.seconds), fmt(r.ls?.rssMB, 0), fmt(r.diffoscope?.seconds), status + others].join(' | ')} |`);
  }
  return lines.join('\n');
}

function targets(rows: Row[]): string[] {
  const misses: string[] = [];
  for (const r of rows) {
    const ratio = r.diff.seconds / r.floor.seconds;
    const tag = `${r.pair} ×${r.scale}`;
    if (ratio > 1.5) misses.push(`${tag}: ${ratio.toFixed(2)}× the floor (target ≤ 1.5×)`);
    if ((r.diff.rssMB ?? 0) > 150) misses.push(`${tag}: compare peak RSS ${r.diff.rssMB!.toFixed(0)} MB (target ≤ 150 MB)`);
    if (r.pair === 'tar.gz' && r.scale === 1 && (r.ls?.rssMB ?? 0) > 100) misses.push(`${tag}: ls peak RSS ${r.ls!.rssMB!.toFixed(0)} MB (target < 100 MB)`);
    if (r.diff.timedOut) misses.push(`${tag}: whydiff did not exit; killed after ${r.diff.seconds.toFixed(0)} s`);
    else if (!r.verdict.ok || r.diff.exitCode !== 1) misses.push(`${tag}: report incomplete (${r.verdict.notes.join('; ') || `exit ${r.diff.exitCode}`})`);
  }
  return misses;
}

async function main(): Promise<void> {
  let args: Args;
  try {
    args = parseArguments(process.argv.slice(2));
  } catch (error) {
    // An unknown or malformed option: one line and the usage, not a stack trace.
    console.error(`bench: ${(error as Error).message}; ${USAGE}`);
    process.exit(2);
  }
  buildCli();
  const diffoscope = args.diffoscope && hasProgram('diffoscope');
  const bzip2Decoder = process.env.WHYDIFF_BZIP2 ?? (hasProgram('lbzip2') ? 'lbzip2' : hasProgram('bzip2') ? 'bzip2' : 'js');
  const rows: Row[] = [];
  for (const scale of args.sizes) {
    const params: TreeParams = { ...defaultParams, scale };
    const dir = await ensureGenerated(params);
    const tree = planTree(params);
    for (const pair of args.pairs) {
      const a = join(dir, `a.${pair}`);
      const b = join(dir, `b.${pair}`);
      const bz2 = pair === 'tar.bz2';
      const entries = bz2 ? tree.bz2Count : tree.entries.length;
      const contentMB = mb(bz2 ? tree.bz2Bytes : tree.totalBytes);
      const [fc, fa] = floorCommand(pair, a, b);
      const reportFile = join(dir, `report.${pair}.json`);
      // Past 30× the floor's first run (at least 2 minutes) a run is killed and reported as timed out.
      let timeoutSeconds = 120;
      const commands = [
        async () => {
          const m = await measure(fc, fa);
          timeoutSeconds = Math.max(timeoutSeconds, 30 * m.seconds);
          return m;
        },
        () => measure(node, [...nodeFlags, cli, a, b, '--json'], { stdoutFile: reportFile, timeoutSeconds }),
        ...(args.ls ? [() => measure(node, [...nodeFlags, cli, 'ls', '--json', a], { stdoutFile: join(dir, `ls.${pair}.jsonl`), timeoutSeconds })] : []),
      ];
      const { best: measured, rounds } = await bestInTurn(args.runs, commands);
      const floor = measured[0]!;
      const diff = measured[1]!;
      const ls = args.ls ? measured[2]! : null;
      const dos = diffoscope ? await measure('diffoscope', ['--json', join(dir, `diffoscope.${pair}.json`), a, b]) : null;
      const verdict = verifyReport(reportFile, tree.changed, entries);
      const row: Row = { pair, scale, artifactMB: mb(statSync(a).size), contentMB, entries, floor, diff, ls, diffoscope: dos, verdict, eachRound: roundRatios(rounds) };
      rows.push(row);
      if (diff.exitCode !== 1) console.log(`whydiff exited ${diff.exitCode}: ${diff.stderr}`);
      console.log(`${pair} ×${scale}: floor ${fmt(floor.seconds)} s, whydiff ${fmt(diff.seconds)} s (${fmt(diff.seconds / floor.seconds)}×, each round ${row.eachRound}×, ${fmt(diff.rssMB, 0)} MB), ls ${fmt(ls?.seconds)} s (${fmt(ls?.rssMB, 0)} MB)${verdict.ok ? '' : `, report: ${verdict.notes.join('; ')}`}`);
    }
  }
  const text = table(rows);
  console.log(`\n${text}\n`);
  const misses = targets(rows);
  console.log(misses.length === 0 ? 'every target met' : `targets missed:\n- ${misses.join('\n- ')}`);

  const cpu = cpus();
  const machine = `${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${platform()} ${release()}`;
  const generated = [
    '# Benchmark results',
    '',
    `- Date: ${new Date().toISOString()}`,
    `- Machine: ${machine}`,
    `- Node ${process.version}; bzip2 decoder used by whydiff: ${bzip2Decoder}; peak RSS by ${rssMethod}; best of ${args.runs} run(s), the floor, whydiff and ls run in turn`,
    `- Sizes: ${args.sizes.map((s) => `×${s}`).join(', ')} (×1 = ${defaultParams.files} files, ${mb(defaultParams.bytes)} MB of content; tar.bz2 holds the first ${Math.round(defaultParams.bz2Fraction * 100)}% of the tree)`,
    `- Floor: tar.gz and zip by bench/src/floor.mjs (one worker thread per side: gunzip or central directory + inflateRawSync, sha256); tar.bz2 by \`bzip2 -dc | sha256sum\` for both sides at once (its RSS is the largest of those processes)`,
    `- whydiff: \`node ${[...nodeFlags, ''].join(' ')}apps/cli/bin/whydiff.js a b --json\` (exit 1 expected); ls: \`whydiff ls --json a\`; "× floor" is whydiff s / floor s (the best of each); "each round" is whydiff's time over the floor's in each round, lowest–highest (the two ran one after the other)`,
    '',
    text,
    '',
    misses.length === 0 ? 'Every target met.' : `Targets missed:\n\n${misses.map((m) => `- ${m}`).join('\n')}`,
    '',
  ].join('\n');
  // Keep the hand-written notes below the marker.
  const resultsFile = join(benchDir, 'RESULTS.md');
  const marker = '<!-- notes: kept by the runner -->';
  const old = existsSync(resultsFile) ? readFileSync(resultsFile, 'utf8') : '';
  const notes = old.includes(marker) ? old.slice(old.indexOf(marker)) : `${marker}\n`;
  writeFileSync(resultsFile, `${generated}\n${notes}`);
  console.log(`wrote ${resultsFile}`);
}

await main();
