import { describe, it, expect, beforeAll, onTestFinished } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixturePath, generateAll } from '../../../../test-fixtures/src/generate.js';
import { writeGzip } from '../../../../test-fixtures/src/gzip-writer.js';
import { writeTar } from '../../../../test-fixtures/src/tar-writer.js';
import { compare } from '../compare.js';
import type { Cause } from '../report-model.js';
import { validateReport } from '../report-schema.js';
import { buildManifest, serializeManifest } from './build.js';
import { parseManifest, readVerifyTarget } from './parse.js';
import { BEYOND_MANIFEST, verify } from './verify.js';

beforeAll(async () => {
  await generateAll();
}, 60_000);

const key = (c: Cause) => (c.where !== undefined ? `${c.category}/${c.where}` : c.category);
/** What the manifest can see of a cause: the same category, paths and scope as `whydiff a b`. */
const seen = (c: Cause) => ({ cause: key(c), paths: c.paths, count: c.count, allEntries: c.allEntries ?? false });

async function manifestThenVerify(pair: string, ext: string) {
  const manifest = parseManifest(serializeManifest(await buildManifest([fixturePath(`${pair}/a.${ext}`)])));
  const result = await verify(fixturePath(`${pair}/b.${ext}`), manifest, { manifestName: 'm.json', artifactName: `b.${ext}` });
  const direct = await compare(fixturePath(`${pair}/a.${ext}`), fixturePath(`${pair}/b.${ext}`));
  return { result, direct };
}

describe('verify against a manifest: the causes `whydiff a b` names, for every cause the manifest can see', () => {
  const cases: Array<[pair: string, ext: string, cause: string, contentIdentical: boolean]> = [
    ['tar/member-mtimes', 'tar.gz', 'timestamp/entry-mtime', true],
    ['tar/member-mtimes', 'tar.bz2', 'timestamp/entry-mtime', true],
    ['tar/umask', 'tar.gz', 'permissions', true],
    ['tar/owner', 'tar.gz', 'ownership', true],
    ['tar/order', 'tar.gz', 'entry-order', true],
    ['tar/format', 'tar.gz', 'container-metadata', true],
    ['tar/added-removed', 'tar.gz', 'added', false],
    ['tar/symlink-target', 'tar.gz', 'symlink-target', false],
    ['tar/file-type', 'tar.gz', 'file-type', false],
    ['tar/content', 'tar.gz', 'content', false],
    ['tar/content', 'tar.bz2', 'content', false],
    ['tar/nested', 'tar.gz', 'content', false],
    ['zip/dos-time', 'zip', 'timestamp/entry-mtime', true],
    ['zip/member-order', 'zip', 'entry-order', true],
    ['zip/external-attributes', 'zip', 'permissions', true],
    ['wheel/mtimes', 'whl', 'timestamp/entry-mtime', true],
    ['pkg/payload-mtimes', 'pkg', 'timestamp/entry-mtime', true],
    ['pkg/scripts-mode', 'pkg', 'permissions', true],
    ['pkg/member-order', 'pkg', 'entry-order', true],
    ['pkg/payload-content', 'pkg', 'content', false],
  ];
  it.each(cases)('%s (%s): %s', async (pair, ext, cause, contentIdentical) => {
    const { result, direct } = await manifestThenVerify(pair, ext);
    expect(result.match).toBe(false);
    expect(result.basis).toBe('manifest');
    expect(result.contentIdentical).toBe(contentIdentical);
    expect(result.report.contentIdentical).toBe(contentIdentical);
    expect(direct.contentIdentical).toBe(contentIdentical);
    expect(result.report.causes.map(seen)).toEqual(direct.causes.map(seen));
    expect(result.report.causes.map(key)).toEqual([cause]);
    expect(validateReport(result.report)).toEqual([]);
  });

  it('names every member for a timestamp on all entries, as compare does', async () => {
    const { result } = await manifestThenVerify('tar/member-mtimes', 'tar.gz');
    const [cause] = result.report.causes;
    expect(cause).toMatchObject({ category: 'timestamp', where: 'entry-mtime', count: 16, allEntries: true });
    expect(cause!.summary).toBe('all 16 entries differ in their recorded modification time: 2023-11-14 22:13:20 UTC vs 2023-11-14 23:13:20 UTC');
    expect(result.message).toBe('b.tar.gz: does not match a.tar.gz in m.json; the content was reproduced (the content digests agree): only metadata differs');
  });

  it('names the changed, added and moved paths exactly', async () => {
    const paths = async (pair: string) => (await manifestThenVerify(pair, 'tar.gz')).result.report.causes[0]!.paths;
    expect(await paths('tar/content')).toEqual(['acme-tool/src/acme/util.py']);
    expect(await paths('tar/added-removed')).toEqual(['acme-tool/src/acme/zz_debug.py']);
    expect(await paths('tar/symlink-target')).toEqual(['acme-tool/bin/acme-cli']);
    expect(await paths('tar/file-type')).toEqual(['acme-tool/bin/acme-cli']);
    expect(await paths('tar/nested')).toEqual(['release/dist/inner.tar.gz!/acme-tool/src/acme/__init__.py']);
  });

  it('says that how content differs is beyond what the manifest records, and shows no content', async () => {
    const { result } = await manifestThenVerify('tar/content', 'tar.gz');
    const [cause] = result.report.causes;
    expect(cause!.summary).toBe(
      '1 file differs in content (acme-tool/src/acme/util.py); the manifest records its sha256, not its bytes, so how it differs (a build path, an embedded time, a real change) is beyond what it records',
    );
    expect(cause!.remedy).toMatch(/^compare with the published artifact to see the differing bytes \(whydiff PUBLISHED REBUILT\); /);
    expect(result.report.differences).toEqual([
      expect.objectContaining({ path: 'acme-tool/src/acme/util.py', markers: ['content'], content: { kind: 'omitted', reason: "the manifest records this member's sha256, not its bytes" } }),
    ]);
  });

  it.each([
    ['tar/gzip-mtime', 'tar.gz', 'timestamp/container-header'],
    ['tar/gzip-level', 'tar.gz', 'compression'],
    ['tar/gzip-fname-os', 'tar.gz', 'container-metadata'],
    ['zip/deflate-level', 'zip', 'compression'],
  ])('%s.%s: bytes the manifest does not record (compare names %s) are said to be beyond it, not guessed', async (pair, ext, compared) => {
    const { result, direct } = await manifestThenVerify(pair, ext);
    expect(direct.causes.map(key)).toEqual([compared]);
    expect(result.contentIdentical).toBe(true);
    expect(result.report.causes).toEqual([
      {
        category: 'container-metadata',
        paths: [],
        count: 1,
        summary: "the artifact's bytes differ beyond what the manifest records: every member it lists matches (path, type, content, time, mode, owner, order), so the difference lies in bytes it does not record: the compression, the container's headers or padding",
        remedy: 'compare with the published artifact itself to see which bytes differ: whydiff PUBLISHED REBUILT',
      },
    ]);
    expect(result.report.differences[0]).toMatchObject({ path: '', markers: [BEYOND_MANIFEST] });
    expect(validateReport(result.report)).toEqual([]);
  });

  it('says so for a nested archive whose members all match but whose bytes do not', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'whydiff-verify-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    const inner = writeTar([{ path: 'pkg/', mtime: 1700000000 }, { path: 'pkg/a.txt', content: 'a\n', mtime: 1700000000 }]);
    const release = (gzipTime: number) => writeTar([{ path: 'NOTES', content: 'n\n', mtime: 1700000000 }, { path: 'inner.tar.gz', content: writeGzip(inner, { mtime: gzipTime }), mtime: 1700000000 }]);
    await writeFile(join(dir, 'a.tar'), release(1700000000));
    await writeFile(join(dir, 'b.tar'), release(1700003600));
    const result = await verify(join(dir, 'b.tar'), await buildManifest([join(dir, 'a.tar')]));
    expect(result.contentIdentical).toBe(true);
    expect(result.report.causes).toEqual([
      expect.objectContaining({
        category: 'container-metadata',
        paths: ['inner.tar.gz'],
        count: 1,
        summary: '1 nested archive differs beyond what the manifest records: its members all match, so the difference lies in its compression or container headers (inner.tar.gz)',
      }),
    ]);
    expect(result.report.differences).toEqual([expect.objectContaining({ path: 'inner.tar.gz', markers: [BEYOND_MANIFEST] })]);
  });
});

describe('verify: match, checksums and errors', () => {
  it('matches the artifact the manifest was made from', async () => {
    const path = fixturePath('tar/nested/a.tar.gz');
    const bytes = await readFile(path);
    const result = await verify(path, await buildManifest([path]), { manifestName: 'm.json', artifactName: 'a.tar.gz' });
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    expect(result).toMatchObject({ match: true, contentIdentical: true, basis: 'manifest', entry: 'a.tar.gz' });
    expect(result.message).toBe(`a.tar.gz: matches a.tar.gz in m.json (sha256 ${sha256}, ${bytes.byteLength} bytes)`);
    expect(result.report).toMatchObject({ identical: true, contentIdentical: true, causes: [], differences: [] });
    expect(validateReport(result.report)).toEqual([]);
  });

  it('finds the entry by file name among several, and says clearly when there is none', async () => {
    const manifest = await buildManifest([fixturePath('tar/nested/a.tar.gz'), fixturePath('zip/dos-time/a.zip')]);
    expect((await verify(fixturePath('zip/dos-time/a.zip'), manifest)).match).toBe(true);
    await expect(verify(fixturePath('tar/content/b.tar.gz'), manifest, { manifestName: 'm.json' })).rejects.toThrow(
      'verify: m.json has no entry named b.tar.gz; it lists a.tar.gz, a.zip (name the entry to check with --name)',
    );
    await expect(verify(fixturePath('tar/content/b.tar.gz'), await buildManifest([fixturePath('tar/content/a.tar.gz')]), { name: 'app.tar.gz' })).rejects.toMatchObject({ code: 'VERIFY_NO_ENTRY' });
  });

  it('checks a SHA256SUMS file: the artifact only, saying that members need a manifest', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'whydiff-verify-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    const sha = (p: string) => readFile(p).then((b) => createHash('sha256').update(b).digest('hex'));
    await writeFile(join(dir, 'SHA256SUMS'), `${await sha(fixturePath('tar/owner/a.tar.gz'))}  dist/b.tar.gz\n${'0'.repeat(64)}  other.zip\n`);
    const sums = await readVerifyTarget(join(dir, 'SHA256SUMS'));
    const result = await verify(fixturePath('tar/owner/b.tar.gz'), sums, { manifestName: 'SHA256SUMS', artifactName: 'b.tar.gz' });
    expect(result).toMatchObject({ match: false, contentIdentical: null, basis: 'checksum', entry: 'dist/b.tar.gz' });
    expect(result.message).toBe("b.tar.gz: does not match dist/b.tar.gz in SHA256SUMS; a checksum records the artifact's bytes only: a member-level explanation needs a whydiff manifest");
    expect(result.report.causes).toHaveLength(1);
    expect(result.report.causes[0]!.summary).toMatch(/^the artifact's sha256 differs from the published checksum \([0-9a-f]{12}… vs [0-9a-f]{12}…, \d+ bytes; no size published\); a checksum records no members, so why is beyond what it records$/);
    expect(validateReport(result.report)).toEqual([]);
    await writeFile(join(dir, 'SHA256SUMS'), `${await sha(fixturePath('tar/owner/b.tar.gz'))} *b.tar.gz\n`);
    expect(await verify(fixturePath('tar/owner/b.tar.gz'), await readVerifyTarget(join(dir, 'SHA256SUMS')))).toMatchObject({ match: true, contentIdentical: null, basis: 'checksum' });
  });

  it('checks a published sha256 and size (--sha256 HEX --size N)', async () => {
    const path = fixturePath('tar/owner/a.tar.gz');
    const bytes = await readFile(path);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    expect((await verify(path, { checksums: [{ name: 'a.tar.gz', sha256, size: bytes.byteLength }] })).match).toBe(true);
    const wrongSize = await verify(path, { checksums: [{ name: 'a.tar.gz', sha256, size: bytes.byteLength + 1 }] });
    expect(wrongSize.match).toBe(false);
    expect(wrongSize.report.causes[0]!.summary).toContain(`${bytes.byteLength + 1} bytes published, ${bytes.byteLength} bytes here`);
  });
});
