/**
 * Inputs read from a pipe (`whydiff <(curl …) <(curl …)`): compare, walkArtifact (ls), buildManifest
 * and verify read them as they read the files the pipes carry, copy them only into the private
 * temporary directory, and leave no copy behind. Before, a pipe was hashed and then walked empty:
 * two different archives were reported as holding the same content.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { LimitExceededError } from '@whydiff/formats/errors';
import { fixturePath, generateAll } from '../../../test-fixtures/src/generate.js';
import { compare } from './compare.js';
import { buildManifest, serializeManifest } from './manifest/build.js';
import { verify } from './manifest/verify.js';
import type { Report } from './report-model.js';
import { seekableInput } from './seekable-input.js';
import { tempDirPath } from './temp-dir.js';
import { walkArtifact } from './walk.js';

let dir = '';
let made = 0;

beforeAll(async () => {
  await generateAll();
  dir = mkdtempSync(join(tmpdir(), 'whydiff-pipes-'));
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * A named pipe called `name` (in a directory of its own) that hands `bytes` to its first reader,
 * as a shell's `<(cat file)` does. `written` settles when the reader has taken them (or has gone).
 */
function pipeOf(name: string, bytes: Uint8Array): { path: string; written: Promise<unknown> } {
  made += 1;
  const parent = join(dir, String(made));
  execFileSync('mkdir', [parent]);
  const path = join(parent, name);
  execFileSync('mkfifo', [path]);
  return { path, written: writeFile(path, bytes).catch((error: unknown) => error) };
}

function pipeOfFixture(fixture: string): { path: string; written: Promise<unknown> } {
  return pipeOf(basename(fixture), readFileSync(fixturePath(fixture)));
}

/** A report without what differs from run to run (the time it took). */
function steady(report: Report): Report {
  return { ...report, stats: { ...report.stats, seconds: 0 } };
}

/** Copies of inputs left in the private temporary directory. */
function copiesLeft(): string[] {
  const temp = tempDirPath();
  return temp === null || !existsSync(temp) ? [] : readdirSync(temp).filter((name) => name.endsWith('.input'));
}

describe('inputs that are pipes', () => {
  it.each([
    ['cause/three-levels', 'tar.gz'],
    ['zip/dos-time', 'zip'],
    ['cause/plain-text', 'txt'],
  ])('compare reads %s (.%s) from two pipes as from the files', async (pair, ext) => {
    const [fileA, fileB] = [fixturePath(`${pair}/a.${ext}`), fixturePath(`${pair}/b.${ext}`)];
    const fromFiles = await compare(fileA, fileB);
    const a = pipeOfFixture(`${pair}/a.${ext}`);
    const b = pipeOfFixture(`${pair}/b.${ext}`);
    const fromPipes = await compare(a.path, b.path, { names: { a: fileA, b: fileB } });
    await Promise.all([a.written, b.written]);
    expect(steady(fromPipes)).toEqual(steady(fromFiles));
    expect(copiesLeft()).toEqual([]);
  });

  it('names each side by the path given, and a plain file by that path\'s name', async () => {
    const a = pipeOfFixture('cause/plain-text/a.txt');
    const b = pipeOfFixture('cause/plain-text/b.txt');
    const report = await compare(a.path, b.path);
    await Promise.all([a.written, b.written]);
    expect([report.a.name, report.b.name]).toEqual([a.path, b.path]);
    expect(report.differences.map((d) => d.path)).toEqual(['a.txt']);
    expect(report.contentIdentical).toBe(false);
  });

  it('lists a zip read from a pipe (walkArtifact, as `whydiff ls` does) as from its file', async () => {
    const listing = async (path: string) => {
      const rows: string[] = [];
      for await (const event of walkArtifact(path, { name: 'a.zip' })) if (event.kind === 'entry') rows.push(`${event.entry.path} ${event.entry.sha256}`);
      return rows;
    };
    const fromFile = await listing(fixturePath('zip/dos-time/a.zip'));
    const pipe = pipeOfFixture('zip/dos-time/a.zip');
    expect(await listing(pipe.path)).toEqual(fromFile);
    await pipe.written;
    expect(fromFile.length).toBeGreaterThan(1);
    expect(copiesLeft()).toEqual([]);
  });

  it('records the same manifest from a pipe, and verifies a pipe against it', async () => {
    const file = fixturePath('zip/dos-time/a.zip');
    const fromFile = serializeManifest(await buildManifest([file]));
    const pipe = pipeOfFixture('zip/dos-time/a.zip');
    const fromPipe = serializeManifest(await buildManifest([pipe.path]));
    await pipe.written;
    expect(fromPipe).toBe(fromFile);
    const again = pipeOfFixture('zip/dos-time/a.zip');
    const result = await verify(again.path, await buildManifest([file]));
    await again.written;
    expect(result.match).toBe(true);
    expect(copiesLeft()).toEqual([]);
  });

  it('refuses a stream longer than maxTotalBytes instead of filling the disk, and removes what it copied', async () => {
    const pipe = pipeOf('endless.tar', new Uint8Array(3 * 65536));
    const error = await compare(pipe.path, fixturePath('zip/dos-time/a.zip'), { limits: { maxTotalBytes: 65536 } }).catch((e: unknown) => e);
    await pipe.written;
    expect(error).toBeInstanceOf(LimitExceededError);
    expect((error as LimitExceededError).oneLine()).toBe(`${pipe.path}: offset 65536: reading a stream (not a file) to compare it: more than 65,536 bytes (--max-total-bytes)`);
    expect(copiesLeft()).toEqual([]);
  });

  it('reads files and directories in place', async () => {
    const file = fixturePath('zip/dos-time/a.zip');
    const [inPlace, directory] = [await seekableInput(file), await seekableInput(dir)];
    expect([inPlace.path, inPlace.copy, inPlace.stats.isFile(), inPlace.stats.size]).toEqual([file, null, true, statSync(file).size]);
    expect([directory.path, directory.copy, directory.stats.isDirectory()]).toEqual([dir, null, true]);
  });
});
