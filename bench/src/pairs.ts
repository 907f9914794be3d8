/**
 * The bench's artifact pairs (generated once, cached by a hash of the generator and its parameters)
 * and how a whydiff bin is run: what run.ts (the table) and ab.ts (two builds in turn) share.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TreeParams } from './tree.js';

export const benchDir = dirname(dirname(fileURLToPath(import.meta.url)));
export const repo = dirname(benchDir);
/** This checkout's CLI. */
export const cli = join(repo, 'apps/cli/bin/whydiff.js');

export type PairKind = 'tar.gz' | 'zip' | 'tar.bz2';

/** Build this checkout's CLI (apps/cli/bundle); if that fails, the last build is measured, with a warning. */
export function buildCli(): void {
  const build = spawnSync(process.execPath, ['apps/cli/scripts/build.mjs'], { cwd: repo, stdio: 'inherit' });
  if (build.status !== 0) {
    if (!existsSync(join(repo, 'apps/cli/bundle/whydiff.js'))) throw new Error('the CLI does not build and there is no earlier build in apps/cli/bundle');
    console.warn('warning: apps/cli/scripts/build.mjs failed; measuring the CLI as last built in apps/cli/bundle');
  }
}

/** The node flags a bin's shebang line gives (`#!/usr/bin/env -S node --flag`): measured as users run it. */
export function binFlags(bin: string): string[] {
  return (/^#!.*\bnode\b(.*)$/.exec(readFileSync(bin, 'utf8').split('\n')[0] ?? '')?.[1] ?? '').trim().split(/\s+/).filter(Boolean);
}

/** The cache key: the parameters and the source of every file that shapes the bytes. */
function cacheKey(params: TreeParams): string {
  const hash = createHash('sha256').update(JSON.stringify(params));
  for (const f of ['prng.ts', 'tree.ts', 'content.ts', 'tar-stream.ts', 'zip-stream.ts', 'generate-side.ts', 'sink.ts']) hash.update(readFileSync(join(benchDir, 'src', f)));
  hash.update(execFileSync('bzip2', ['--help'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).toString().split('\n')[0] ?? '');
  return hash.digest('hex').slice(0, 16);
}

/** The directory that holds a.tar.gz, b.tar.gz, a.zip ... of this size, generated if it is not cached. */
export async function ensureGenerated(params: TreeParams): Promise<string> {
  const dir = join(benchDir, 'cache', `x${params.scale}-${cacheKey(params)}`);
  const files = ['a', 'b'].flatMap((s) => ['tar.gz', 'zip', 'tar.bz2'].map((e) => join(dir, `${s}.${e}`)));
  if (files.every((f) => existsSync(f))) return dir;
  mkdirSync(dir, { recursive: true });
  process.stdout.write(`generating ×${params.scale} in ${dir} ... `);
  const started = performance.now();
  const gen = join(benchDir, 'src', 'generate-side.ts');
  await Promise.all(['a', 'b'].map((side) => new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', gen, JSON.stringify(params), side, dir], { cwd: benchDir, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`generator for ${side} exited ${code}`))));
  })));
  console.log(`${((performance.now() - started) / 1000).toFixed(1)} s`);
  return dir;
}
