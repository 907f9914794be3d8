import { describe, it, expect, afterAll, beforeAll } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixturePath, generateAll } from '@whydiff/test-fixtures';
import type { Report } from '@whydiff/core';
import { manifestCommand } from './manifest-command.js';
import { verifyCommand, type VerifyCommandOptions } from './verify-command.js';
import type { Io } from './main.js';

function capture(): Io & { out: string; err: string } {
  const io = { out: '', err: '', stdout: (t: string) => void (io.out += t), stderr: (t: string) => void (io.err += t) };
  return io;
}

const text: VerifyCommandOptions = { format: 'text', color: false, limits: {} };
let dir = '';

beforeAll(async () => {
  await generateAll();
  dir = await mkdtemp(join(tmpdir(), 'whydiff-cli-verify-'));
}, 60_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('whydiff manifest a.tar.gz -o m.json && whydiff verify b.tar.gz m.json', () => {
  it('writes the manifest and exits 1 naming the member-level cause', async () => {
    const m = join(dir, 'm.json');
    expect(await manifestCommand([fixturePath('tar/member-mtimes/a.tar.gz')], { output: m, limits: {} }, capture())).toBe(0);
    expect(JSON.parse(await readFile(m, 'utf8'))).toMatchObject({ schema: 'whydiff.manifest/1', artifacts: [{ name: 'a.tar.gz', format: 'tar.gz' }] });
    const io = capture();
    expect(await verifyCommand(fixturePath('tar/member-mtimes/b.tar.gz'), m, text, io)).toBe(1);
    expect(io.out).toContain('timestamp [entry-mtime]');
    expect(io.out).toContain('all 16 entries differ in their recorded modification time: 2023-11-14 22:13:20 UTC vs 2023-11-14 23:13:20 UTC');
    expect(io.out.trimEnd().split('\n').at(-1)).toBe(
      `${fixturePath('tar/member-mtimes/b.tar.gz')}: does not match a.tar.gz in ${m}; the content was reproduced (the content digests agree): only metadata differs`,
    );
  });

  it('prints the manifest on stdout, the same bytes every time', async () => {
    const first = capture();
    const second = capture();
    await manifestCommand([fixturePath('tar/nested/a.tar.gz')], { limits: {} }, first);
    await manifestCommand([fixturePath('tar/nested/a.tar.gz')], { limits: {} }, second);
    expect(first.out).toBe(second.out);
    expect(first.out.startsWith('{\n  "schema": "whydiff.manifest/1",\n')).toBe(true);
  });

  it('exits 0 for the artifact the manifest was made from; --json gives the report', async () => {
    const m = join(dir, 'content.json');
    await manifestCommand([fixturePath('tar/content/a.tar.gz')], { output: m, limits: {} }, capture());
    expect(await verifyCommand(fixturePath('tar/content/a.tar.gz'), m, text, capture())).toBe(0);
    const io = capture();
    expect(await verifyCommand(fixturePath('tar/content/b.tar.gz'), m, { ...text, format: 'json' }, io)).toBe(1);
    const report = JSON.parse(io.out) as Report;
    expect(report.schema).toBe('whydiff.report/1');
    expect(report.contentIdentical).toBe(false);
    expect(report.causes.map((c) => [c.category, c.paths])).toEqual([['content', ['acme-tool/src/acme/util.py']]]);
  });

  it('checks --sha256 HEX --size N and says a member-level explanation needs a manifest', async () => {
    const bytes = await readFile(fixturePath('tar/owner/a.tar.gz'));
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    expect(await verifyCommand(fixturePath('tar/owner/a.tar.gz'), undefined, { ...text, sha256, size: bytes.byteLength }, capture())).toBe(0);
    const io = capture();
    expect(await verifyCommand(fixturePath('tar/owner/b.tar.gz'), undefined, { ...text, sha256, size: bytes.byteLength }, io)).toBe(1);
    expect(io.out).toContain('a member-level explanation needs a whydiff manifest');
  });

  it('refuses what it cannot check, with the code main turns into exit 2', async () => {
    await expect(verifyCommand(fixturePath('tar/owner/a.tar.gz'), undefined, text, capture())).rejects.toMatchObject({ code: 'USAGE' });
    await expect(verifyCommand(fixturePath('tar/owner/a.tar.gz'), undefined, { ...text, sha256: 'abc' }, capture())).rejects.toThrow('verify: --sha256 expects 64 hex digits, found "abc"');
    const m = join(dir, 'two.json');
    await manifestCommand([fixturePath('tar/nested/a.tar.gz'), fixturePath('zip/dos-time/a.zip')], { output: m, limits: {} }, capture());
    await expect(verifyCommand(fixturePath('tar/owner/b.tar.gz'), m, text, capture())).rejects.toMatchObject({ code: 'VERIFY_NO_ENTRY' });
  });
});
