import { describe, it, expect, beforeAll, onTestFinished } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile, copyFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixturePath, generateAll } from '../../../../test-fixtures/src/generate.js';
import { buildManifest, contentDigest, serializeManifest } from './build.js';
import { parseChecksums, parseManifest } from './parse.js';
import { validateManifest } from './manifest-schema.js';
import type { ManifestMember } from './model.js';

beforeAll(async () => {
  await generateAll();
}, 60_000);

describe('buildManifest', () => {
  it('records every member at every level in archive order, a nested archive\'s members right after it', async () => {
    const m = await buildManifest([fixturePath('tar/nested/a.tar.gz')]);
    const a = m.artifacts[0]!;
    expect(a.name).toBe('a.tar.gz');
    expect(a.format).toBe('tar.gz');
    expect(a.size).toBe((await readFile(fixturePath('tar/nested/a.tar.gz'))).byteLength);
    // Fingerprinted as the walk read it: the file's own sha256.
    expect(a.sha256).toBe(createHash('sha256').update(await readFile(fixturePath('tar/nested/a.tar.gz'))).digest('hex'));
    expect(a.levels).toEqual([
      { container: '', format: 'tar.gz' },
      { container: 'release/dist/inner.tar.gz!/', format: 'tar.gz' },
    ]);
    expect(a.members.slice(0, 6).map((x) => x.path)).toEqual([
      'release/',
      'release/NOTES.txt',
      'release/dist/',
      'release/dist/inner.tar.gz',
      'release/dist/inner.tar.gz!/acme-tool/',
      'release/dist/inner.tar.gz!/acme-tool/LICENSE',
    ]);
    expect(a.members[1]).toEqual({
      path: 'release/NOTES.txt', type: 'file', size: 25, sha256: '700609574175c5d96301ceca2a9942aa5b2fa0c1750df53279f06a7693e1a6a3',
      linkTarget: null, mode: 0o644, uid: 1000, gid: 1000, uname: 'builder', gname: 'builder', mtime: 1700000000, format: 'tar/ustar',
    });
    expect(a.members.find((x) => x.path.endsWith('bin/acme-cli'))).toMatchObject({ type: 'symlink', linkTarget: 'acme', sha256: null });
  });

  it('gives the same bytes for the same artifact, whatever its directory; valid against manifest.schema.json', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'whydiff-manifest-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    await copyFile(fixturePath('zip/dos-time/a.zip'), join(dir, 'a.zip'));
    const first = serializeManifest(await buildManifest([fixturePath('tar/nested/a.tar.gz'), fixturePath('zip/dos-time/a.zip')]));
    const again = serializeManifest(await buildManifest([fixturePath('tar/nested/a.tar.gz'), join(dir, 'a.zip')]));
    expect(again).toBe(first);
    const parsed = JSON.parse(first) as unknown;
    expect(validateManifest(parsed)).toEqual([]);
    expect(Object.keys(parsed as object)[0]).toBe('schema');
    expect(parseManifest(first)).toEqual(parsed);
    // One member a line: a manifest diffs well.
    expect(first.split('\n').filter((l) => l.startsWith('        {"path":'))).toHaveLength(
      (parsed as { artifacts: { members: unknown[] }[] }).artifacts.reduce((n, a) => n + a.members.length, 0),
    );
  });

  it('has a content digest that ignores times, modes, owners, order and compression but not content', async () => {
    const digest = async (name: string) => (await buildManifest([fixturePath(name)])).artifacts[0]!.contentDigest;
    const base = await digest('tar/member-mtimes/a.tar.gz');
    for (const same of ['tar/member-mtimes/b.tar.gz', 'tar/umask/b.tar.gz', 'tar/owner/b.tar.gz', 'tar/order/b.tar.gz', 'tar/gzip-level/b.tar.gz', 'tar/member-mtimes/b.tar.bz2', 'tar/format/b.tar.gz']) {
      expect(await digest(same), same).toBe(base);
    }
    for (const other of ['tar/content/b.tar.gz', 'tar/symlink-target/b.tar.gz', 'tar/file-type/b.tar.gz', 'tar/added-removed/b.tar.gz']) {
      expect(await digest(other), other).not.toBe(base);
    }
  });

  it('computes the digest as documented: sorted `path TAB type TAB what` lines, NFC paths, escapes', () => {
    const member = (path: string, type: string, sha256: string | null, linkTarget: string | null = null): ManifestMember => ({
      path, type, size: 0, sha256, linkTarget, mode: 0o644, uid: null, gid: null, uname: null, gname: null, mtime: null, format: 'tar/pax',
    });
    const members = [member('b\tc', 'file', 'ab'.repeat(32)), member('cafe\u0301', 'symlink', null, 'x'), member('in.tgz', 'file', 'cd'.repeat(32)), member('in.tgz!/d/', 'dir', null)];
    const levels = [{ container: '', format: 'tar' }, { container: 'in.tgz!/', format: 'tar.gz' }];
    const text = `b\\tc\tfile\t${'ab'.repeat(32)}\ncafé\tsymlink\tx\nin.tgz\tfile\tarchive\nin.tgz!/d/\tdir\t\n`;
    const expected = createHash('sha256').update(Buffer.from(text, 'utf8')).digest('hex');
    expect(contentDigest(members, levels)).toBe(expected);
    expect(contentDigest([...members].reverse(), levels)).toBe(expected);
  });

  it('records a file that is no archive as its one member', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'whydiff-manifest-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    await writeFile(join(dir, 'notes.txt'), 'hello\n');
    const a = (await buildManifest([join(dir, 'notes.txt')])).artifacts[0]!;
    expect(a.format).toBe('file');
    expect(a.members.map((x) => [x.path, x.type, x.sha256])).toEqual([['notes.txt', 'file', '5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03']]);
  });

  it('refuses two artifacts with the same file name and a directory', async () => {
    await expect(buildManifest([fixturePath('tar/content/a.tar.gz'), fixturePath('tar/owner/a.tar.gz')])).rejects.toThrow(
      /have the same file name "a\.tar\.gz"; verify finds artifacts by file name/,
    );
    await expect(buildManifest([fixturePath('tar')])).rejects.toMatchObject({ code: 'MANIFEST_DIRECTORY' });
  });
});

describe('buildManifest with names (an artifact whose path says nothing: a pipe, standard input)', () => {
  it('records the artifact under the name given, with the same fingerprints as the file', async () => {
    const file = fixturePath('tar/nested/a.tar.gz');
    const dir = await mkdtemp(join(tmpdir(), 'whydiff-manifest-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    // A path whose base name is not the artifact's.
    const anonymous = join(dir, 'upload-7f3a');
    await copyFile(file, anonymous);
    const named = await buildManifest([anonymous], { names: new Map([[anonymous, 'a.tar.gz']]) });
    expect(serializeManifest(named)).toBe(serializeManifest(await buildManifest([file])));
  });

  it('names the artifact by the name given when it collides with another', async () => {
    const other = fixturePath('tar/owner/a.tar.gz');
    await expect(buildManifest([fixturePath('tar/content/b.tar.gz'), other], { names: new Map([[fixturePath('tar/content/b.tar.gz'), 'a.tar.gz']]) })).rejects.toThrow(
      `manifest: a.tar.gz and ${other} have the same file name "a.tar.gz"`,
    );
  });
});

describe('parsing what verify checks against', () => {
  it('says what is wrong with a manifest', () => {
    expect(() => parseManifest('{"schema":"whydiff.report/1"}', 'm.json')).toThrow('m.json: expected "schema": "whydiff.manifest/1", found "whydiff.report/1"');
    expect(() => parseManifest('{"schema":"whydiff.manifest/1","artifacts":[{"name":"x.zip","sha256":"AB","size":1}]}', 'm.json')).toThrow(
      'm.json: x.zip: expected "sha256" as 64 lower-case hex digits, found "AB"',
    );
    expect(() => parseManifest('{', 'm.json')).toThrow(/^m\.json: not valid JSON/);
  });

  it('reads sha256sum (text and binary mode) and BSD lines', () => {
    const h = 'AB'.repeat(32);
    expect(parseChecksums(`${h}  dist/x.tar.gz\n${'cd'.repeat(32)} *y.zip\nSHA256 (z.whl) = ${'ef'.repeat(32)}\n`).checksums).toEqual([
      { name: 'dist/x.tar.gz', sha256: 'ab'.repeat(32), size: null },
      { name: 'y.zip', sha256: 'cd'.repeat(32), size: null },
      { name: 'z.whl', sha256: 'ef'.repeat(32), size: null },
    ]);
    expect(() => parseChecksums('hello world\n', 'SUMS')).toThrow('SUMS: line 1: expected a whydiff manifest (JSON) or sha256sum lines "HEX  NAME", found "hello world"');
  });
});
