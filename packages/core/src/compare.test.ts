/**
 * The differ on every generated pair: each pair differs in one injected thing, and the report must
 * name exactly that cause (category, where, paths) and no other. Every report validates against the
 * published JSON Schema.
 */
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync, symlinkSync, chmodSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixturePath, generateAll } from '../../../test-fixtures/src/generate.js';
import { writeGzip, writeTar } from '../../../test-fixtures/src/index.js';
import { compare, hashUnmatched } from './compare.js';
import { readSide, threadFor, type Side } from './side.js';
import type { WalkEntry } from './walk.js';
import { validateReport } from './report-schema.js';
import type { Cause, Report } from './report-model.js';

beforeAll(async () => {
  await generateAll();
}, 60_000);

/**
 * A cause as the table states it: paths listed, `{ all: n }` for a cause over every entry of its
 * archive, `{ some: n }` for more than four paths that are not all of them.
 */
type Expected = { category: string; where?: string; paths: string[] | { all: number } | { some: number } };

function shape(cause: Cause): Expected {
  return {
    category: cause.category,
    ...(cause.where !== undefined ? { where: cause.where } : {}),
    paths: cause.allEntries ? { all: cause.count } : cause.paths.length > 4 ? { some: cause.count } : cause.paths,
  };
}

async function causesOf(a: string, b: string, options: Parameters<typeof compare>[2] = {}): Promise<Report> {
  const report = await compare(fixturePath(a), fixturePath(b), { names: { a, b }, ...options });
  expect(validateReport(JSON.parse(JSON.stringify(report)))).toEqual([]);
  return report;
}

const all = (n: number) => ({ all: n });
const some = (n: number) => ({ some: n });
const cases: Array<[pair: string, ext: string, expected: Expected[]]> = [
  ['tar/member-mtimes', 'tar.gz', [{ category: 'timestamp', where: 'entry-mtime', paths: all(16) }]],
  ['tar/member-mtimes', 'tar.bz2', [{ category: 'timestamp', where: 'entry-mtime', paths: all(16) }]],
  ['tar/gzip-mtime', 'tar.gz', [{ category: 'timestamp', where: 'container-header', paths: [] }]],
  ['tar/gzip-fname-os', 'tar.gz', [{ category: 'container-metadata', paths: [] }]],
  ['tar/gzip-level', 'tar.gz', [{ category: 'compression', paths: [] }]],
  ['tar/gzip-members', 'tar.gz', [{ category: 'compression', paths: [] }]],
  ['tar/pax-times', 'tar.gz', [{ category: 'timestamp', where: 'entry-mtime', paths: all(16) }]],
  // A pax header's name is made from a template, and GNU tar's old one holds the process id.
  ['tar/record-size', 'tar.gz', [{ category: 'container-metadata', paths: [] }]],
  ['tar/pax-header-names', 'tar.gz', [{ category: 'container-metadata', paths: all(16) }]],
  // The level is named by XFL even where the order alone would explain the other bytes.
  ['tar/order-and-level', 'tar.gz', [{ category: 'entry-order', paths: some(11) }, { category: 'compression', paths: [] }]],
  ['tar/umask', 'tar.gz', [{ category: 'permissions', paths: some(15) }]], // the symlink's mode is 0777 on both sides
  ['tar/owner', 'tar.gz', [{ category: 'ownership', paths: all(16) }]],
  ['tar/format', 'tar.gz', [{ category: 'container-metadata', paths: all(16) }]],
  ['tar/number-form', 'tar.gz', [{ category: 'toolchain', paths: all(16) }]],
  ['tar/uncleared-names', 'tar.gz', [{ category: 'container-metadata', paths: some(10) }]],
  ['tar/added-removed', 'tar.gz', [{ category: 'added', paths: ['acme-tool/src/acme/zz_debug.py'] }]],
  ['tar/symlink-target', 'tar.gz', [{ category: 'symlink-target', paths: ['acme-tool/bin/acme-cli'] }]],
  ['tar/file-type', 'tar.gz', [{ category: 'file-type', paths: ['acme-tool/bin/acme-cli'] }]],
  ['tar/content', 'tar.gz', [{ category: 'content', paths: ['acme-tool/src/acme/util.py'] }]],
  ['tar/content', 'tar.bz2', [{ category: 'content', paths: ['acme-tool/src/acme/util.py'] }]],
  ['tar/nested', 'tar.gz', [{ category: 'content', paths: ['release/dist/inner.tar.gz!/acme-tool/src/acme/__init__.py'] }]],
  ['zip/dos-time', 'zip', [{ category: 'timestamp', where: 'entry-mtime', paths: all(4) }]],
  ['zip/extra-fields', 'zip', [{ category: 'container-metadata', paths: all(4) }]],
  ['zip/deflate-level', 'zip', [{ category: 'compression', paths: ['acme/core.py'] }]],
  ['zip/deflate-option', 'zip', [{ category: 'compression', paths: ['acme/__init__.py', 'acme/core.py'] }]],
  // The end record's entry count follows from the members: not a cause of its own.
  ['zip/directory-entries', 'zip', [{ category: 'removed', paths: ['acme/'] }]],
  ['zip/time-zone', 'zip', [{ category: 'timestamp', where: 'entry-mtime', paths: all(4) }]],
  ['zip/made-by', 'zip', [{ category: 'toolchain', paths: all(4) }]],
  ['zip/method', 'zip', [{ category: 'compression', paths: ['acme/__init__.py'] }]],
  ['zip/prepended', 'zip', [{ category: 'container-metadata', paths: [] }]],
  ['zip/stub', 'zip', [{ category: 'container-metadata', paths: [] }]],
  ['zip/text-flag', 'zip', [{ category: 'container-metadata', paths: ['acme/__init__.py', 'acme/core.py', 'README.txt'] }]],
  ['zip/member-order', 'zip', [{ category: 'entry-order', paths: ['acme/', 'acme/__init__.py', 'acme/core.py'] }]],
  ['zip/external-attributes', 'zip', [{ category: 'permissions', paths: ['acme/core.py'] }]],
  ['zip/utf8-flag', 'zip', [{ category: 'path-encoding', paths: ['café.txt'] }]],
  ['zip/zip64', 'zip', [{ category: 'container-metadata', paths: all(4) }]],
  ['zip/data-descriptor', 'zip', [{ category: 'container-metadata', paths: all(4) }]],
  ['zip/data-descriptor-signature', 'zip', [{ category: 'container-metadata', paths: all(4) }]],
  ['egg/mtimes', 'egg', [
    { category: 'timestamp', where: 'entry-mtime', paths: all(7) },
    { category: 'timestamp', where: 'pyc-header', paths: ['acme/__pycache__/__init__.cpython-311.pyc'] },
  ]],
  // RECORD's changed line is acme/core.py's digest: it follows from core.py, no cause of its own.
  ['wheel/module-content', 'whl', [{ category: 'content', paths: ['acme/core.py'] }]],
  ['jar/created-by', 'jar', [{ category: 'toolchain', paths: ['META-INF/MANIFEST.MF'] }]],
  ['wheel/mtimes', 'whl', [{ category: 'timestamp', where: 'entry-mtime', paths: all(6) }]],
  ['pyc/header-only', 'pyc', [{ category: 'timestamp', where: 'pyc-header', paths: ['a.pyc'] }]],
  // Which source fields a .pyc records follows from its kind: one cause, not a second for the fields.
  ['pyc/invalidation-mode', 'pyc', [{ category: 'timestamp', where: 'pyc-header', paths: ['a.pyc'] }]],
  ['pyc/code', 'pyc', [{ category: 'content', paths: ['a.pyc'] }]],
  ['pkg/payload-mtimes', 'pkg', [{ category: 'timestamp', where: 'entry-mtime', paths: all(6) }]],
  ['pkg/creation-time', 'pkg', [{ category: 'timestamp', where: 'container-header', paths: [] }]],
  ['pkg/member-order', 'pkg', [{ category: 'entry-order', paths: ['comp.pkg/PackageInfo'] }]],
  ['pkg/payload-content', 'pkg', [{ category: 'content', paths: ['comp.pkg/Payload!/./usr/local/bin/tool'] }]],
  ['pkg/scripts-mode', 'pkg', [{ category: 'permissions', paths: ['comp.pkg/Scripts!/./postinstall'] }]],
  ['pkg/payload-inodes', 'pkg', [{ category: 'container-metadata', paths: all(6) }]],
  ['cause/build-path', 'tar.gz', [{ category: 'build-path', paths: ['acme-2.0/lib/pkgconfig/acme.pc'] }]],
  ['cause/embedded-time', 'tar.gz', [{ category: 'timestamp', where: 'embedded-in-content', paths: ['acme-2.0/VERSION'] }]],
  ['cause/content-order', 'tar.gz', [{ category: 'content-order', paths: ['acme-2.0/SOURCES'] }]],
  ['cause/path-encoding', 'tar.gz', [{ category: 'path-encoding', paths: ['acme-2.0/docs/caf\u00e9.md'] }]],
  ['cause/toolchain', 'tar.gz', [{ category: 'toolchain', paths: ['acme-2.0/__pycache__/acme.cpython.pyc'] }]],
  ['cause/pyc-refs', 'tar.gz', [{ category: 'pyc-refs', paths: ['acme-2.0/__pycache__/acme.cpython.pyc'] }]],
  ['cause/three-levels', 'tar.gz', [{ category: 'content', paths: ['acme-2.0/vendor/deps.zip!/acme-2.0-py3.11.egg!/acme/core.py'] }]],
  ['cause/egg-in-tar', 'tar.gz', [
    { category: 'timestamp', where: 'entry-mtime', paths: all(7) },
    { category: 'timestamp', where: 'pyc-header', paths: ['acme-2.0/dist/acme-1.0.0-py3.11.egg!/acme/__pycache__/__init__.cpython-311.pyc'] },
  ]],
  ['cause/plain-text', 'txt', [{ category: 'content', paths: ['a.txt'] }]],
  // The one member of a gzipped file is named after it: a.json and b.json are paired all the same.
  ['cause/gzipped-file', 'json.gz', [{ category: 'content', paths: ['a.json'] }]],
];

describe('compare: each generated pair is explained by exactly its injected cause', () => {
  for (const [pair, ext, expected] of cases) {
    it(`${pair} (${ext})`, async () => {
      const report = await causesOf(`${pair}/a.${ext}`, `${pair}/b.${ext}`);
      expect(report.identical).toBe(false);
      expect(report.causes.map(shape)).toEqual(expected);
      expect(report.problems).toEqual([]);
    });
  }

  it('names a removed member when the added-member pair is read the other way round', async () => {
    const report = await causesOf('tar/added-removed/b.tar.gz', 'tar/added-removed/a.tar.gz');
    expect(report.causes.map(shape)).toEqual([{ category: 'removed', paths: ['acme-tool/src/acme/zz_debug.py'] }]);
  });

  it('reports byte-identical artifacts at once, with their digest', async () => {
    const report = await causesOf('cause/identical/a.tar.gz', 'cause/identical/b.tar.gz');
    expect(report).toMatchObject({ identical: true, contentIdentical: true, causes: [], differences: [] });
    expect(report.a.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(report.a.sha256).toBe(report.b.sha256);
  });

  it('compares artifacts of the same size that differ, each fingerprinted as its walk reads it', async () => {
    const report = await causesOf('zip/dos-time/a.zip', 'zip/dos-time/b.zip');
    expect(report.identical).toBe(false);
    expect(report.a.size).toBe(report.b.size);
    for (const side of ['a', 'b'] as const) {
      expect(report[side].sha256).toBe(createHash('sha256').update(readFileSync(fixturePath(`zip/dos-time/${side}.zip`))).digest('hex'));
    }
  });

  it('says the demo differs only in metadata apart from the build path, with every cause and remedy', async () => {
    const report = await causesOf('demo/a.tar.gz', 'demo/b.tar.gz');
    expect(report.causes.map(shape)).toEqual([
      { category: 'timestamp', where: 'entry-mtime', paths: all(21) }, // 18 in the tarball, 3 in the plugins zip
      { category: 'ownership', paths: all(18) },
      { category: 'timestamp', where: 'container-header', paths: [] },
      { category: 'timestamp', where: 'pyc-header', paths: ['myapp-1.0.0/lib/myapp-plugins.zip!/plugins/__pycache__/hello.cpython-311.pyc'] },
      { category: 'permissions', paths: ['myapp-1.0.0/bin/myapp-migrate'] },
      { category: 'build-path', paths: ['myapp-1.0.0/build-info.json'] },
    ]);
    expect(report.causes[0]!.summary).toBe('all 21 entries differ in their recorded modification time: 2023-11-14 22:13:20 UTC vs 2023-11-16 22:13:20 UTC');
    expect(report.causes[0]!.remedy).toContain('SOURCE_DATE_EPOCH');
    expect(report.causes[5]!.summary).toBe('1 file differs only in an embedded build directory: /home/alice/build vs /builds/ci/42 (myapp-1.0.0/build-info.json)');
    expect(report.contentIdentical).toBe(false);
  });

  it("shows a cause's example from the first field that differs: uid, where the owner differs in uid, gid and both names", async () => {
    for (const fold of [false, true]) {
      const report = await causesOf('tar/owner/a.tar.gz', 'tar/owner/b.tar.gz', { fold });
      expect(report.causes.map((c) => c.summary)).toEqual(['all 16 entries differ in owner or group: uid=1000 vs 0']);
    }
  });

  it('names the tar format in the example when it differs, before any field that follows from it', async () => {
    const report = await causesOf('tar/format/a.tar.gz', 'tar/format/b.tar.gz');
    expect(report.causes.map((c) => c.summary)).toEqual(['all 16 entries differ in format-level fields: format="tar/ustar" vs "tar/gnu"']);
  });

  it('names access and change times as such, with the fix that drops them', async () => {
    const report = await causesOf('tar/pax-times/a.tar.gz', 'tar/pax-times/b.tar.gz');
    expect(report.causes.map((c) => [c.summary, c.remedy])).toEqual([[
      'all 16 entries differ in their recorded times (access, change): atime 2023-11-14 22:13:20.250 UTC vs 2023-11-14 23:13:20.250 UTC',
      'drop the access and change times: tar --pax-option=delete=atime,delete=ctime (or --format=gnu) and zip -X',
    ]]);
  });

  it("names a gzip level by the header's XFL, beside any other cause", async () => {
    const level = 'the artifact is compressed differently: XFL=0, no flag (level 2-8) vs 2, maximum compression (level 9)';
    const alone = await causesOf('tar/gzip-level/a.tar.gz', 'tar/gzip-level/b.tar.gz');
    expect(alone.causes.map((c) => c.summary)).toEqual([level]);
    const both = await causesOf('tar/order-and-level/a.tar.gz', 'tar/order-and-level/b.tar.gz');
    expect(both.causes.map((c) => c.summary)).toEqual([expect.stringMatching(/^the same members are stored in another order; 11 members moved /), level]);
  });

  it('names a zip member\'s deflate option (general purpose bits 1-2) as its compression, not as format metadata', async () => {
    const report = await causesOf('zip/deflate-option/a.zip', 'zip/deflate-option/b.zip');
    expect(report.causes.map((c) => c.summary)).toEqual(['2 members are compressed differently: deflate option maximum vs fast (acme/__init__.py, acme/core.py)']);
  });

  it('tells another time zone from another time: DOS times moved, the UTC extended timestamp the same', async () => {
    const report = await causesOf('zip/time-zone/a.zip', 'zip/time-zone/b.zip');
    expect(report.causes.map((c) => [c.summary, c.remedy])).toEqual([[
      'all 4 entries differ in their recorded DOS time, which is local time, while the UTC time of the extended timestamp is the same (another time zone): DOS time 22:13:20 vs 23:13:20',
      "zip writes DOS times in the local time zone: zip on both sides with the same TZ (TZ=UTC), or clamp the files' times first (touch -d @$SOURCE_DATE_EPOCH)",
    ]]);
    // Without the extended timestamp there is no UTC time to tell them apart: a modification time.
    const dos = await causesOf('zip/dos-time/a.zip', 'zip/dos-time/b.zip');
    expect(dos.causes[0]!.summary).toMatch(/^all 4 entries differ in their recorded modification time: /);
  });

  it("names a cpio's inode numbers, the build file system's, and folds them as it folds times", async () => {
    const report = await causesOf('pkg/payload-inodes/a.pkg', 'pkg/payload-inodes/b.pkg', { fold: true });
    expect(report.causes.map((c) => [c.summary, c.remedy])).toEqual([
      [
        "all 6 entries differ in format-level fields: inode 1 (the build file system's) vs 51459",
        'pin the archiver and its format options: tar --format=gnu (or posix with --pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime), zip -X, gzip -n, cpio --reproducible (inode numbers renumbered)',
      ],
    ]);
    expect(report.stats.folded).toBe(3);
  });

  it("says in words what a zip's data descriptors, zip64 records, extra fields, text flags and prepended bytes are, for each side", async () => {
    const summary = async (pair: string) => (await causesOf(`zip/${pair}/a.zip`, `zip/${pair}/b.zip`)).causes.map((c) => c.summary);
    expect(await summary('data-descriptor')).toEqual([
      "all 4 entries differ in format-level fields: CRC-32 and sizes in the local header vs in a data descriptor after the data (flag bit 3: a streaming writer, as Java's ZipOutputStream or zip to a pipe)",
    ]);
    expect(await summary('data-descriptor-signature')).toEqual(['all 4 entries differ in format-level fields: data descriptors with their signature PK\\7\\8 vs without it (APPNOTE 4.3.9 allows both)']);
    expect(await summary('zip64')).toEqual([
      'all 4 entries differ in format-level fields: no zip64 records (32-bit sizes and offsets) vs zip64 end records (a writer that always writes them, as zip -fz or one writing to a pipe does)',
    ]);
    expect(await summary('extra-fields')).toEqual([
      "all 4 entries differ in format-level fields: extra fields: none vs extended-timestamp (0x5455), info-zip-unix (0x7875) (Info-ZIP's, which zip -X leaves out)",
    ]);
    expect(await summary('text-flag')).toEqual([
      '3 of 4 entries differ in format-level fields: internalAttributes=1 (marked as text, as Info-ZIP marks files it reads as text) vs 0 (not marked as text) (acme/__init__.py, acme/core.py, README.txt)',
    ]);
    expect(await summary('prepended')).toEqual(['format-level fields differ: 0 bytes before the first member vs 64 (a self-extractor stub, or data prepended to the zip)']);
    // Two stubs of one length: their digests tell them apart.
    const stubA = createHash('sha256').update('#!/bin/sh\nexec unzip -o "$0"\n'.padEnd(64, '#')).digest('hex').slice(0, 12);
    const stubB = createHash('sha256').update('#!/bin/bash\nexec unzip -o "$0"\n'.padEnd(64, '#')).digest('hex').slice(0, 12);
    expect(await summary('stub')).toEqual([`format-level fields differ: bytes before the first member with sha256 ${stubA}… vs sha256 ${stubB}… (another self-extractor stub, or other data prepended, of the same length)`]);
    // Every field zip64 brings follows from it: the member lists none as a cause of its own.
    const zip64 = await causesOf('zip/zip64/a.zip', 'zip/zip64/b.zip');
    expect(zip64.differences.find((d) => d.path === 'acme/core.py')!.fields.filter((f) => f.derived !== true)).toEqual([]);
  });

  it('names a gzip stream written in two members against one', async () => {
    const report = await causesOf('tar/gzip-members/a.tar.gz', 'tar/gzip-members/b.tar.gz');
    expect(report.causes.map((c) => c.summary)).toEqual(['the artifact is compressed differently: 1 gzip member vs 2 (the stream written in pieces: pigz --independent, or files joined with cat)']);
    expect(report.differences.map((d) => [d.path, d.fields])).toEqual([['', [{ field: 'layer.gzip.members', a: 1, b: 2 }]]]);
  });

  it('names the compression methods of a member stored on one side and deflated on the other', async () => {
    const report = await causesOf('zip/method/a.zip', 'zip/method/b.zip');
    expect(report.causes.map((c) => c.summary)).toEqual(['1 member is compressed differently: method=8 (deflate) vs 0 (stored) (acme/__init__.py)']);
  });

  it("names a zip member's writer by its version made by: host system and spec version", async () => {
    const report = await causesOf('zip/made-by/a.zip', 'zip/made-by/b.zip');
    expect(report.causes.map((c) => c.summary)).toEqual(['all 4 entries were made by another tool or tool version: versionMadeBy=798 (unix, zip spec 3.0) vs 788 (unix, zip spec 2.0)']);
  });

  it('names the tar program by how its headers write numbers, and calls the content equal', async () => {
    const report = await causesOf('tar/number-form/a.tar.gz', 'tar/number-form/b.tar.gz', { fold: true });
    expect(report.causes.map((c) => c.summary)).toEqual(['all 16 entries were made by another tool or tool version: header numbers as GNU tar, Python and Go write them vs as bsdtar (libarchive) writes them']);
    expect(report.contentIdentical).toBe(true);
    const readme = report.differences.find((d) => d.path === 'acme-tool/README.md')!;
    expect(readme.fields).toEqual([
      { field: 'raw.chksum', a: 6890, b: 6874, derived: true },
      { field: 'raw.numberForm', a: null, b: 'mode, uid, gid, devmajor, devminor zero-padded, ending space NUL; size, mtime zero-padded, ending space' },
    ]);
    // Every member differs in the same way: three are listed, the rest folded under the cause.
    expect(report.differences).toHaveLength(3);
  });

  it("shows the stray bytes a writer left after a header's name, as text where they are printable", async () => {
    const report = await causesOf('tar/uncleared-names/a.tar.gz', 'tar/uncleared-names/b.tar.gz');
    expect(report.causes.map((c) => c.summary)).toEqual([
      '10 of 16 entries differ in format-level fields: stray bytes in the name field after its NUL: none vs 1 byte at offset 18 ("d") (acme-tool/assets/, acme-tool/bin/, acme-tool/bin/acme, …)',
    ]);
    expect(report.contentIdentical).toBe(true);
    const bin = report.differences.find((d) => d.path === 'acme-tool/bin/')!;
    // "acme-tool/bin/" written over "acme-tool/assets/logo.png".
    expect(bin.fields).toEqual([
      { field: 'raw.chksum', a: expect.any(Number), b: expect.any(Number), derived: true },
      { field: 'raw.slack.name', a: null, b: `at 15: ${Buffer.from('s/logo.png').toString('hex')}` },
    ]);
  });

  it('names the tool a jar manifest records as the toolchain, with its two values', async () => {
    const report = await causesOf('jar/created-by/a.jar', 'jar/created-by/b.jar');
    expect(report.causes.map((c) => c.summary)).toEqual(['1 member was made by another tool or tool version: Created-By: 17.0.2 (Eclipse Adoptium) vs 21.0.1 (Oracle Corporation) (META-INF/MANIFEST.MF)']);
  });

  it("marks a wheel's RECORD that changed only in the line of a member that differs", async () => {
    const report = await causesOf('wheel/module-content/a.whl', 'wheel/module-content/b.whl');
    const record = report.differences.find((n) => n.path === 'acme-1.0.0.dist-info/RECORD')!;
    expect(record.markers).toEqual(['lists digests']);
    expect(record.content).toMatchObject({ kind: 'text', unified: expect.stringMatching(/\n-acme\/core\.py,sha256=[\w-]+,\d+\n\+acme\/core\.py,sha256=[\w-]+,\d+\n/) });
  });

  it('names the end padding of a tar (its record size), not its compression, when nothing else differs', async () => {
    const report = await causesOf('tar/record-size/a.tar.gz', 'tar/record-size/b.tar.gz');
    expect(report.causes.map((c) => c.summary)).toEqual([expect.stringMatching(/^format-level fields differ: [\d,]+ bytes of zeros at the end vs [\d,]+ \(tar pads to its record size: -b, --record-size\)$/)]);
  });

  it('says how large each compressed artifact is when the bytes differ and nothing inside does', async () => {
    // util.py's content is the only difference; excluded, what is left is the gzip data around it.
    const report = await causesOf('tar/content/a.tar.gz', 'tar/content/b.tar.gz', { exclude: ['**/util.py'] });
    const [a, b] = ['a', 'b'].map((side) => statSync(fixturePath(`tar/content/${side}.tar.gz`)).size.toLocaleString('en-US'));
    expect(report.causes.map((c) => c.summary)).toEqual([`the artifact is compressed differently: ${a} bytes vs ${b} bytes, the same content once decompressed`]);
  });

  it('--ignore drops a category from causes and verdict: the member-mtimes pair is then the same', async () => {
    const report = await causesOf('tar/member-mtimes/a.tar.gz', 'tar/member-mtimes/b.tar.gz', { ignore: ['timestamp'] });
    expect(report.causes).toEqual([]);
    expect(report.contentIdentical).toBe(true);
  });

  it('--exclude leaves matching members out at any level', async () => {
    const report = await causesOf('tar/content/a.tar.gz', 'tar/content/b.tar.gz', { exclude: ['**/util.py'] });
    expect(report.causes.map(shape)).toEqual([{ category: 'compression', paths: [] }]);
  });

  it('shows the content diff of a changed text member as a unified diff', async () => {
    const report = await causesOf('cause/plain-text/a.txt', 'cause/plain-text/b.txt');
    const node = report.differences.find((n) => n.path === 'a.txt')!;
    expect(node.content).toEqual({ kind: 'text', truncated: false, unified: expect.stringContaining('@@ -1,3 +1,3 @@\n alpha\n-beta\n+BETA\n gamma') });
  });

  it("names a .pyc whose code differs only in marshal's reference flags, and says how to compile it the same way", async () => {
    const report = await causesOf('cause/pyc-refs/a.tar.gz', 'cause/pyc-refs/b.tar.gz');
    const path = 'acme-2.0/__pycache__/acme.cpython.pyc';
    expect(report.causes.map((c) => c.summary)).toEqual([
      `1 .pyc file holds the same code objects, written with other reference flags (marshal's FLAG_REF, which follows reference counts while compiling) (${path})`,
    ]);
    expect(report.causes[0]!.remedy).toMatch(/^compile the \.pyc files the same way on both sides \(the same Python, one process, the same order: python -m compileall/);
    expect(report.contentIdentical).toBe(false);
    expect(report.differences.find((n) => n.path === path)!.content).toEqual({ kind: 'pyc', header: [], codeDiffers: true, sameObjects: true });
  });
});

describe('compare: directories', () => {
  let root = '';
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'whydiff-dirs-'));
    for (const side of ['a', 'b']) {
      mkdirSync(join(root, side, 'bin'), { recursive: true });
      writeFileSync(join(root, side, 'README'), 'same\n');
      writeFileSync(join(root, side, 'bin', 'tool'), side === 'a' ? 'v1\n' : 'v2\n');
      chmodSync(join(root, side, 'bin', 'tool'), side === 'a' ? 0o755 : 0o775);
      symlinkSync(side === 'a' ? 'bin/tool' : 'README', join(root, side, 'link'));
    }
    return () => rmSync(root, { recursive: true, force: true });
  });

  it('walks both trees with lstat and names the differences', async () => {
    const report = await compare(join(root, 'a'), join(root, 'b'), { names: { a: 'a', b: 'b' }, ignore: ['timestamp'] });
    expect(validateReport(JSON.parse(JSON.stringify(report)))).toEqual([]);
    expect(report.a.format).toBe('directory');
    expect(report.causes.map(shape)).toEqual([
      { category: 'permissions', paths: ['bin/tool'] },
      { category: 'symlink-target', paths: ['link'] },
      { category: 'content', paths: ['bin/tool'] },
    ]);
  });

  it('compares an archive with a directory: the format is the cause, the tar header fields follow from it', async () => {
    const { writeTar } = await import('../../../test-fixtures/src/tar-writer.js');
    const tar = join(root, 'a.tar');
    writeFileSync(tar, writeTar([{ path: 'LICENSE', content: 'MIT\n', mode: 0o644 }, { path: 'README', content: 'same\n', mode: 0o644 }]));
    mkdirSync(join(root, 'tree'));
    for (const [name, text] of [['LICENSE', 'MIT\n'], ['README', 'same\n']] as const) {
      writeFileSync(join(root, 'tree', name), text);
      chmodSync(join(root, 'tree', name), 0o644);
    }
    const report = await compare(tar, join(root, 'tree'), { names: { a: 'a.tar', b: 'tree' }, ignore: ['timestamp', 'ownership'] });
    expect(report.causes.map((c) => c.summary)).toEqual(['all 2 entries differ in format-level fields: tar vs directory']);
    const readme = report.differences.find((n) => n.path === 'README')!;
    expect(readme.fields.filter((f) => f.field.startsWith('raw.') && f.derived !== true)).toEqual([]);
  });
});

describe('provisional reports while the sides are read', () => {
  /** A side "still being read": only its first `n` members so far. */
  const readSoFar = (side: Side, n: number) => {
    const order = side.levels.get('')!.order;
    const later = [...order].slice(n);
    let kept = 0;
    order.ids.retain(() => kept++ < n);
    for (const path of later) side.entries.delete(path);
  };

  it('compare the members read on both sides so far; added, removed and order wait for the end', async () => {
    const { readSide } = await import('./side.js');
    const { provisionalReport } = await import('./compare.js');
    const a = await readSide({ side: 'a', path: fixturePath('tar/added-removed/b.tar.gz'), name: 'a' });
    const b = await readSide({ side: 'b', path: fixturePath('demo/b.tar.gz'), name: 'b' });
    readSoFar(b, 5);
    const report = provisionalReport(a, b);
    expect(validateReport(JSON.parse(JSON.stringify(report)))).toEqual([]);
    expect(report.causes.map((c) => c.category)).not.toContain('added');
    expect(report.causes.map((c) => c.category)).not.toContain('removed');
    expect(report.stats).toMatchObject({ matched: 0, added: 0, removed: 0 });
  });

  it('name the causes of the members read so far', async () => {
    const { readSide } = await import('./side.js');
    const { provisionalReport } = await import('./compare.js');
    const a = await readSide({ side: 'a', path: fixturePath('demo/a.tar.gz'), name: 'a' });
    const b = await readSide({ side: 'b', path: fixturePath('demo/b.tar.gz'), name: 'b' });
    readSoFar(b, 4); // the directory, CHANGELOG, LICENSE, README
    const report = provisionalReport(a, b);
    expect(report.causes.map(shape)).toEqual([
      { category: 'timestamp', where: 'entry-mtime', paths: ['myapp-1.0.0/', 'myapp-1.0.0/CHANGELOG.md', 'myapp-1.0.0/LICENSE', 'myapp-1.0.0/README.md'] },
      { category: 'ownership', paths: ['myapp-1.0.0/', 'myapp-1.0.0/CHANGELOG.md', 'myapp-1.0.0/LICENSE', 'myapp-1.0.0/README.md'] },
      { category: 'timestamp', where: 'container-header', paths: [] },
    ]);
    expect(report.stats).toMatchObject({ matched: 4, added: 0, removed: 0 });
  });
});

describe('where the sides are read', () => {
  it('reads a file of up to 1 MiB in this thread, a larger one or a directory in a worker', () => {
    expect(threadFor(true, 113)).toBe('inline');
    expect(threadFor(true, 1024 * 1024)).toBe('inline');
    expect(threadFor(true, 1024 * 1024 + 1)).toBe('auto');
    expect(threadFor(false, 4096)).toBe('auto');
  });
});

describe('a member left unhashed, paired with another copy than the one it was found the same as', () => {
  it('is read again and hashed before its pair is compared; a pair known the same, or with both sha256s, is left as it is', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'whydiff-unmatched-'));
    try {
      const tar = (entries: Array<[string, string]>) => writeGzip(writeTar(entries.map(([path, content]) => ({ path, content, mtime: 1700000000 }))));
      writeFileSync(join(dir, 'a.tar.gz'), tar([['kept.txt', 'same\n'], ['same.txt', 'same\n'], ['plain.txt', 'a\n']]));
      writeFileSync(join(dir, 'b.tar.gz'), tar([['kept.txt', 'other\n'], ['same.txt', 'same\n'], ['plain.txt', 'b\n']]));
      const read = (side: 'a' | 'b') => readSide({ side, path: join(dir, `${side}.tar.gz`), name: side }, { thread: 'inline' });
      const [a, b] = await Promise.all([read('a'), read('b')]);
      const entry = (side: Side, path: string) => side.entries.get(path) as WalkEntry;
      const sha = (text: string) => createHash('sha256').update(text).digest('hex');
      // As a comparison read in one worker may leave them: b's kept.txt was found the same as a
      // member of a that a later one of its path replaced (another offset); b's same.txt the same
      // as a's same.txt, which is not hashed either.
      Object.assign(entry(b, 'kept.txt'), { sha256: null, contentSameAs: entry(a, 'kept.txt').offset + 512 });
      Object.assign(entry(a, 'same.txt'), { sha256: null });
      Object.assign(entry(b, 'same.txt'), { sha256: null, contentSameAs: entry(a, 'same.txt').offset });
      await hashUnmatched(a, b, { thread: 'inline' });
      expect([entry(b, 'kept.txt').sha256, entry(a, 'same.txt').sha256, entry(b, 'same.txt').sha256]).toEqual([sha('other\n'), null, null]);
      expect([entry(a, 'plain.txt').sha256, entry(b, 'plain.txt').sha256]).toEqual([sha('a\n'), sha('b\n')]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
