/**
 * The built command (bin/whydiff.js, the bundle) as a shell runs it: on artifacts large enough to be
 * read in side workers, the ones its entry started before the rest loaded (prestart, core's
 * worker-spares.ts), two for two zips and one for two tar.gz; and an artifact piped in as `-`. The
 * report is the one main() gives in this thread.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeGzip } from '../../../test-fixtures/src/gzip-writer.js';
import { writeTar } from '../../../test-fixtures/src/tar-writer.js';
import { writeZip } from '../../../test-fixtures/src/zip-writer.js';
import { INLINE_MAX_BYTES } from '../../../packages/core/src/worker-spares.js';
import { main } from './main.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const bin = join(root, 'apps/cli/bin/whydiff.js');
let dir = '';

/** Bytes that do not compress (an xorshift stream from `seed`): the archives stay larger than INLINE_MAX_BYTES. */
function noise(size: number, seed: number): Uint8Array {
  const out = new Uint8Array(size);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

/** Three members of 512 KiB; the rebuild's second member differs in content and every time differs. */
function members(rebuild: boolean): Array<{ path: string; content: Uint8Array; mtime: number }> {
  const mtime = rebuild ? 1_700_003_600 : 1_700_000_000;
  return [0, 1, 2].map((i) => ({ path: `lib/part${i}.bin`, content: noise(512 * 1024, i + 1 + (rebuild && i === 1 ? 100 : 0)), mtime }));
}

beforeAll(() => {
  execFileSync(process.execPath, ['apps/cli/scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
  dir = mkdtempSync(join(tmpdir(), 'whydiff-bin-'));
  for (const [side, rebuild] of [['a', false], ['b', true]] as const) {
    writeFileSync(join(dir, `${side}.zip`), writeZip(members(rebuild).map((m) => ({ name: m.path, data: m.content, mtime: m.mtime }))));
    writeFileSync(join(dir, `${side}.tar.gz`), writeGzip(writeTar(members(rebuild))));
  }
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** main() in this thread (the sources walk every side here), its JSON report. */
async function inProcess(a: string, b: string): Promise<string> {
  let stdout = '';
  await main(['--json', a, b], { stdout: (t) => void (stdout += t), stderr: () => undefined });
  return stdout;
}

/** A JSON report without what differs from run to run. */
const steady = (json: string) => ({ ...JSON.parse(json), stats: { ...JSON.parse(json).stats, seconds: 0 } });

describe('the built command, with side workers started first', () => {
  it.each(['zip', 'tar.gz'])('compares two .%s larger than the main thread reads itself as main() does here', async (ext) => {
    const [a, b] = [join(dir, `a.${ext}`), join(dir, `b.${ext}`)];
    const run = spawnSync(process.execPath, [bin, '--json', a, b], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(1);
    const report = steady(run.stdout);
    expect(report.a.size).toBeGreaterThan(INLINE_MAX_BYTES);
    expect(report.causes.map((c: { category: string; paths: string[] }) => [c.category, c.paths])).toContainEqual(['content', ['lib/part1.bin']]);
    expect(report).toEqual(steady(await inProcess(a, b)));
  });
});

describe('an artifact piped in as -', () => {
  /** The built command with `stdin` piped in. */
  const piped = (stdin: Uint8Array | string, ...argv: string[]) => spawnSync(process.execPath, [bin, ...argv], { input: stdin, encoding: 'utf8' });

  it('compares standard input with a file as the two files, naming it -', async () => {
    const [a, b] = [join(dir, 'a.zip'), join(dir, 'b.zip')];
    const run = piped(readFileSync(a), '--json', '-', b);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(1);
    const fromFiles = steady(await inProcess(a, b));
    expect(steady(run.stdout)).toEqual({ ...fromFiles, a: { ...fromFiles.a, name: '-' } });
  });

  it('lists standard input (ls -) as the file', async () => {
    const a = join(dir, 'a.tar.gz');
    const run = piped(readFileSync(a), 'ls', '--json', '-');
    expect(run.status).toBe(0);
    let listed = '';
    await main(['ls', '--json', a], { stdout: (t) => void (listed += t), stderr: () => undefined });
    expect(run.stdout).toBe(listed);
  });

  it('verifies standard input against a published sha256 (verify -)', () => {
    const bytes = readFileSync(join(dir, 'b.tar.gz'));
    const run = piped(bytes, 'verify', '-', '--sha256', createHash('sha256').update(bytes).digest('hex'));
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`-: matches - in --sha256 (sha256 ${createHash('sha256').update(bytes).digest('hex')}, ${bytes.byteLength} bytes)`);
  });

  it('writes the manifest of standard input under --name, the same bytes as of the file (manifest -)', async () => {
    const a = join(dir, 'a.tar.gz');
    const run = piped(readFileSync(a), 'manifest', '-', '--name', 'a.tar.gz');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    let fromFile = '';
    await main(['manifest', a], { stdout: (t) => void (fromFile += t), stderr: () => undefined });
    expect(run.stdout).toBe(fromFile);
  });

  it('asks for --name with manifest -, and refuses --name without -: one line, exit 2', () => {
    const bytes = readFileSync(join(dir, 'a.tar.gz'));
    expect(piped(bytes, 'manifest', '-')).toMatchObject({
      status: 2,
      stdout: '',
      stderr: 'whydiff: manifest: the artifact read from standard input (-) needs the file name to record: --name NAME (verify finds artifacts by file name)\n',
    });
    expect(piped('', 'manifest', join(dir, 'a.tar.gz'), '--name', 'x.tar.gz')).toMatchObject({
      status: 2,
      stdout: '',
      stderr: 'whydiff: manifest: --name names the artifact read from standard input (-); the others are recorded under their own file names\n',
    });
  });

  it('refuses - for both sides: one line, exit 2', () => {
    const run = piped('', '-', '-');
    expect([run.status, run.stdout, run.stderr]).toEqual([2, '', 'whydiff: only one artifact can be read from standard input (-)\n']);
  });
});
