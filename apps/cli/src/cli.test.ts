/**
 * The command line as a user meets it: what is printed, on which stream, and the exit status.
 * main() runs in-process with captured output.
 */
import { beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { readFileSync, rmSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixturePath, generateAll } from '../../../test-fixtures/src/generate.js';
import { validateReport } from '../../../packages/core/src/report-schema.js';
import { main } from './main.js';

async function run(...argv: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const status = await main(argv, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) });
  return { status, stdout, stderr };
}

beforeAll(async () => {
  await generateAll();
}, 60_000);

describe('whydiff ls', () => {
  it('prints one JSON object per entry with exactly the documented names, nested paths joined with !/', async () => {
    const { status, stdout, stderr } = await run('ls', '--json', fixturePath('tar/nested/a.tar.gz'));
    expect(status).toBe(0);
    expect(stderr).toBe('');
    const lines = stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l.path)).toContain('release/dist/inner.tar.gz!/acme-tool/src/acme/util.py');
    const util = lines.find((l) => l.path === 'release/dist/inner.tar.gz!/acme-tool/src/acme/util.py')!;
    expect(Object.keys(util)).toEqual(['path', 'type', 'mode', 'uid', 'gid', 'uname', 'gname', 'mtime', 'size', 'linkTarget', 'sha256', 'format', 'raw']);
    expect(util).toMatchObject({ type: 'file', mode: 0o644, uid: 1000, gid: 1000, uname: 'builder', gname: 'builder', mtime: 1700000000, size: 83, linkTarget: null, format: 'tar/ustar' }); // a pax writer needs no pax header here
    expect(util.sha256).toMatch(/^[0-9a-f]{64}$/);
    const link = lines.find((l) => l.path === 'release/dist/inner.tar.gz!/acme-tool/bin/acme-cli')!;
    expect(link).toMatchObject({ type: 'symlink', linkTarget: 'acme', sha256: null });
  });

  it('prints a tar tvf style listing with a header per level', async () => {
    const { status, stdout } = await run('ls', fixturePath('tar/nested/a.tar.gz'));
    expect(status).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[0]).toBe(`# ${fixturePath('tar/nested/a.tar.gz')}: tar.gz`);
    expect(lines).toContain('# release/dist/inner.tar.gz: tar.gz');
    expect(lines).toContain('lrwxrwxrwx builder/builder        0 2023-11-14T22:13:20Z release/dist/inner.tar.gz!/acme-tool/bin/acme-cli -> acme');
  });

  it('shows each .pyc header field of an egg in raw', async () => {
    const { stdout } = await run('ls', '--json', fixturePath('egg/mtimes/a.egg'));
    const pyc = stdout.trimEnd().split('\n').map((l) => JSON.parse(l)).find((l) => String(l.path).endsWith('.pyc'));
    expect(pyc.raw.pyc).toMatchObject({ pythonVersion: '3.11', kind: 'timestamp', sourceMtime: 1700000000 });
    expect(pyc.raw.pyc.codeSha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('ends a truncated archive with one line naming the file, the offset and what is wrong, exit 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'whydiff-cli-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const cut = join(dir, 'cut.tar');
    writeFileSync(cut, readFileSync(fixturePath('tar/plain/a.tar')).subarray(0, 700));
    const { status, stdout, stderr } = await run('ls', cut);
    expect(status).toBe(2);
    expect(stdout).toContain('acme-tool/'); // what was read is listed
    expect(stderr).toBe(`whydiff: ${cut}: offset 512: tar: unexpected end of data in a header; the file is truncated\n`);
  });

  it('names a missing file in one line, exit 2', async () => {
    const { status, stderr } = await run('ls', '/nonexistent/x.tar');
    expect(status).toBe(2);
    expect(stderr).toBe('whydiff: /nonexistent/x.tar: no such file\n');
  });
});

describe('whydiff A B', () => {
  it('--json prints a report that validates against the published schema, exit 1 when they differ', async () => {
    const { status, stdout } = await run('--json', fixturePath('tar/member-mtimes/a.tar.gz'), fixturePath('tar/member-mtimes/b.tar.gz'));
    expect(status).toBe(1);
    const report = JSON.parse(stdout);
    expect(Object.keys(report)[0]).toBe('schema');
    expect(report.schema).toBe('whydiff.report/1');
    expect(validateReport(report)).toEqual([]);
    expect(report.causes.map((c: { category: string; where?: string }) => `${c.category}/${c.where}`)).toEqual(['timestamp/entry-mtime']);
  });

  it('folds members whose differences repeat those of the first three listed; --all-members lists every one', async () => {
    const pair = [fixturePath('tar/member-mtimes/a.tar.gz'), fixturePath('tar/member-mtimes/b.tar.gz')];
    const folded = JSON.parse((await run('--json', ...pair)).stdout);
    expect(folded.differences.map((n: { path: string }) => n.path)).toEqual(['acme-tool/', 'acme-tool/LICENSE', 'acme-tool/README.md']);
    expect(folded.stats).toMatchObject({ differing: 16, folded: 13 });
    expect(folded.causes[0].paths).toHaveLength(16);
    const full = JSON.parse((await run('--json', '--all-members', ...pair)).stdout);
    expect(full.differences).toHaveLength(16);
    expect(full.stats.folded).toBeUndefined();
    expect(full.causes).toEqual(folded.causes);
    expect(full.differences.slice(0, 3)).toEqual(folded.differences);
    const text = (await run('--text', ...pair)).stdout;
    expect(text).toContain('Differences (3 members)');
    expect(text).toContain('  … 13 more members differ in the same way as members listed (folded: their paths are under their causes)\n');
    expect((await run('--markdown', ...pair)).stdout).toContain('…and 13 more members differ in the same way as members listed (folded: their paths are under their causes).');
  });

  it('shows a binary difference as hex rows with their ASCII, as the differ wrote them, in text and markdown', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'whydiff-cli-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const a = Uint8Array.from({ length: 64 }, (_, i) => i);
    const b = a.slice();
    b[0x25] = 0xff;
    writeFileSync(join(dir, 'a.bin'), a);
    writeFileSync(join(dir, 'b.bin'), b);
    const rows = [
      '- 00000010  10 11 12 13 14 15 16 17 18 19 1a 1b 1c 1d 1e 1f  ................',
      '+ 00000010  10 11 12 13 14 15 16 17 18 19 1a 1b 1c 1d 1e 1f  ................',
      '- 00000020  20 21 22 23 24 25 26 27 28 29 2a 2b 2c 2d 2e 2f   !"#$%&\'()*+,-./',
      '+ 00000020  20 21 22 23 24 ff 26 27 28 29 2a 2b 2c 2d 2e 2f   !"#$.&\'()*+,-./',
      '- 00000030  30 31 32 33 34 35 36 37 38 39 3a 3b 3c 3d 3e 3f  0123456789:;<=>?',
      '+ 00000030  30 31 32 33 34 35 36 37 38 39 3a 3b 3c 3d 3e 3f  0123456789:;<=>?',
    ];
    const text = await run('--text', '--no-color', join(dir, 'a.bin'), join(dir, 'b.bin'));
    expect(text.stdout.split('\n').map((l) => l.trim())).toEqual(expect.arrayContaining(['binary: 1 region differs', '@@ offset 16 (0x10)', ...rows]));
    const markdown = await run('--markdown', join(dir, 'a.bin'), join(dir, 'b.bin'));
    expect(markdown.stdout).toContain(rows.join('\n'));
  });

  it('says of a .pyc written with other reference flags that its code objects are the same, in text and markdown; --ignore pyc-refs then answers 0', async () => {
    const pair = [fixturePath('cause/pyc-refs/a.tar.gz'), fixturePath('cause/pyc-refs/b.tar.gz')];
    const text = await run('--text', '--no-color', ...pair);
    expect(text.status).toBe(1);
    const lines = text.stdout.split('\n');
    const at = lines.findIndex((l) => l.trim().startsWith('~ acme-2.0/__pycache__/acme.cpython.pyc'));
    expect(lines.slice(at, at + 3).map((l) => l.trim())).toEqual([
      '~ acme-2.0/__pycache__/acme.cpython.pyc  [pyc (marshal refs)]',
      'also differ, following from these: sha256, raw.pyc.codeSha256',
      "code: differs in its bytes only: the same objects, other reference flags (marshal's FLAG_REF)",
    ]);
    const markdown = await run('--markdown', ...pair);
    expect(markdown.stdout).toContain("Code: differs in its bytes only: the same objects, other reference flags (marshal's FLAG_REF).");
    expect(markdown.stdout).not.toContain('| pyc header | a | b |');
    expect((await run('--text', '--ignore', 'pyc-refs', ...pair)).status).toBe(0);
  });

  it('exits 0 on identical artifacts and says so', async () => {
    const { status, stdout } = await run('--text', fixturePath('cause/identical/a.tar.gz'), fixturePath('cause/identical/b.tar.gz'));
    expect(status).toBe(0);
    expect(stdout).toMatch(/identical/);
  });

  it('--ignore timestamp answers "the same apart from times?" with exit 0', async () => {
    const { status } = await run('--text', '--ignore', 'timestamp', fixturePath('tar/member-mtimes/a.tar.gz'), fixturePath('tar/member-mtimes/b.tar.gz'));
    expect(status).toBe(0);
  });

  it('rejects an unknown --ignore category as a usage error, exit 2', async () => {
    const { status, stderr } = await run('--ignore', 'mtime', 'a', 'b');
    expect(status).toBe(2);
    expect(stderr).toContain('expected one of timestamp, permissions');
  });

  it('--markdown writes a causes table; -o writes the report to a file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'whydiff-cli-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const out = join(dir, 'report.md');
    const { status, stdout } = await run('--markdown', '-o', out, fixturePath('tar/umask/a.tar.gz'), fixturePath('tar/umask/b.tar.gz'));
    expect(status).toBe(1);
    expect(stdout).toBe('');
    const markdown = readFileSync(out, 'utf8');
    expect(markdown).toMatch(/\| permissions \|/);
    expect(markdown).toContain('umask 022');
  });

  it('--demo compares the bundled pair, names its causes with their fixes, and exits 0', async () => {
    const { status, stdout } = await run('--demo', '--text');
    expect(status).toBe(0);
    expect(stdout).toContain('a: demo/a.tar.gz');
    expect(stdout).toContain('all 21 entries differ in their recorded modification time');
    expect(stdout).toContain('SOURCE_DATE_EPOCH');
    expect(stdout).toContain('/home/alice/build vs /builds/ci/42');
  });

  it('--version prints the version, exit 0', async () => {
    const { status, stdout } = await run('--version');
    expect(status).toBe(0);
    expect(stdout).toBe('0.1.0\n');
  });

  it('--help names the commands and options', async () => {
    const { status, stdout } = await run('--help');
    expect(status).toBe(0);
    for (const word of ['ls', '--json', '--markdown', '--exclude', '--ignore', '--all-members', '--max-depth', '--demo']) expect(stdout).toContain(word);
  });
});
