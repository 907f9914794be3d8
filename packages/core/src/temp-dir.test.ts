/**
 * The private temporary directory: made on first use (mode 0700), removed when the run ends, on
 * error exits, and on SIGINT/SIGTERM with the signal's own exit status.
 */
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { removeTempDir, tempDirPath, tempFile } from './temp-dir.js';

const tempDirModule = fileURLToPath(new URL('./temp-dir.ts', import.meta.url));

/** A child that makes a temp file, says where, then waits to be signalled (or exits with an error). */
function child(then: 'wait' | 'throw'): Promise<{ dir: string; code: number | null; signal: NodeJS.Signals | null; kill: (s: NodeJS.Signals) => void; done: Promise<{ code: number | null; signal: NodeJS.Signals | null }> }> {
  const script = `
    import { tempFile, tempDirPath } from ${JSON.stringify(tempDirModule)};
    import { writeFileSync } from 'node:fs';
    writeFileSync(tempFile(), 'spilled member');
    console.log(tempDirPath());
    ${then === 'wait' ? 'setInterval(() => {}, 1000);' : "throw new Error('boom');"}
  `;
  // node itself (not the tsx CLI, which would relay the signal as an exit code), with tsx's loader for the .ts import.
  const proc = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '--eval', script], { stdio: ['ignore', 'pipe', 'pipe'] });
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal })));
  return new Promise((resolve) => {
    let out = '';
    proc.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve({ dir: out.trim(), code: null, signal: null, kill: (s) => proc.kill(s), done });
    });
    void done.then(({ code, signal }) => resolve({ dir: out.trim(), code, signal, kill: () => undefined, done }));
  });
}

describe('the private temporary directory', () => {
  it('is made on first use with mode 0700 and removed by removeTempDir', () => {
    const file = tempFile();
    writeFileSync(file, 'x');
    const dir = tempDirPath()!;
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    removeTempDir();
    expect(existsSync(dir)).toBe(false);
    expect(tempDirPath()).toBeNull();
  });

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`is removed when the process gets ${signal}, which still ends it`, async () => {
      const run = await child('wait');
      expect(existsSync(run.dir)).toBe(true);
      run.kill(signal);
      const { signal: ended } = await run.done;
      expect(ended).toBe(signal);
      expect(existsSync(run.dir)).toBe(false);
    }, 20_000);
  }

  it('is removed when the process dies of an error', async () => {
    const run = await child('throw');
    const { code } = await run.done;
    expect(code).not.toBe(0);
    expect(run.dir).not.toBe('');
    expect(existsSync(run.dir)).toBe(false);
  }, 20_000);
});
