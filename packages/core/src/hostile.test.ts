/**
 * Issue 9, "cases that must behave": each hostile fixture compared (or listed) the way a user runs
 * whydiff, asserting what they see: the report's problems (side, path, offset, message) with the
 * rest compared, or the CLI's one line on stderr and exit status 2.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hostileFixtures, hostileTree, html404 } from '../../../test-fixtures/src/hostile.js';
import { writeGzip } from '../../../test-fixtures/src/gzip-writer.js';
import { writeTar } from '../../../test-fixtures/src/tar-writer.js';
import { regressionBytes, regressions } from '../../../test-fixtures/src/regressions.js';
import { main } from '../../../apps/cli/src/main.js';
import { compare } from './compare.js';
import { validateReport } from './report-schema.js';
import { tempDirPath } from './temp-dir.js';
import { walkArtifact } from './walk.js';

let dir = '';
const path = (name: string) => join(dir, name);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'whydiff-hostile-'));
  for (const f of hostileFixtures) {
    const [, kase, file] = f.name.split('/');
    writeFileSync(path(`${kase}-${file}`), await f.bytes());
  }
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const status = await main(args, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) });
  return { status, stdout, stderr };
}

const names = (a: string, b: string) => ({ names: { a, b } });

describe('hostile input: what the user sees', () => {
  it('truncated .tar.gz (cut at 60%): the five members read are compared; b truncated, with the last member and the offset', async () => {
    const report = await compare(path('truncated-tgz-a.tar.gz'), path('truncated-tgz-b.tar.gz'), names('a.tar.gz', 'b.tar.gz'));
    expect(report.problems).toEqual([
      {
        side: 'b', path: '', offset: 288, code: 'GZIP_TRUNCATED',
        message: 'gzip: unexpected end of data in the compressed data of the member at offset 0; the file is truncated; the last member read was dir/file4.txt',
      },
    ]);
    expect(report.stats).toMatchObject({ entriesA: 10, entriesB: 5, matched: 5, differing: 0, removed: 5, added: 0 });
    expect(report.causes.map((c) => [c.category, c.paths])).toEqual([['removed', ['dir/file5.txt', 'dir/file6.txt', 'dir/file7.txt', 'dir/file8.txt', 'dir/file9.txt']]]);
    // Missing from b because b ends early, not (as far as anyone can tell) because the build left them out.
    expect(report.causes[0]!.summary).toBe('5 members only in a (dir/file5.txt, dir/file6.txt, dir/file7.txt, …); b ends early (truncated), so they may be in the part that is missing');
  });

  it('a tar header with a wrong checksum: reported with its member; the nine others compared equal', async () => {
    const report = await compare(path('tar-checksum-a.tar'), path('tar-checksum-b.tar'), names('a.tar', 'b.tar'));
    expect(report.problems).toEqual([
      {
        side: 'b', path: 'dir/File3.txt', offset: 6144, code: 'TAR_BAD_CHECKSUM',
        message: 'tar: header checksum of member "dir/File3.txt" at offset 6144: expected 6476 (the sum of the header\'s bytes), found 6508; skipped 2560 bytes to a valid header at offset 8704',
      },
    ]);
    expect(report.stats).toMatchObject({ entriesA: 10, entriesB: 9, matched: 9, differing: 0, removed: 1 });
    expect(report.causes.map((c) => [c.category, c.paths])).toEqual([['removed', ['dir/file3.txt']]]);
    expect(report.causes[0]!.summary).toBe('1 member only in a (dir/file3.txt); b has damaged headers (see the problems), which can hide members');
  });

  it('a zip whose central directory is damaged: reported, and members found by scanning local headers', async () => {
    const report = await compare(path('zip-central-a.zip'), path('zip-central-b.zip'), names('a.zip', 'b.zip'));
    expect(report.problems).toEqual([
      {
        side: 'b', path: '', offset: 525, code: 'ZIP_CENTRAL_DIRECTORY_DAMAGED',
        message: 'zip: central directory is damaged (the end record declares 5 entries, 4 central headers were found); members were found by scanning local headers',
      },
      {
        side: 'b', path: 'f0.txt', offset: 0, code: 'ZIP_CENTRAL_HEADER_MISSING',
        message: 'zip: no intact central directory header points at this member (the others\' were recovered); its attributes are not known, so its mode is the default for a local header alone (0664, as libarchive reads it)',
      },
    ]);
    expect(report.stats).toMatchObject({ entriesA: 5, entriesB: 5, matched: 5, added: 0, removed: 0 });
    expect(report.contentIdentical).toBe(true);
    // The four intact central headers are recovered, so f1..f4 compare equal; no prefix is made up.
    // f0.txt's header is the broken one: its attributes are unknown on b (the member problem above);
    // what a scanned member lacks is the damage, not a cause, and the damage explains the bytes.
    expect(report.causes.map((c) => [c.category, c.paths])).toEqual([]);
  });

  it('a zip whose end record puts the central directory 258 bytes too early: reported, not taken for a stub; members read right', async () => {
    const report = await compare(path('zip-cd-offset-a.zip'), path('zip-cd-offset-b.zip'), names('a.zip', 'b.zip'));
    expect(report.problems).toEqual([
      {
        side: 'b', path: '', offset: 525, code: 'ZIP_CENTRAL_DIRECTORY_OFFSET',
        message: 'zip: the end of central directory record puts the central directory at offset 7, found it at offset 265; the local headers are at their recorded offsets, so the record\'s offset is wrong (not a prefix)',
      },
    ]);
    expect(report.stats).toMatchObject({ entriesA: 5, entriesB: 5, matched: 5, differing: 0, added: 0, removed: 0 });
    expect(report.contentIdentical).toBe(true);
    // What differs is the end record's field itself, and nothing in any member: the damage (the
    // problem above) explains the bytes, so no cause is made up for them; the field is shown.
    expect(report.causes).toEqual([]);
    expect(report.differences.map((d) => [d.path, d.fields])).toEqual([['', [{ field: 'layer.zip.centralDirectoryOffset', a: 265, b: 7, derived: true }]]]);
  });

  it('a zip member claiming ~4 GB: nothing allocated from the claim; reported, the rest compared', async () => {
    const before = process.memoryUsage().rss;
    const report = await compare(path('zip-sizes-a.zip'), path('zip-sizes-b-4gb.zip'), names('a.zip', 'b.zip'));
    expect(process.memoryUsage().rss - before).toBeLessThan(256 * 2 ** 20);
    expect(report.problems).toEqual([
      { side: 'b', path: 'f0.txt', offset: 0, code: 'ZIP_SIZE_MISMATCH', message: 'zip: member content is shorter than its declared size; expected 4294967280 bytes, got 500' },
    ]);
    expect(report.stats).toMatchObject({ entriesA: 5, entriesB: 5, matched: 5 });
    expect(report.contentIdentical).toBe(true);
  });

  it('a zip member declaring half its compressed size: reported; its cut content differs; the others equal', async () => {
    const report = await compare(path('zip-sizes-a.zip'), path('zip-sizes-b-half.zip'), names('a.zip', 'b.zip'));
    expect(report.problems).toEqual([
      { side: 'b', path: 'f0.txt', offset: 0, code: 'ZIP_DEFLATE_ERROR', message: 'zip: deflate stream is damaged: unexpected end of file' },
      { side: 'b', path: 'f0.txt', offset: 0, code: 'ZIP_SIZE_MISMATCH', message: 'zip: member content is shorter than its declared size; expected 500 bytes, got 7' },
    ]);
    expect(report.causes.map((c) => [c.category, c.paths])).toEqual([['content', ['f0.txt']]]);
  });

  it('unsafe member names: compared under their stored names, flagged, nothing created from them', async () => {
    const cwdBefore = readdirSync(process.cwd());
    for (const kind of ['zip', 'tar']) {
      const report = await compare(path(`unsafe-names-a.${kind}`), path(`unsafe-names-b.${kind}`), names(`a.${kind}`, `b.${kind}`));
      // Zip readers show a backslash as a separator (as libarchive does); tar keeps it.
      const stored = kind === 'zip' ? ['../../etc/x', '/etc/x', 'C:/x', 'nul\u0000byte', 'esc\u001b[31mred', 'new\nline'] : ['../../etc/x', '/etc/x', 'C:\\x', 'esc\u001b[31mred', 'new\nline'];
      expect(report.causes.map((c) => [c.category, c.paths])).toEqual([['content', [...stored, 'safe.txt']]]);
      expect(report.problems.filter((p) => p.side === 'a').map((p) => [p.path, p.code, p.message.replace(/^member name .* holds /, '')])).toEqual(
        stored.map((name) => [
          name,
          'UNSAFE_PATH',
          (name.startsWith('..') ? 'a ".." component that climbs out of the extraction directory'
            : name.startsWith('/') ? 'an absolute path'
            : name.startsWith('C:') ? 'a Windows drive or UNC path'
            : 'control characters (NUL, newline, escape...)') + '; compared under its stored name, never extracted',
        ]),
      );
    }
    expect(readdirSync(process.cwd())).toEqual(cwdBefore);
    expect(existsSync('/etc/x')).toBe(false);
  });

  it('50 levels of zip in zip: stopped at the depth limit with a problem naming the level; the levels above compared', async () => {
    const report = await compare(path('zip-nest-a.zip'), path('zip-nest-b.zip'), names('a.zip', 'b.zip'));
    const deepest = Array.from({ length: 17 }, (_, i) => `level${i + 1}.zip`).join('!/');
    expect(report.problems.map((p) => [p.side, p.path, p.code, p.message])).toEqual(
      (['a', 'b'] as const).map((side) => [side, deepest, 'LIMIT_DEPTH', 'nesting depth limit 16 reached: zip member not opened as nesting level 17 (raise --max-depth to open it)']),
    );
    expect(report.stats).toMatchObject({ entriesA: 17, entriesB: 17, matched: 17 });
    expect(report.causes.find((c) => c.category === 'content')?.paths).toEqual([deepest]);
  });

  it('50 levels of zip in zip with --max-depth 60: compared down to the innermost file', async () => {
    const report = await compare(path('zip-nest-a.zip'), path('zip-nest-b.zip'), { ...names('a.zip', 'b.zip'), limits: { maxDepth: 60 } });
    const innermost = [...Array.from({ length: 49 }, (_, i) => `level${i + 1}.zip`), 'innermost.txt'].join('!/');
    expect(report.problems).toEqual([]);
    expect(report.causes.find((c) => c.category === 'content')?.paths).toEqual([innermost]);
  });

  it('a zip bomb (one member inflating to 10 GiB): stops at the ratio limit within 5 s, one line on stderr, exit 2', async () => {
    const started = performance.now();
    const before = process.memoryUsage().rss;
    const run = await cli(path('zip-bomb-a.zip'), path('zip-bomb-b.zip'));
    expect(performance.now() - started).toBeLessThan(5000);
    expect(process.memoryUsage().rss - before).toBeLessThan(256 * 2 ** 20);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(
      new RegExp(`^whydiff: ${path('zip-bomb-b.zip').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: member bomb\\.bin: members expand to \\d+ bytes from \\d+ bytes read \\(1\\d\\d\\.\\d:1\\), past the limit of 100:1 \\(--max-ratio\\); a compression bomb\\?\\n$`),
    );
    expect(tempDirPath()).toBe(null);
  }, 20_000);

  it('gzip in gzip in gzip, each layer under the ratio limit, 293 bytes to 5.6 GB: stopped at the ratio counted from the bytes under all the layers', async () => {
    const bomb = await regressionBytes(regressions.find((r) => r.found.includes('stacked gzip layers'))!);
    writeFileSync(path('stacked.gz'), bomb);
    const run = await cli('ls', path('stacked.gz'));
    expect(run.status).toBe(2);
    expect(run.stderr.split('\n').at(-2)).toMatch(
      /^whydiff: .*stacked\.gz: member stacked(\.data){7}: offset \d+: 8 stacked compression layers expand 293 bytes to \d+ \((\d+):1\), past the limit of 100:1 \(--max-ratio\); a compression bomb\?$/,
    );
    expect(tempDirPath()).toBe(null);
  });

  it('a tar gzipped a byte a member (40,960 members), every trailer wrong: 16 layers and 100 problems listed, the rest counted; members compared', async () => {
    const before = process.memoryUsage().rss;
    const report = await compare(path('gzip-members-a.tar.gz'), path('gzip-members-b.tar.gz'), names('a.tar.gz', 'b.tar.gz'));
    expect(process.memoryUsage().rss - before).toBeLessThan(256 * 2 ** 20);
    expect(report.causes.map((c) => c.summary)).toEqual(['the artifact is compressed differently: 1 gzip member vs 40,960 (the stream written in pieces: pigz --independent, or files joined with cat)']);
    expect(validateReport(JSON.parse(JSON.stringify(report)))).toEqual([]);
    expect(report.problems).toHaveLength(101);
    expect(report.problems[0]).toMatchObject({ side: 'b', code: 'GZIP_TRAILER_CRC', offset: 13 });
    expect(report.problems.at(-1)).toEqual({ side: 'b', path: '', offset: null, code: 'PROBLEMS_OMITTED', message: '40,860 more problems in this level, not listed (the first 100 are)' });
    const events = [];
    for await (const event of walkArtifact(path('gzip-members-b.tar.gz'))) if ((event.kind === 'layer' && event.info.format === 'gzip') || event.kind === 'layers-omitted') events.push(event);
    expect(events.map((e) => (e.kind === 'layer' ? e.info.raw.member : e.count))).toEqual([...Array.from({ length: 16 }, (_, i) => i), 40_960 - 16]);
  });

  it('a gzip member with a wrong CRC-32, then the file cut in the next member: both reported, in order', async () => {
    // The first member ends where the tar's last member does: its trailer is read, and found wrong,
    // as the tar reader looks for the end-of-archive blocks in the second, which is cut.
    const tar = writeTar(hostileTree);
    let end = tar.byteLength;
    while (tar[end - 1] === 0) end--;
    end = Math.ceil(end / 512) * 512;
    const first = Uint8Array.from(writeGzip(tar.subarray(0, end), { mtime: 0, os: 3 }));
    first[first.byteLength - 8] = first[first.byteLength - 8]! ^ 0xff;
    const second = writeGzip(tar.subarray(end), { mtime: 0, os: 3 });
    writeFileSync(path('crc-then-cut.tar.gz'), Buffer.concat([first, second.subarray(0, second.byteLength - 20)]));
    const report = await compare(path('gzip-members-a.tar.gz'), path('crc-then-cut.tar.gz'), names('a.tar.gz', 'b.tar.gz'));
    expect(report.problems.map((p) => [p.side, p.code, p.offset])).toEqual([
      ['b', 'GZIP_TRAILER_CRC', first.byteLength - 8],
      ['b', 'GZIP_TRUNCATED', first.byteLength + second.byteLength - 20],
    ]);
  });

  it('a xar whose TOC lengths are 0x7FFFFFFFFFFFFFF0: malformed, one line, exit 2, nothing allocated', async () => {
    const before = process.memoryUsage().rss;
    const run = await cli(path('xar-toc-a.xar'), path('xar-toc-b.xar'));
    expect(process.memoryUsage().rss - before).toBeLessThan(256 * 2 ** 20);
    expect(run).toEqual({
      status: 2,
      stdout: '',
      stderr: `whydiff: ${path('xar-toc-b.xar')}: offset 8: xar: the compressed TOC length 9223372036854775792 runs past the end of the file (${Buffer.byteLength(hostileFixtures.find((f) => f.name === 'hostile/xar-toc/b.xar')!.bytes() as Uint8Array) - 28} bytes after the header); the file is truncated or the header damaged\n`,
    });
  });

  it('an HTML 404 page and an empty file saved as .tar.gz: each said in problems, compared as plain files', async () => {
    const html = await compare(path('not-archives-a.tar.gz'), path('not-archives-b.tar.gz'), names('a.tar.gz', 'b.tar.gz'));
    expect(html.problems).toEqual([{ side: 'b', path: '', offset: 0, code: 'NOT_AN_ARCHIVE', message: 'b.tar.gz: not gzip data but HTML text; compared as a plain file' }]);
    expect(html.b).toMatchObject({ format: 'file', size: Buffer.byteLength(html404), entries: 1 });
    // a's members are "only in a" because b is no archive: the cause says so.
    expect(html.causes.find((c) => c.category === 'removed')!.summary).toMatch(/; b is not an archive at all \(b\.tar\.gz: not gzip data but HTML text; compared as a plain file\)$/);
    const both = await compare(path('not-archives-empty.tar.gz'), path('not-archives-b.tar.gz'), names('empty.tar.gz', 'b.tar.gz'));
    expect(both.problems).toEqual([
      { side: 'a', path: '', offset: 0, code: 'NOT_AN_ARCHIVE', message: 'empty.tar.gz: not gzip data but an empty file; compared as a plain file' },
      { side: 'b', path: '', offset: 0, code: 'NOT_AN_ARCHIVE', message: 'b.tar.gz: not gzip data but HTML text; compared as a plain file' },
    ]);
    expect(both.differences[0]).toMatchObject({ path: 'not-archives-empty.tar.gz', content: { kind: 'text', unified: expect.stringContaining('+<!DOCTYPE html>') } });
  });

  it('the CLI prints problems in a "Problems" section of the text report', async () => {
    const run = await cli(path('tar-checksum-a.tar'), path('tar-checksum-b.tar'), '--no-color');
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('\nProblems (1)\n  b: dir/File3.txt at offset 6,144: TAR_BAD_CHECKSUM: tar: header checksum of member "dir/File3.txt" at offset 6144');
  });

  it('ls of the 50-level zip stops at the limit and says so', async () => {
    let entries = 0;
    const problems: string[] = [];
    for await (const event of walkArtifact(path('zip-nest-a.zip'))) {
      if (event.kind === 'entry') {
        entries += 1;
        problems.push(...event.entry.problems.map((p) => p.code));
      }
    }
    expect([entries, problems]).toEqual([17, ['LIMIT_DEPTH']]);
  });
});
