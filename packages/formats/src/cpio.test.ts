import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ByteReader, chunked } from './byte-reader.js';
import { readCpio } from './cpio.js';
import { FormatError, TruncatedError } from './errors.js';
import type { Problem } from './entry.js';
import { recordingContext } from './test-context.js';
import { cpioRecord, writeCpio, type CpioWriteEntry } from '../../../test-fixtures/src/cpio-writer.js';


interface Listed {
  path: string;
  type: string;
  mode: string;
  uid: number | null;
  gid: number | null;
  mtime: number | null;
  size: number;
  linkTarget: string | null;
  sha256: string | null;
  format: string;
  offset: number;
  raw: unknown;
  problems: string[];
}

async function list(bytes: Uint8Array, chunk: number, readContent = true): Promise<{ members: Listed[]; problems: Problem[] }> {
  const ctx = recordingContext();
  const members: Listed[] = [];
  const problemLists: Problem[][] = [];
  for await (const m of readCpio(new ByteReader(chunked(bytes, chunk)), ctx)) {
    let sha256: string | null = null;
    if (m.content !== null && readContent) {
      const h = createHash('sha256');
      for await (const c of m.content) h.update(c);
      sha256 = h.digest('hex');
    }
    members.push({
      path: m.path, type: m.type, mode: m.mode.toString(8), uid: m.uid, gid: m.gid, mtime: m.mtime, size: m.size,
      linkTarget: m.linkTarget, sha256, format: m.format, offset: m.offset, raw: m.raw, problems: [],
    });
    problemLists.push(m.problems);
  }
  // Problems found while the data streams by (a crc sum) are on the member once its data went by.
  members.forEach((m, i) => (m.problems = problemLists[i]!.map((p) => p.code)));
  return { members, problems: ctx.problems };
}

/** The same listing whole and in 1-, 7- and 511-byte chunks. */
async function listEveryWay(bytes: Uint8Array, readContent = true) {
  const whole = await list(bytes, bytes.byteLength || 1, readContent);
  for (const n of [1, 7, 511]) expect(await list(bytes, n, readContent)).toEqual(whole);
  return whole;
}

const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const T = 1700000000;

const tree: CpioWriteEntry[] = [
  { name: './usr', type: 'dir', perm: 0o755, uid: 0, gid: 0, mtime: T },
  { name: './usr/local/bin/tool', type: 'file', perm: 0o755, uid: 501, gid: 20, mtime: T + 1, data: '#!/bin/sh\necho tool\n' },
  { name: './usr/local/bin/t', type: 'symlink', perm: 0o777, uid: 501, gid: 20, mtime: T + 2, data: 'tool' },
  { name: './dev/null', type: 'char', perm: 0o666, uid: 0, gid: 0, mtime: T + 3, rdev: 0x0103 },
  { name: './run/fifo', type: 'fifo', perm: 0o600, uid: 0, gid: 0, mtime: T + 4 },
  { name: './empty', type: 'file', perm: 0o644, uid: 0, gid: 0, mtime: T + 5 },
];

const expectedTree = (format: string) => [
  { path: './usr', type: 'dir', mode: '755', uid: 0, gid: 0, mtime: T, size: 0, linkTarget: null, sha256: null, format },
  { path: './usr/local/bin/tool', type: 'file', mode: '755', uid: 501, gid: 20, mtime: T + 1, size: 20, linkTarget: null, sha256: sha('#!/bin/sh\necho tool\n'), format },
  { path: './usr/local/bin/t', type: 'symlink', mode: '777', uid: 501, gid: 20, mtime: T + 2, size: 4, linkTarget: 'tool', sha256: null, format },
  { path: './dev/null', type: 'char', mode: '666', uid: 0, gid: 0, mtime: T + 3, size: 0, linkTarget: null, sha256: null, format },
  { path: './run/fifo', type: 'fifo', mode: '600', uid: 0, gid: 0, mtime: T + 4, size: 0, linkTarget: null, sha256: null, format },
  { path: './empty', type: 'file', mode: '644', uid: 0, gid: 0, mtime: T + 5, size: 0, linkTarget: null, sha256: sha(''), format },
];

describe('readCpio: the variants', () => {
  for (const format of ['odc', 'newc', 'crc', 'bin-le', 'bin-be'] as const) {
    it(`lists every type with its fields (${format})`, async () => {
      const { members, problems } = await listEveryWay(writeCpio(format, tree));
      expect(members.map(({ raw, offset, problems, ...rest }) => rest)).toEqual(expectedTree(`cpio/${format}`));
      expect(members.every((m) => m.problems.length === 0)).toBe(true);
      expect(problems).toEqual([]);
    });
  }

  it('keeps every odc header field raw', async () => {
    const { members } = await list(writeCpio('odc', tree), 1 << 20);
    expect(members[3]!.raw).toEqual({ variant: 'odc', dev: 0, ino: 4, mode: '020666', uid: 0, gid: 0, nlink: 1, rdev: 0x0103, mtime: T + 3, namesize: 11, filesize: 0 });
    expect(members[1]!.offset).toBe(76 + 6);
  });

  it('keeps every newc header field raw, device numbers split', async () => {
    const { members } = await list(writeCpio('newc', tree), 1 << 20);
    expect(members[3]!.raw).toEqual({
      variant: 'newc', devmajor: 0, devminor: 0, ino: 4, mode: '020666', uid: 0, gid: 0, nlink: 1, rdevmajor: 1, rdevminor: 3,
      mtime: T + 3, namesize: 11, filesize: 0, check: 0,
    });
  });

  it('keeps the old binary fields, 32-bit values split in two words', async () => {
    const big = [{ name: 'f', type: 'file' as const, perm: 0o640, uid: 7, gid: 8, mtime: 0x12345678, data: 'x'.repeat(70000), ino: 9, dev: 3 }];
    for (const format of ['bin-le', 'bin-be'] as const) {
      const { members } = await listEveryWay(writeCpio(format, big));
      expect(members[0]!.raw).toEqual({ variant: format, dev: 3, ino: 9, mode: '100640', uid: 7, gid: 8, nlink: 1, rdev: 0, mtime: 0x12345678, namesize: 2, filesize: 70000 });
      expect(members[0]!.sha256).toBe(sha('x'.repeat(70000)));
    }
  });

  it('skips content the consumer does not read', async () => {
    const { members } = await listEveryWay(writeCpio('newc', tree), false);
    expect(members.map((m) => m.path)).toEqual(tree.map((e) => e.name));
  });
});

describe('readCpio: hard links as libarchive lists them', () => {
  const links = (format: 'newc' | 'odc'): CpioWriteEntry[] => {
    const common = { type: 'file' as const, perm: 0o644, uid: 1, gid: 1, mtime: T, nlink: 3, ino: 42, dev: 0x0801 };
    // newc (GNU cpio, libarchive) writes the data once, with the last link; odc with every link.
    return [
      { ...common, name: 'a', data: format === 'newc' ? '' : 'shared\n' },
      { name: 'other', type: 'file', perm: 0o600, uid: 1, gid: 1, mtime: T, data: 'o' },
      { ...common, name: 'b', data: format === 'newc' ? '' : 'shared\n' },
      { ...common, name: 'c', data: 'shared\n' },
    ];
  };

  it('newc: the first name is a file of size 0, later names hard links to it, the last with the data', async () => {
    const { members } = await listEveryWay(writeCpio('newc', links('newc')));
    expect(members.map((m) => [m.path, m.type, m.size, m.linkTarget, m.sha256])).toEqual([
      ['a', 'file', 0, null, sha('')],
      ['other', 'file', 1, null, sha('o')],
      ['b', 'hardlink', 0, 'a', sha('')],
      ['c', 'hardlink', 7, 'a', sha('shared\n')],
    ]);
  });

  it('odc: every name carries the data; later names are hard links to the first', async () => {
    const { members } = await listEveryWay(writeCpio('odc', links('odc')));
    expect(members.map((m) => [m.path, m.type, m.size, m.linkTarget, m.sha256])).toEqual([
      ['a', 'file', 7, null, sha('shared\n')],
      ['other', 'file', 1, null, sha('o')],
      ['b', 'hardlink', 7, 'a', sha('shared\n')],
      ['c', 'hardlink', 7, 'a', sha('shared\n')],
    ]);
  });
});

describe('readCpio: damage', () => {
  it('crc: a data sum that does not match the header is a problem on the member', async () => {
    const bytes = writeCpio('crc', [
      { name: 'good', type: 'file', perm: 0o644, uid: 0, gid: 0, mtime: T, data: 'abc' },
      { name: 'bad', type: 'file', perm: 0o644, uid: 0, gid: 0, mtime: T, data: 'abc', check: 999 },
    ]);
    for (const readContent of [true, false]) {
      const { members } = await listEveryWay(bytes, readContent);
      expect(members.map((m) => [m.path, m.problems])).toEqual([['good', []], ['bad', ['CPIO_BAD_CHECKSUM']]]);
    }
  });

  it('an empty input or a first header without magic is a FormatError', async () => {
    await expect(list(new Uint8Array(0), 1)).rejects.toMatchObject({ code: 'CPIO_EMPTY', offset: 0 });
    const err = await list(new TextEncoder().encode('070727000000'), 5).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FormatError);
    expect(err).toMatchObject({ code: 'CPIO_BAD_MAGIC', offset: 0, message: 'cpio: no cpio header at offset 0: expected magic 070707, 070701, 070702 or binary 0x71c7, found "070727"' });
  });

  it('garbage between members: a problem, then reading goes on at the next header', async () => {
    const a = cpioRecord('newc', { name: 'a', type: 'file', perm: 0o644, uid: 0, gid: 0, mtime: T, data: 'A' }, 0);
    const b = cpioRecord('newc', { name: 'b', type: 'file', perm: 0o644, uid: 0, gid: 0, mtime: T, data: 'B' }, 1);
    const garbage = new TextEncoder().encode('junk0707junk');
    const bytes = Buffer.concat([a, garbage, writeCpio('newc', []).subarray(0, 0), b, writeCpio('newc', [])]);
    const { members, problems } = await listEveryWay(bytes);
    expect(members.map((m) => [m.path, m.sha256])).toEqual([['a', sha('A')], ['b', sha('B')]]);
    expect(problems).toEqual([{ code: 'CPIO_BAD_HEADER', offset: a.byteLength, message: `cpio: no header magic at offset ${a.byteLength} (found "junk07"); skipped 12 bytes to the next header at offset ${a.byteLength + 12}` }]);
  });

  it('a header with non-hex digits mid-archive: a problem and a resync', async () => {
    const a = cpioRecord('newc', { name: 'a', type: 'file', perm: 0o644, uid: 0, gid: 0, mtime: T, data: 'A' }, 0);
    const broken = cpioRecord('newc', { name: 'x', type: 'file', perm: 0o644, uid: 0, gid: 0, mtime: T, data: 'X' }, 1);
    broken.set(new TextEncoder().encode('zz'), 14);
    const b = cpioRecord('newc', { name: 'b', type: 'file', perm: 0o644, uid: 0, gid: 0, mtime: T, data: 'B' }, 2);
    const { members, problems } = await listEveryWay(Buffer.concat([a, broken, b, writeCpio('newc', [])]));
    expect(members.map((m) => m.path)).toEqual(['a', 'b']);
    expect(problems.map((p) => [p.code, p.offset])).toEqual([['CPIO_BAD_HEADER', a.byteLength + 1]]);
    expect(problems[0]!.message).toContain('field mode at header offset 14 is not a number: "zz0081a4"');
  });

  it('an absurd name size is a problem, never an allocation', async () => {
    const a = cpioRecord('newc', { name: 'a', type: 'file', perm: 0o644, uid: 0, gid: 0, mtime: T, data: 'A' }, 0);
    const absurd = cpioRecord('newc', { name: 'x', type: 'file', perm: 0o644, uid: 0, gid: 0, mtime: T }, 1);
    absurd.set(new TextEncoder().encode('fffffff0'), 94);
    const { members, problems } = await listEveryWay(Buffer.concat([a, absurd, writeCpio('newc', [])]));
    expect(members.map((m) => m.path)).toEqual(['a']);
    expect(problems.map((p) => p.code)).toEqual(['CPIO_BAD_HEADER']);
    expect(problems[0]!.message).toContain('declares a name of 4294967280 bytes (expected 1 to 65536)');
  });

  it('truncated data: a TruncatedError naming the member and the offset', async () => {
    const bytes = writeCpio('odc', [{ name: 'big', type: 'file', perm: 0o644, uid: 0, gid: 0, mtime: T, data: 'x'.repeat(1000) }], 0);
    for (const readContent of [true, false]) {
      const err = await list(bytes.subarray(0, 500), 7, readContent).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(TruncatedError);
      expect(err).toMatchObject({ code: 'CPIO_TRUNCATED', member: 'big', offset: 500, expected: '1000 bytes from offset 80', found: '420 bytes' });
    }
  });

  it('a truncated header and a missing trailer', async () => {
    const a = cpioRecord('odc', { name: 'a', type: 'file', perm: 0o644, uid: 0, gid: 0, mtime: T, data: 'A' }, 0);
    await expect(list(Buffer.concat([a, a.subarray(0, 30)]), 7)).rejects.toMatchObject({ code: 'CPIO_TRUNCATED', offset: a.byteLength });
    const { members, problems } = await listEveryWay(a);
    expect(members.map((m) => m.path)).toEqual(['a']);
    expect(problems).toEqual([{ code: 'CPIO_NO_TRAILER', offset: a.byteLength, message: `cpio: the archive ends at offset ${a.byteLength} without a TRAILER!!! entry; it may be truncated` }]);
  });

  it('data after the trailer padding is reported where it starts', async () => {
    const bytes = Buffer.concat([writeCpio('odc', tree), new TextEncoder().encode('\0\0tail')]);
    const { problems } = await listEveryWay(bytes);
    expect(problems).toEqual([{ code: 'CPIO_DATA_AFTER_TRAILER', offset: 1026, message: 'cpio: expected only NUL padding after TRAILER!!!, found data at offset 1026 (388 bytes follow the trailer)' }]);
  });

  it('names climbing out with .. and absolute names are problems on the member', async () => {
    const { members } = await listEveryWay(writeCpio('odc', [
      { name: '../etc/passwd', type: 'file', perm: 0o644, uid: 0, gid: 0, mtime: T, data: 'x' },
      { name: '/abs', type: 'file', perm: 0o644, uid: 0, gid: 0, mtime: T, data: 'y' },
    ]));
    expect(members.map((m) => [m.path, m.problems])).toEqual([['../etc/passwd', ['CPIO_UNSAFE_PATH']], ['/abs', ['CPIO_UNSAFE_PATH']]]);
  });
});
