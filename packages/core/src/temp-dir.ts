/**
 * The one private temporary directory whydiff writes to (nested archives too large to hold in
 * memory). Created on first use with mode 0700, removed on exit, on error and on SIGINT/SIGTERM.
 * Nothing is ever written outside it, and no file in it is named after a member.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isMainThread, threadId } from 'node:worker_threads';

let dir: string | null = null;
let counter = 0;
/** In a worker thread: the directory belongs to the main thread, whose handlers remove it. */
let adopted = false;

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

/** The private temporary directory, made now if it does not exist yet (mode 0700). */
export function tempDirectory(): string {
  if (dir === null) {
    dir = mkdtempSync(join(tmpdir(), 'whydiff-'));
    process.once('exit', removeNow);
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  }
  return dir;
}

/**
 * In a worker thread: write into the main thread's directory. Worker threads get no signals, so
 * their files must live where the main thread's exit and signal handlers remove everything.
 */
export function adoptTempDir(path: string): void {
  dir = path;
  adopted = true;
}

/** A fresh file name inside the private temporary directory (threads never pick the same name). */
export function tempFile(suffix = '.bin'): string {
  const parent = tempDirectory();
  counter += 1;
  return join(parent, isMainThread ? `${counter}${suffix}` : `t${threadId}-${counter}${suffix}`);
}

/** Remove the directory now (the CLI calls this when a run ends; it is recreated if needed). */
export function removeTempDir(): void {
  if (adopted) {
    // The main thread's directory: its files from this thread were removed as each level ended.
    dir = null;
    adopted = false;
    return;
  }
  removeNow();
  process.removeListener('exit', removeNow);
  process.removeListener('SIGINT', onSignal);
  process.removeListener('SIGTERM', onSignal);
}

/** The directory's path, or null when none was made (tests check it is gone). */
export function tempDirPath(): string | null {
  return dir;
}
