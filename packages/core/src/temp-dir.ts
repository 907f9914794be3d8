/**
 * The one private temporary directory whydiff writes to (nested archives too large to hold in
 * memory). Created on first use with mode 0700, removed on exit, on error and on SIGINT/SIGTERM.
 * Nothing is ever written outside it, and no file in it is named after a member.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let dir: string | null = null;
let counter = 0;

function removeNow(): void {
  if (dir !== null) {
    rmSync(dir, { recursive: true, force: true });
    dir = null;
  }
}

function onSignal(signal: NodeJS.Signals): void {
  removeNow();
  // Re-raise with the default action so the exit status says which signal ended us.
  process.removeListener(signal, onSignal);
  process.kill(process.pid, signal);
}

/** A fresh file name inside the private temporary directory. */
export function tempFile(suffix = '.bin'): string {
  if (dir === null) {
    dir = mkdtempSync(join(tmpdir(), 'whydiff-'));
    process.once('exit', removeNow);
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  }
  counter += 1;
  return join(dir, `${counter}${suffix}`);
}

/** Remove the directory now (the CLI calls this when a run ends; it is recreated if needed). */
export function removeTempDir(): void {
  removeNow();
  process.removeListener('exit', removeNow);
  process.removeListener('SIGINT', onSignal);
  process.removeListener('SIGTERM', onSignal);
}

/** The directory's path, or null when none was made (tests check it is gone). */
export function tempDirPath(): string | null {
  return dir;
}
