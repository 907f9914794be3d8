/**
 * Run a command once and measure its wall time (here, around the spawn), peak RSS and CPU time: GNU
 * time's %M (the largest resident set of the process or any child it waited for), %U and %S when
 * /usr/bin/time is present; else a preload that prints process.resourceUsage().maxRSS at exit (node
 * commands only), and no CPU time.
 */
import { spawn } from 'node:child_process';
import { existsSync, openSync, closeSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Measured {
  seconds: number;
  /** Peak RSS in MB (10^6 bytes), null when it could not be measured. */
  rssMB: number | null;
  /** User and system CPU seconds of the process and the children it waited for; null without GNU time. */
  cpuSeconds: number | null;
  exitCode: number | null;
  /** True when it ran past the timeout and was killed (with every process it started). */
  timedOut: boolean;
  stderr: string;
}

const GNU_TIME = '/usr/bin/time';
export const rssMethod = existsSync(GNU_TIME) ? 'GNU time %M' : 'process.resourceUsage().maxRSS preload';
const preload = new URL('./max-rss-preload.cjs', import.meta.url).pathname;

export async function measure(command: string, args: string[], options: { stdoutFile?: string; env?: NodeJS.ProcessEnv; timeoutSeconds?: number } = {}): Promise<Measured> {
  const timeFile = join(tmpdir(), `whydiff-bench-time-${process.pid}-${Date.now()}`);
  let cmd = command;
  let argv = args;
  if (existsSync(GNU_TIME)) {
    cmd = GNU_TIME;
    argv = ['-f', '%M %U %S', '-o', timeFile, command, ...args];
  } else if (command === process.execPath) {
    argv = ['--require', preload, ...args];
  }
  const out = options.stdoutFile !== undefined ? openSync(options.stdoutFile, 'w') : 'ignore';
  const started = performance.now();
  // Its own process group, so that a run past the timeout is killed with its children (bzip2...).
  const child = spawn(cmd, argv, { stdio: ['ignore', out, 'pipe'], detached: true, env: { ...process.env, ...options.env, WHYDIFF_BENCH_RSS_FILE: timeFile } });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }, (options.timeoutSeconds ?? 600) * 1000);
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (t: string) => (stderr += t));
  const exitCode = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearTimeout(timer);
  const seconds = (performance.now() - started) / 1000;
  if (typeof out === 'number') closeSync(out);
  let rssMB: number | null = null;
  let cpuSeconds: number | null = null;
  if (existsSync(timeFile)) {
    const last = readFileSync(timeFile, 'utf8').trim().split('\n').pop() ?? '';
    // A last line that is not figures (GNU time's "Command terminated by signal 9") leaves them
    // null; the preload writes the RSS alone.
    const figures = /^(\d+)(?: ([\d.]+) ([\d.]+))?$/.exec(last);
    if (figures !== null) {
      rssMB = (Number(figures[1]) * 1024) / 1e6;
      if (figures[2] !== undefined) cpuSeconds = Number(figures[2]) + Number(figures[3]);
    }
    rmSync(timeFile, { force: true });
  }
  return { seconds, rssMB, cpuSeconds, exitCode, timedOut, stderr: stderr.slice(0, 4000) };
}
