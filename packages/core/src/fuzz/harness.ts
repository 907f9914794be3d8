/**
 * The fuzz harness: runs a seed's cases in a child process (worker.ts) and holds each to the
 * rules of issue 9: it ends (listing/report or typed error) within 5 s, adds at most 256 MB of
 * resident memory (sampled every 10 ms in the child, so a spike shorter than that can be missed;
 * the child also runs with a 512 MB V8 heap cap, so a runaway heap crashes it, which is a finding),
 * and writes nothing but into the private temp dir (the child's cwd and TMPDIR are empty
 * directories made here and checked after every case). A case that overruns is killed; the child
 * is restarted at the next case.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Mutation } from '../../../../test-fixtures/src/mutation.js';
import type { WorkerArgs, WorkerMessage } from './worker.js';

export const CASE_TIMEOUT_MS = 5000;
export const CASE_MEMORY_MB = 256;
/** Cases drawn per fast-check sample (a case is named by seed and index, so this fixes the sequence). */
export const BATCH_SIZE = 1000;

export interface Finding {
  index: number;
  base: string;
  mutations: Mutation[];
  what: string;
}

export interface FuzzResult {
  seed: number;
  cases: number;
  findings: Finding[];
  seconds: number;
  /** Slowest case and the most memory one case added. */
  slowestMs: number;
  maxRssAddedMb: number;
  /** How the cases ended: `listing`, error codes... (walk side). */
  outcomes: Map<string, number>;
}

export interface FuzzOptions {
  seed: number;
  budget: number;
  /** Run cases [start, start + budget). */
  start?: number;
  /** Child processes run side by side (default: up to 4, one per CPU). */
  workers?: number;
  onProgress?: (done: number, findings: number) => void;
  /**
   * Stops the run: its children are killed and its directories removed at once, and runFuzz
   * rejects. A test runner that gives up on a test (a timeout) aborts its signal and may end the
   * process before anything awaited runs again, so the cleanup cannot wait for the `finally`s.
   */
  signal?: AbortSignal;
}

const tsxLoader = pathToFileURL(join(dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist/loader.mjs')).href;
const workerPath = fileURLToPath(new URL('./worker.ts', import.meta.url));

export async function runFuzz(options: FuzzOptions): Promise<FuzzResult> {
  const started = performance.now();
  const result: FuzzResult = { seed: options.seed, cases: 0, findings: [], seconds: 0, slowestMs: 0, maxRssAddedMb: 0, outcomes: new Map() };
  const first = options.start ?? 0;
  const workers = Math.max(1, Math.min(options.workers ?? Math.min(4, availableParallelism()), options.budget));
  const share = Math.ceil(options.budget / workers);
  const live: Live = { children: new Set(), roots: new Set() };
  const stop = () => {
    for (const child of live.children) child.kill('SIGKILL');
    for (const root of live.roots) rmSync(root, { recursive: true, force: true });
  };
  options.signal?.throwIfAborted();
  options.signal?.addEventListener('abort', stop, { once: true });
  try {
    // Each worker runs a contiguous share of the cases, in its own cwd, TMPDIR and work directory.
    await Promise.all(
      Array.from({ length: workers }, async (_, w) => {
        const from = first + w * share;
        const end = Math.min(first + options.budget, from + share);
        const root = mkdtempSync(join(tmpdir(), 'whydiff-fuzz-'));
        live.roots.add(root);
        const dirs = { cwd: join(root, 'cwd'), tmp: join(root, 'tmp'), work: join(root, 'work') };
        for (const d of Object.values(dirs)) mkdirSync(d, { mode: 0o700 });
        try {
          let next = from;
          while (next < end) {
            options.signal?.throwIfAborted();
            next = await runChild(next, end, options, dirs, result, live);
          }
        } finally {
          rmSync(root, { recursive: true, force: true });
          live.roots.delete(root);
        }
      }),
    );
  } finally {
    options.signal?.removeEventListener('abort', stop);
  }
  result.findings.sort((x, y) => x.index - y.index);
  result.seconds = (performance.now() - started) / 1000;
  return result;
}

/** What a run has going, for FuzzOptions.signal to stop. */
interface Live {
  children: Set<ChildProcess>;
  roots: Set<string>;
}

/** Run cases from `from` in one child; resolves to the index to go on from. */
function runChild(from: number, to: number, options: FuzzOptions, dirs: { cwd: string; tmp: string; work: string }, result: FuzzResult, live: Live): Promise<number> {
  const args: WorkerArgs = { seed: options.seed, from, to, batchSize: BATCH_SIZE, work: dirs.work, watched: [dirs.cwd, dirs.tmp] };
  const child = fork(workerPath, [JSON.stringify(args)], {
    cwd: dirs.cwd,
    env: { ...process.env, TMPDIR: dirs.tmp, TMP: dirs.tmp, TEMP: dirs.tmp },
    execArgv: ['--import', tsxLoader, '--conditions=@whydiff/source', '--max-old-space-size=512'],
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  live.children.add(child);
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => void (stderr = (stderr + d.toString()).slice(-4000)));
  return new Promise((resolve, reject) => {
    let current: { index: number; base: string; mutations: Mutation[] } | null = null;
    let timer: NodeJS.Timeout | null = null;
    let killedFor: string | null = null;
    const finding = (what: string) => {
      if (current !== null) result.findings.push({ ...current, what });
    };
    child.on('message', (m: WorkerMessage) => {
      if (m.type === 'start') {
        current = { index: m.index, base: m.base, mutations: m.mutations as Mutation[] };
        timer = setTimeout(() => {
          killedFor = `did not end within ${CASE_TIMEOUT_MS / 1000} s (killed)`;
          child.kill('SIGKILL');
        }, CASE_TIMEOUT_MS);
      } else if (m.type === 'done') {
        if (timer !== null) clearTimeout(timer);
        result.cases += 1;
        result.slowestMs = Math.max(result.slowestMs, m.ms);
        result.maxRssAddedMb = Math.max(result.maxRssAddedMb, m.rssAddedMb);
        const key = m.walk.replace(/ \(\d+ entries\)/, '');
        result.outcomes.set(key, (result.outcomes.get(key) ?? 0) + 1);
        if (m.finding !== null) finding(m.finding);
        if (m.rssAddedMb > CASE_MEMORY_MB) finding(`added ${Math.round(m.rssAddedMb)} MB of resident memory (limit ${CASE_MEMORY_MB} MB)`);
        current = null;
        options.onProgress?.(result.cases, result.findings.length);
      }
    });
    child.on('exit', (code, signal) => {
      live.children.delete(child);
      if (timer !== null) clearTimeout(timer);
      if (options.signal?.aborted === true) {
        reject(options.signal.reason);
        return;
      }
      if (current === null) {
        if (code !== 0) reject(new Error(`fuzz worker failed between cases (exit ${code}, signal ${signal}): ${stderr}`));
        else resolve(to);
        return;
      }
      const index = (current as { index: number }).index;
      finding(killedFor ?? `the worker died (exit ${code}, signal ${signal}): ${stderr.trim().split('\n').slice(-5).join(' | ')}`);
      result.cases += 1;
      options.onProgress?.(result.cases, result.findings.length);
      resolve(index + 1);
    });
  });
}
