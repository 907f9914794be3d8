import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ByteReader, chunked } from './byte-reader.js';
import { FormatError, TruncatedError } from './errors.js';
import { decodePaxRecords, decodeTarHeader, decodeTarNumber, readTar } from './tar.js';
import { recordingContext, type RecordingContext } from './test-context.js';
import type { Member } from './entry.js';
import { writeTar } from '../../../test-fixtures/src/tar-writer.js';
import { corpusDir } from '../../../test-fixtures/src/mtree.js';

type Listed = Omit<Member, 'content'> & { sha256: string | null };

/** Read everything, hashing content as it streams; returns members and what the context got. */
async function readAll(bytes: Uint8Array, chunk: number, ctx: RecordingContext = recordingContext()) {
  const members: Listed[] = [];
  for await (const m of readTar(new ByteReader(chunked(bytes, chunk)), ctx)) {
    const { content, ...header } = m;
    let sha256: string | null = null;
    if (content !== null) {
      const hash = createHash('sha256');
      for await (const c of content) hash.update(c);
      sha256 = hash.digest('hex');
    }
    members.push({ ...header, sha256 });
  }
  return { members, problems: ctx.problems, layers: ctx.layers };
}

/** The same result whole and in 1-, 7- and 511-byte chunks; returns it. */
async function readEveryWay(bytes: Uint8Array) {
  const whole = await readAll(bytes, bytes.byteLength);
  for (const size of [1, 7, 511]) expect(await readAll(bytes, size), `${size}-byte chunks`).toEqual(whole);
  return whole;
}

const sha = (text: string | Uint8Array) => createHash('sha256').update(text).digest('hex');
const long = 'a-directory-with-a-long-name/'.repeat(5) + 'file.txt'; // 153 bytes

describe('readTar: GNU tar', () => {
  it('folds ././@LongLink L and K records into the member, base-256 ids included', async () => {
    const bytes = writeTar(
      [
        { path: long, content: 'hello\n', uid: 10_000_000, gid: 3, uname: 'u', gname: 'g', mtime: 1_600_000_000, mode: 0o640 },
        { path: 'short-link', type: 'symlink', linkTarget: long },
        { path: 'dir', type: 'dir' },
      ],
      { format: 'gnu' },
    );
    const { members, problems, layers } = await readEveryWay(bytes);
    expect(problems).toEqual([]);
    expect(members.map((m) => [m.path, m.type, m.format, m.size, m.linkTarget, m.sha256])).toEqual([
      [long, 'file', 'tar/gnu', 6, null, sha('hello\n')],
      ['short-link', 'symlink', 'tar/gnu', 0, long, null],
      ['dir/', 'dir', 'tar/gnu', 0, null, null],
    ]);
    const [file] = members;
    expect([file!.mode, file!.uid, file!.gid, file!.uname, file!.gname, file!.mtime, file!.offset]).toEqual([0o640, 10_000_000, 3, 'u', 'g', 1_600_000_000, 1024]); // its own header, after the L record's
    expect(file!.raw.gnuLongName).toBe(long);
    expect(file!.raw.base256).toEqual(['uid']);
    expect(file!.raw.name).toBe(long.slice(0, 100)); // the header keeps the first 100 bytes
    expect(file!.raw.magic).toBe('ustar ');
    expect(file!.raw.version).toBe(' \0');
    expect((file!.raw.meta as { typeflag: string; name: string }[]).map((m) => [m.typeflag, m.name])).toEqual([['L', '././@LongLink']]);
    expect(members[1]!.raw.gnuLongLink).toBe(long);
    expect(layers).toEqual([{ format: 'tar', raw: { end: 'marker', endOffset: bytes.byteLength - 10240 + 4096, paddingBytes: 10240 - 4096, members: 3 } }]);
  });
});

describe('readTar: pax', () => {
  it('takes path, mtime fractions and global records from extended headers, keeping every record', async () => {
    const bytes = writeTar(
      [
        { path: long, content: 'x'.repeat(1000), mtime: 1_700_000_000.25 },
        { path: 'plain', content: '', pax: { 'SCHILY.xattr.user.k': 'v', comment: 'c' } },
        { path: 'hl', type: 'hardlink', linkTarget: long },
      ],
      { format: 'pax', globalPax: { comment: 'global', uname: 'everyone' } },
    );
    const { members, problems } = await readEveryWay(bytes);
    expect(problems).toEqual([]);
    expect(members.map((m) => [m.path, m.type, m.format, m.size, m.mtime, m.uname, m.sha256])).toEqual([
      [long, 'file', 'tar/pax', 1000, 1_700_000_000.25, 'everyone', sha('x'.repeat(1000))],
      ['plain', 'file', 'tar/pax', 0, 1_700_000_000, 'everyone', sha('')],
      ['hl', 'hardlink', 'tar/pax', 0, 1_700_000_000, 'everyone', null],
    ]);
    expect(members[0]!.raw.pax).toEqual([['path', long], ['mtime', '1700000000.25']]);
    expect(members[0]!.raw.paxGlobal).toEqual([['comment', 'global'], ['uname', 'everyone']]);
    expect(members[1]!.raw.pax).toEqual([['SCHILY.xattr.user.k', 'v'], ['comment', 'c']]);
    expect((members[0]!.raw.meta as { typeflag: string; name: string }[]).map((m) => [m.typeflag, m.name])).toEqual([
      ['g', '/tmp/GlobalHead.0.1'],
      ['x', `${long.slice(0, long.lastIndexOf('/'))}/PaxHeaders/file.txt`.slice(0, 100)], // as GNU tar names it, cut to 100 bytes
    ]);
    expect(members[2]!.linkTarget).toBe(long);
  });

  it('decodes records in order, repeated keys kept, and a malformed length as a problem', () => {
    const text = '28 GNU.sparse.offset=999936\n27 GNU.sparse.numbytes=512\n29 GNU.sparse.offset=1999872\n9x bad=1\n';
    const { records, problems } = decodePaxRecords(new TextEncoder().encode(text), 1024);
    expect(records.map((r) => [r.key, r.value, r.offset])).toEqual([
      ['GNU.sparse.offset', '999936', 0],
      ['GNU.sparse.numbytes', '512', 28],
      ['GNU.sparse.offset', '1999872', 55],
    ]);
    expect(problems).toEqual([
      { code: 'TAR_PAX_MALFORMED', message: 'tar: pax record at byte 84: expected a decimal length and a space, found "9x bad=1\\n"', offset: 1108 },
    ]);
  });

  it('fails on a negative pax size, as libarchive does', async () => {
    const bytes = writeTar([{ path: 'f', content: 'abc', pax: { size: '-5' } }], { format: 'pax' });
    await expect(readAll(bytes, 512)).rejects.toMatchObject({ code: 'TAR_NEGATIVE_SIZE', offset: 1024, member: 'f' });
  });
});

describe('readTar: ustar and v7', () => {
  it('joins prefix and name, and reads a v7 name ending in / as a directory', async () => {
    const ustar = writeTar([{ path: long, content: 'u' }], { format: 'ustar' });
    const u = await readEveryWay(ustar);
    expect(u.members.map((m) => [m.path, m.format, m.raw.prefix, m.raw.name])).toEqual([
      [long, 'tar/ustar', long.slice(0, long.lastIndexOf('/')), 'file.txt'],
    ]);
    const v7 = writeTar([{ path: 'd/', type: 'dir' }, { path: 'f', content: 'v7' }], { format: 'v7' });
    const v = await readEveryWay(v7);
    expect(v.members.map((m) => [m.path, m.type, m.format, m.uname, m.raw.typeflag, m.sha256])).toEqual([
      ['d/', 'dir', 'tar/v7', null, '5', null],
      ['f', 'file', 'tar/v7', null, '\0', sha('v7')],
    ]);
  });

  it("reads star's exustar headers (no trailer) by GNU tar's test: atime and ctime where the prefix ends", () => {
    const bytes = readFileSync(join(corpusDir, 'test_compat_star_acl_posix1e.tar'));
    // A global pax header and its records, an x header and its records come first: 4 blocks.
    const header = decodeTarHeader(bytes.subarray(2048, 2560))!;
    expect([header.name, header.variant, header.star?.atime.value, header.star?.ctime.value, header.slack]).toEqual(['file1', 'star', 1479121596, 1479129767, undefined]);
    // The same bytes with byte 475 set are a ustar prefix of 131 bytes: no star times.
    const ustar = Uint8Array.from(bytes.subarray(2048, 2560));
    ustar[475] = 0x61;
    expect(decodeTarHeader(ustar)!.variant).toBe('ustar');
  });

  it('skips content the caller does not read, and refuses to read it afterwards', async () => {
    const bytes = writeTar([{ path: 'big', content: 'b'.repeat(5000) }, { path: 'next', content: 'n' }], { format: 'ustar' });
    const reader = readTar(new ByteReader(chunked(bytes, 100)), recordingContext());
    const first = (await reader.next()).value as Member;
    // 5,000 bytes arriving 100 at a time are not at hand: the content is a stream.
    expect(Array.isArray(first.content)).toBe(false);
    const iterator = (first.content as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toHaveLength(88); // a little of it: the rest of the 100-byte chunk after the header
    const second = (await reader.next()).value as Member;
    expect(second.path).toBe('next');
    await expect(iterator.next()).rejects.toMatchObject({ code: 'TAR_CONTENT_AFTER_NEXT' });
  });
});

describe('readTar: damage', () => {
  const three = writeTar(
    [{ path: 'one', content: '1'.repeat(600) }, { path: 'two', content: '2' }, { path: 'three', content: '3' }],
    { format: 'ustar' },
  );

  it('reports a bad checksum and resumes at the next valid header', async () => {
    const bytes = Uint8Array.from(three);
    bytes[1536] = 0x58; // 'two' → 'Xwo' in the second header (offset 1536): its checksum fails
    const { members, problems } = await readEveryWay(bytes);
    expect(members.map((m) => m.path)).toEqual(['one', 'three']);
    expect(problems).toEqual([
      {
        code: 'TAR_BAD_CHECKSUM',
        message: `tar: header checksum of member "Xwo" at offset 1536: expected ${decodeTarHeader(bytes.subarray(1536, 2048))!.checksumUnsigned} (the sum of the header's bytes), found ${decodeTarHeader(three.subarray(1536, 2048))!.chksum}; skipped 1024 bytes to a valid header at offset 2560`,
        offset: 1536,
        path: 'Xwo',
      },
    ]);
  });

  it('throws a TruncatedError naming the member when the data is cut, after the bytes that were there', async () => {
    const cut = three.subarray(0, 512 + 300);
    for (const size of [1, 7, 511, cut.byteLength]) {
      const reader = readTar(new ByteReader(chunked(cut, size)), recordingContext());
      const first = (await reader.next()).value as Member;
      let got = 0;
      const error = await (async () => {
        try {
          for await (const c of first.content!) got += c.byteLength;
        } catch (e) {
          return e;
        }
      })();
      expect(got).toBe(300);
      expect(error).toBeInstanceOf(TruncatedError);
      expect(error).toMatchObject({ code: 'TAR_TRUNCATED', member: 'one', offset: 812 });
      expect(first.problems.map((p) => p.code)).toEqual(['TAR_TRUNCATED']);
      // ...and again from the reader, for a caller that did not read the content.
      await expect(reader.next()).rejects.toBeInstanceOf(TruncatedError);
    }
  });

  it('throws a TruncatedError when the archive ends inside a header', async () => {
    const cut = three.subarray(0, 1536 + 100);
    const seen: string[] = [];
    await expect(
      (async () => {
        for await (const m of readTar(new ByteReader(chunked(cut, 7)), recordingContext())) seen.push(m.path);
      })(),
    ).rejects.toMatchObject({ code: 'TAR_TRUNCATED', offset: 1536 });
    expect(seen).toEqual(['one']);
  });

  it('accepts an archive without end-of-archive blocks, and reports data after them', async () => {
    const noEnd = three.subarray(0, 3584);
    const a = await readEveryWay(noEnd);
    expect(a.members).toHaveLength(3);
    expect(a.layers).toEqual([{ format: 'tar', raw: { end: 'eof', endOffset: 3584, paddingBytes: 0, members: 3 } }]);
    const two = new Uint8Array(three.byteLength * 2);
    two.set(three);
    two.set(three, three.byteLength);
    const b = await readEveryWay(two);
    expect(b.members.map((m) => m.path)).toEqual(['one', 'two', 'three']);
    expect(b.problems.map((p) => [p.code, p.offset])).toEqual([['TAR_DATA_AFTER_END', 10240]]);
  });

  it('fails on a negative base-256 size', async () => {
    const bytes = Uint8Array.from(writeTar([{ path: 'neg', content: 'x' }], { format: 'gnu' }));
    bytes.fill(0xff, 124, 136); // size = -1 in base-256
    fixChecksum(bytes.subarray(0, 512));
    await expect(readAll(bytes, 512)).rejects.toBeInstanceOf(FormatError);
    await expect(readAll(bytes, 512)).rejects.toMatchObject({ code: 'TAR_NEGATIVE_SIZE', offset: 0 });
  });
});

describe('decodeTarNumber', () => {
  it('reads octal with spaces and NULs, and base-256 of both signs', () => {
    const n = (bytes: number[] | string) => decodeTarNumber(typeof bytes === 'string' ? new TextEncoder().encode(bytes) : Uint8Array.from(bytes));
    expect(n('   444 \0')).toMatchObject({ value: 0o444, encoding: 'octal', clean: true });
    expect(n('\0\0\0\0\0\0\x000016\0')).toMatchObject({ value: 0, encoding: 'empty' }); // as libarchive reads it
    expect(n('0000644x')).toMatchObject({ value: 0o644, clean: false });
    expect(n([0x80, 0, 0, 0, 0, 0, 0x98, 0x96, 0x80].slice(0, 8))).toMatchObject({ value: 0x989680 >> 8, encoding: 'base256' });
    expect(n([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe])).toMatchObject({ value: -2, encoding: 'base256' });
    expect(n([0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10])).toMatchObject({ value: 16 });
  });
});

describe('readTar: sparse files (libarchive corpus samples)', () => {
  // Expected digests: of the expanded files, from the corpus's mtree listings, where libarchive's
  // digest covers the whole file (its last data region reaches the end of the file).
  for (const file of ['test_read_format_gtar_sparse_1_13.tar', 'test_read_format_gtar_sparse_1_17_posix10.tar']) {
    it(`${file}: expands holes to zeros, the same in every chunking`, async () => {
      const bytes = readFileSync(join(corpusDir, file));
      const { members } = await readEveryWay(bytes);
      const sparse2 = members.find((m) => m.path === 'sparse2')!;
      expect([sparse2.size, sparse2.sha256]).toEqual([99000001, 'bdecf207c3105a8b0a6586724d6280c2cfe80aaa268842cc74997013e80b2002']);
      expect((sparse2.raw.sparseMap as unknown[]).length).toBe(99);
      const sparse = members.find((m) => m.path === 'sparse')!;
      expect(sparse.size).toBe(3145728);
    });
  }
});

describe('readTar: many members', () => {
  it('reads 20,000 members in well under a second', async () => {
    const members = Array.from({ length: 20_000 }, (_, i) => ({ path: `dir/file-${i}.txt`, content: `content ${i}\n` }));
    const bytes = writeTar(members, { format: 'pax' });
    const started = performance.now();
    let count = 0;
    for await (const m of readTar(new ByteReader(chunked(bytes, 1 << 20)), recordingContext())) {
      for await (const c of m.content!) void c;
      count++;
    }
    const ms = performance.now() - started;
    expect(count).toBe(20_000);
    expect(ms).toBeLessThan(1500);
  });
});

function fixChecksum(block: Uint8Array): void {
  block.fill(0x20, 148, 156);
  let sum = 0;
  for (const b of block) sum += b;
  block.set(new TextEncoder().encode(`${sum.toString(8).padStart(6, '0')}\0 `), 148);
}
