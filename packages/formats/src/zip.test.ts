import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { zipFixtures, ZIP_BUILD_TIME, ZIP_REBUILD_TIME, writeWheel } from '../../../test-fixtures/src/zip-pairs.js';
import { writeZip, type ZipEntry } from '../../../test-fixtures/src/zip-writer.js';
import { contentNow, type ContentAtHand, type LayerInfo, type Member, type Problem, type RandomAccessSource, type RawFields } from './entry.js';
import { FormatError } from './errors.js';
import { decodePycHeader } from './pyc.js';
import { BufferSource, FileSource } from './random-access.js';
import { OffsetList, readZip, type ZipReadOptions } from './zip.js';
import { contentAt } from './zip-content.js';

/** What a user sees of a member: every field, the content's digest, its problems. */
interface Seen {
  path: string;
  pathBytes?: string;
  type: string;
  mode: string;
  uid: number | null;
  gid: number | null;
  mtime: number | null;
  atime?: number | null;
  size: number;
  linkTarget: string | null;
  sha256: string | null;
  head: string | null;
  problems: string[];
  raw: RawFields;
}

interface Listing {
  members: Seen[];
  layers: LayerInfo[];
  problems: Problem[];
}

/** A source whose streams come in `chunk`-byte pieces (the zip analogue of feeding odd chunks). */
class ChunkedSource implements RandomAccessSource {
  private readonly inner: BufferSource;
  private readonly chunk: number;
  constructor(bytes: Uint8Array, chunk: number) {
    this.inner = new BufferSource(bytes);
    this.chunk = chunk;
  }
  get size() {
    return this.inner.size;
  }
  read(position: number, length: number) {
    return this.inner.read(position, length);
  }
  stream(start: number, end: number) {
    return this.inner.stream(start, end, this.chunk);
  }
}

async function listSource(source: RandomAccessSource, options?: ZipReadOptions, atHand = false): Promise<Listing> {
  const layers: LayerInfo[] = [];
  const problems: Problem[] = [];
  const members: Seen[] = [];
  for await (const m of readZip(source, { artifact: 't.zip', layer: (l) => layers.push(l), problem: (p) => problems.push(p) }, options)) {
    members.push(await see(m, atHand));
  }
  return { members, layers, problems };
}

/** What a reader of the member sees; `atHand`: the content taken at once where the reader can give it so (as the walk does). */
async function see(m: Member, atHand = false): Promise<Seen> {
  let sha256: string | null = null;
  let head: string | null = null;
  if (m.content !== null) {
    const hash = createHash('sha256');
    const parts: Buffer[] = [];
    for await (const chunk of (atHand ? contentNow(m.content) : null) ?? m.content) {
      hash.update(chunk);
      parts.push(Buffer.from(chunk));
    }
    sha256 = hash.digest('hex');
    head = Buffer.concat(parts).subarray(0, 16).toString('hex');
  }
  return {
    path: m.path,
    ...(m.pathBytes ? { pathBytes: Buffer.from(m.pathBytes).toString('hex') } : {}),
    type: m.type,
    mode: m.mode.toString(8),
    uid: m.uid,
    gid: m.gid,
    mtime: m.mtime,
    ...(m.atime !== undefined ? { atime: m.atime } : {}),
    size: m.size,
    linkTarget: m.linkTarget,
    sha256,
    head,
    problems: m.problems.map((p) => `${p.code}: ${p.message}`),
    raw: m.raw,
  };
}

/**
 * Read whole, with each small member's content taken at once (as the walk takes it), then through
 * 1-, 7- and 511-byte windows and streams with no one-call inflate; all must agree.
 */
async function list(bytes: Uint8Array): Promise<Listing> {
  const whole = await listSource(new BufferSource(bytes));
  expect(await listSource(new BufferSource(bytes), undefined, true)).toEqual(whole);
  for (const n of [1, 7, 511]) {
    const chunked = await listSource(new ChunkedSource(bytes, n), { windowBytes: n, inflateSyncMaxBytes: n === 511 ? 0 : n });
    expect(chunked).toEqual(whole);
  }
  return whole;
}

const fixture = (name: string) => {
  const f = zipFixtures.find((x) => x.name === name);
  if (!f) throw new Error(`no fixture ${name}`);
  return f.bytes() as Uint8Array;
};
const sha = (text: string) => createHash('sha256').update(text).digest('hex');
const pick = (l: Listing, ...keys: Array<keyof Seen>) => l.members.map((m) => Object.fromEntries(keys.map((k) => [k, m[k]])));

describe('readZip on the fixture pairs', () => {
  it('dos-time: only the DOS times differ, read as UTC', async () => {
    const a = await list(fixture('zip/dos-time/a.zip'));
    const b = await list(fixture('zip/dos-time/b.zip'));
    expect(pick(a, 'path', 'type', 'mode', 'mtime', 'size')).toEqual([
      { path: 'acme/', type: 'dir', mode: '755', mtime: ZIP_BUILD_TIME, size: 0 },
      { path: 'acme/__init__.py', type: 'file', mode: '644', mtime: ZIP_BUILD_TIME, size: 50 },
      { path: 'acme/core.py', type: 'file', mode: '644', mtime: ZIP_BUILD_TIME, size: 13556 },
      { path: 'README.txt', type: 'file', mode: '644', mtime: ZIP_BUILD_TIME, size: 49 },
    ]);
    expect(b.members.map((m) => m.mtime)).toEqual([ZIP_REBUILD_TIME, ZIP_REBUILD_TIME, ZIP_REBUILD_TIME, ZIP_REBUILD_TIME]);
    expect(a.members[1]!.raw.dosDateTime).toBe('2023-11-14T22:13:20');
    expect(b.members[1]!.raw.dosDateTime).toBe('2023-11-14T23:13:20');
    expect(a.members.map((m) => m.sha256)).toEqual(b.members.map((m) => m.sha256));
    expect(a.members[3]!.sha256).toBe(sha('acme\n====\n\nA tiny package used by whydiff tests.\n'));
    expect(a.members.flatMap((m) => m.problems)).toEqual([]);
  });

  it('extra-fields: `zip -X` against 0x5455 and 0x7875', async () => {
    const a = await list(fixture('zip/extra-fields/a.zip'));
    const b = await list(fixture('zip/extra-fields/b.zip'));
    expect(pick(a, 'uid', 'gid')[1]).toEqual({ uid: null, gid: null });
    expect(a.members[1]!.atime).toBeUndefined();
    expect(pick(b, 'uid', 'gid', 'mtime', 'atime')[1]).toEqual({ uid: 1000, gid: 1000, mtime: ZIP_BUILD_TIME, atime: ZIP_BUILD_TIME });
    expect(a.members[1]!.raw.extra).toEqual([]);
    // the central copy of 0x5455 keeps the flags but holds mtime only (Info-ZIP's rule)
    expect(b.members[1]!.raw.extra).toEqual([
      { id: '0x5455', name: 'extended-timestamp', size: 5, data: '0300f15365', flags: 3, mtime: ZIP_BUILD_TIME },
      { id: '0x7875', name: 'info-zip-unix', size: 0, data: '' },
    ]);
    expect((b.members[1]!.raw.local as RawFields).extra).toEqual([
      { id: '0x5455', name: 'extended-timestamp', size: 9, data: '0300f1536500f15365', flags: 3, mtime: ZIP_BUILD_TIME, atime: ZIP_BUILD_TIME },
      { id: '0x7875', name: 'info-zip-unix', size: 11, data: '0104e803000004e8030000', version: 1, uid: 1000, gid: 1000 },
    ]);
  });

  it('deflate-level: same content, other compressed bytes', async () => {
    const a = await list(fixture('zip/deflate-level/a.zip'));
    const b = await list(fixture('zip/deflate-level/b.zip'));
    expect(a.members.map((m) => m.sha256)).toEqual(b.members.map((m) => m.sha256));
    expect([a.members[2]!.raw.compressedSize, b.members[2]!.raw.compressedSize]).toEqual([2177, 2110]);
    expect(a.members[2]!.raw.crc32).toBe(b.members[2]!.raw.crc32);
  });

  it('member-order: central-directory order is kept', async () => {
    const b = await list(fixture('zip/member-order/b.zip'));
    expect(b.members.map((m) => m.path)).toEqual(['README.txt', 'acme/core.py', 'acme/__init__.py', 'acme/']);
    expect(b.members.map((m) => m.raw.index)).toEqual([0, 1, 2, 3]);
  });

  it('external-attributes: 0644 against 0755', async () => {
    const a = await list(fixture('zip/external-attributes/a.zip'));
    const b = await list(fixture('zip/external-attributes/b.zip'));
    expect([a.members[2]!.mode, b.members[2]!.mode]).toEqual(['644', '755']);
    expect([a.members[2]!.raw.externalAttributesHex, b.members[2]!.raw.externalAttributesHex]).toEqual(['81a40000', '81ed0000']);
    expect(a.members[2]!.raw.host).toBe('unix');
  });

  it('utf8-flag: a UTF-8 name against a CP437 one', async () => {
    const a = await list(fixture('zip/utf8-flag/a.zip'));
    const b = await list(fixture('zip/utf8-flag/b.zip'));
    expect(pick(a, 'path', 'pathBytes')).toEqual([{ path: 'café.txt', pathBytes: undefined }]);
    expect(pick(b, 'path', 'pathBytes')).toEqual([{ path: 'café.txt', pathBytes: '636166822e747874' }]);
    expect([a.members[0]!.raw.flags, b.members[0]!.raw.flags]).toEqual([0x0800, 0]);
    expect(b.members[0]!.raw.nameHex).toBe('636166822e747874');
    expect(a.members[0]!.sha256).toBe(b.members[0]!.sha256);
  });

  it('zip64: the same members through zip64 extras and end records', async () => {
    const a = await list(fixture('zip/zip64/a.zip'));
    const b = await list(fixture('zip/zip64/b.zip'));
    const strip = (l: Listing) => pick(l, 'path', 'type', 'mode', 'mtime', 'size', 'sha256', 'problems');
    expect(strip(b)).toEqual(strip(a));
    expect(a.layers[0]!.raw.zip64).toBeUndefined();
    expect(b.layers[0]!.raw).toMatchObject({ entriesTotal: 0xffff, centralDirectoryOffset: 0xffffffff, zip64: { entriesTotal: 4 } });
    expect(b.members[2]!.raw).toMatchObject({ compressedSize: 0xffffffff, uncompressedSize: 0xffffffff, zip64: { uncompressedSize: 13556, compressedSize: 2177 } });
  });

  it('data-descriptor: with and without the PK\\7\\8 signature', async () => {
    const none = await list(fixture('zip/data-descriptor/a.zip'));
    const sig = await list(fixture('zip/data-descriptor-signature/a.zip'));
    const nosig = await list(fixture('zip/data-descriptor-signature/b.zip'));
    expect(none.members[1]!.raw.dataDescriptor).toBeUndefined();
    expect(sig.members[1]!.raw.dataDescriptor).toMatchObject({ signature: true, zip64: false, uncompressedSize: 50 });
    expect(nosig.members[1]!.raw.dataDescriptor).toMatchObject({ signature: false, zip64: false, uncompressedSize: 50 });
    expect(sig.members.map((m) => m.sha256)).toEqual(none.members.map((m) => m.sha256));
    expect([...sig.members, ...nosig.members].flatMap((m) => m.problems)).toEqual([]);
  });

  it('egg: recognized, PKG-INFO in the layer, .pyc header mtimes differ', async () => {
    const a = await list(fixture('egg/mtimes/a.egg'));
    const b = await list(fixture('egg/mtimes/b.egg'));
    expect(a.layers.map((l) => l.format)).toEqual(['zip', 'egg']);
    expect(a.layers[1]).toMatchObject({ summary: 'egg acme 1.0.0', raw: { name: 'acme', version: '1.0.0', metadataPath: 'EGG-INFO/PKG-INFO' } });
    const pyc = (l: Listing) => l.members.find((m) => m.path.endsWith('.pyc'))!;
    expect(pyc(a).mode).toBe('664'); // made by MS-DOS with no attributes: libarchive's 0664
    const ha = decodePycHeader(Buffer.from(pyc(a).head!, 'hex'))!;
    const hb = decodePycHeader(Buffer.from(pyc(b).head!, 'hex'))!;
    expect(ha.raw).toEqual({ magic: 3495, magicHex: 'a70d0d0a', pythonVersion: '3.11', flags: 0, kind: 'timestamp', sourceMtime: ZIP_BUILD_TIME, sourceMtimeIso: '2023-11-14T22:13:20Z', sourceSize: 50 });
    expect(hb.raw.sourceMtime).toBe(ZIP_REBUILD_TIME);
    expect(pyc(b).mtime).toBe(ZIP_REBUILD_TIME);
  });

  it('wheel: RECORD hashes checked as content streams', async () => {
    const a = await list(fixture('wheel/mtimes/a.whl'));
    expect(a.layers[1]).toMatchObject({ format: 'wheel', summary: 'wheel acme 1.0.0', raw: { recordPath: 'acme-1.0.0.dist-info/RECORD', wheel: { Generator: 'bdist_wheel (0.41.2)' } } });
    expect(a.members.flatMap((m) => m.problems)).toEqual([]);
    const tampered = await list(writeWheel({ tamper: { path: 'acme/__init__.py', data: 'x = 2\n' } }));
    expect(tampered.members[0]!.problems).toEqual([
      'WHEEL_RECORD_MISMATCH: wheel: sha256 of acme/__init__.py does not match RECORD; expected ' +
        createHash('sha256').update('"""acme: a tiny package."""\n__version__ = "1.0.0"\n').digest('base64url') +
        `, got ${createHash('sha256').update('x = 2\n').digest('base64url')}`,
    ]);
    const unrecorded = await list(writeWheel({ unrecorded: 'acme/core.py' }));
    expect(unrecorded.members[1]!.problems).toEqual(['WHEEL_RECORD_MISSING: wheel: acme/core.py is not listed in acme-1.0.0.dist-info/RECORD']);
  });
});

describe('readZip fields and problems', () => {
  const one = (entry: Partial<ZipEntry>, options = {}) => writeZip([{ name: 'f.txt', data: 'hello\n', mtime: ZIP_BUILD_TIME, ...entry }], options);

  it('keeps both values when local and central headers disagree', async () => {
    const l = await list(one({ localOverride: { crc32: 0x12345678, mtime: ZIP_REBUILD_TIME } }));
    expect(l.members[0]!.problems).toEqual([
      'ZIP_LOCAL_CENTRAL_MISMATCH: zip: dosTime differs between the local header and the central directory; central 2023-11-14T22:13:20, local 2023-11-14T23:13:20',
      'ZIP_LOCAL_CENTRAL_MISMATCH: zip: crc32 differs between the local header and the central directory; central 363a3020, local 12345678',
    ]);
    expect(l.members[0]!.raw).toMatchObject({ crc32: '363a3020', local: { crc32: '12345678' } });
  });

  it('reports a CRC-32 that does not match the content', async () => {
    const l = await list(one({ crcOverride: 0xdeadbeef }));
    expect(l.members[0]!.problems).toEqual(['ZIP_CRC_MISMATCH: zip: crc-32 of the content does not match the header; expected deadbeef, got 363a3020']);
    expect(l.members[0]!.sha256).toBe(sha('hello\n'));
  });

  it('gives a small member in the read-ahead window at once, checked as its stream is; a damaged one only as a stream', async () => {
    const ctx = { artifact: 't.zip', layer: () => undefined, problem: () => undefined };
    const first = async (zip: Uint8Array) => {
      for await (const member of readZip(new BufferSource(zip), ctx)) return member;
      throw new Error('no member');
    };
    const good = await first(one({ data: 'hello hello hello\n' }));
    expect(contentNow(good.content)!.map((c) => Buffer.from(c).toString())).toEqual(['hello hello hello\n']);
    const bad = await first(one({ crcOverride: 0xdeadbeef }));
    expect(contentNow(bad.content)).not.toBeNull();
    expect(bad.problems.map((p) => p.code)).toEqual(['ZIP_CRC_MISMATCH']);
    const bytes = one({ data: 'hello hello hello\n' });
    const data = Buffer.from(bytes).indexOf(Buffer.from('f.txt')) + 'f.txt'.length;
    const damaged = Uint8Array.from(bytes);
    damaged[data] = 0xff; // an invalid deflate block type
    const broken = await first(damaged);
    expect(contentNow(broken.content)).toBeNull();
  });

  it('gives at once a small member whose data lies across the read-ahead window\'s end (read into a window of its own)', async () => {
    const ctx = { artifact: 't.zip', layer: () => undefined, problem: () => undefined };
    const texts = Array.from({ length: 12 }, (_, i) => `member ${i} `.repeat(40 + i));
    const zip = writeZip(texts.map((data, i) => ({ name: `m${i}.txt`, data, method: 'stored' as const })));
    const atHand: boolean[] = [];
    const read: string[] = [];
    // A window of 600 bytes: several members' data lie across its end.
    for await (const member of readZip(new BufferSource(zip), ctx, { windowBytes: 600 })) {
      const now = contentNow(member.content);
      atHand.push(now !== null);
      read.push(Buffer.concat(now ?? []).toString());
    }
    expect(atHand.every(Boolean)).toBe(true);
    expect(read).toEqual(texts);
  });

  it('says where each member\'s stored bytes lie in the file, which give its content again (contentAt)', async () => {
    const ctx = { artifact: 't.zip', layer: () => undefined, problem: () => undefined };
    const texts = ['deflated '.repeat(50), 'stored as it is', ''];
    const entries = texts.map((data, i) => ({ name: `m${i}.txt`, data, method: i === 1 ? ('stored' as const) : ('deflate' as const) }));
    // After 64 bytes of a self-extractor's stub: the places are the file's own offsets.
    const zip = writeZip(entries, { prefix: new Uint8Array(64).fill(0x4d) });
    const again: string[] = [];
    for await (const member of readZip(new BufferSource(zip), ctx)) {
      const at = (member.content as ContentAtHand).location!()!;
      again.push(Buffer.from(contentAt(zip.subarray(at.start, at.end), at, 1 << 20)).toString());
      expect(Buffer.from(contentAt(zip.subarray(at.start, at.end), at, 4)).toString()).toBe(texts[again.length - 1]!.slice(0, 4));
    }
    expect(again).toEqual(texts);
  });

  it('reads a member again only as it was: other bytes at its place are refused (contentAt)', async () => {
    const ctx = { artifact: 't.zip', layer: () => undefined, problem: () => undefined };
    const zip = writeZip([{ name: 'a.txt', data: 'first version', method: 'stored' }]);
    for await (const member of readZip(new BufferSource(zip), ctx)) {
      const at = (member.content as ContentAtHand).location!()!;
      const changed = Uint8Array.from(zip.subarray(at.start, at.end));
      changed[0] = 0x46; // 'F': same length, another CRC-32
      const crc = crc32(Buffer.from('first version')).toString(16).padStart(8, '0');
      expect(() => contentAt(changed, at, 100)).toThrow(`the stored bytes at ${at.start} no longer give the declared content (13 bytes, CRC-32 ${crc})`);
      expect(() => contentAt(zip.subarray(at.start, at.end - 1), at, 100)).toThrow(/no longer give/);
    }
  });

  it('lists members in methods it cannot read, without content', async () => {
    const l = await list(one({ method: 12 }));
    expect(l.members[0]).toMatchObject({ path: 'f.txt', size: 6, sha256: null, problems: ['ZIP_UNSUPPORTED_METHOD: zip: unsupported compression method 12 (bzip2); content not read'] });
    const e = await list(one({ extraFlags: 1, method: 'stored' }));
    expect(e.members[0]).toMatchObject({ sha256: null, problems: ['ZIP_ENCRYPTED: zip: member is encrypted; its content is not read or compared'] });
  });

  it('derives modes from MS-DOS attributes as libarchive does', async () => {
    const l = await list(
      writeZip([
        { name: 'ro.txt', data: 'a', madeBy: 0x0014, externalAttributes: 0x01 },
        { name: 'rw.txt', data: 'a', madeBy: 0x0014, externalAttributes: 0x20 },
        { name: 'dir', madeBy: 0x0014, externalAttributes: 0x10 },
        { name: 'win\\path.txt', data: 'a', madeBy: 0x0014, externalAttributes: 0 },
      ]),
    );
    expect(pick(l, 'path', 'type', 'mode')).toEqual([
      { path: 'ro.txt', type: 'file', mode: '444' },
      { path: 'rw.txt', type: 'file', mode: '664' },
      { path: 'dir', type: 'dir', mode: '775' },
      { path: 'win/path.txt', type: 'file', mode: '664' },
    ]);
  });

  it('reads a symlink target from its content', async () => {
    const l = await list(writeZip([{ name: 'link', data: 'target/file', unixMode: 0o120777, method: 'stored' }]));
    expect(pick(l, 'path', 'type', 'mode', 'linkTarget', 'size', 'sha256')).toEqual([
      { path: 'link', type: 'symlink', mode: '777', linkTarget: 'target/file', size: 0, sha256: null },
    ]);
  });

  it('keeps archive and member comments', async () => {
    const l = await list(one({ comment: 'member note' }, { comment: 'built by ci' }));
    expect(l.layers[0]!.raw).toMatchObject({ comment: 'built by ci', commentLength: 11, entriesTotal: 1 });
    expect(l.members[0]!.raw.comment).toBe('member note');
  });

  it('finds members behind a self-extractor stub', async () => {
    const l = await list(one({}, { prefix: new Uint8Array(1000).fill(0x90) }));
    expect(l.layers[0]!.raw.prefixBytes).toBe(1000);
    expect(pick(l, 'path', 'sha256', 'problems')).toEqual([{ path: 'f.txt', sha256: sha('hello\n'), problems: [] }]);
  });

  it('never goes past the declared size, and says when the content is longer or shorter', async () => {
    const bytes = one({ method: 'stored' });
    // central uncompressed size (offset 24 of the central header) 6 → 4 and → 9
    const cd = Buffer.from(bytes).indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    const shorter = Uint8Array.from(bytes);
    shorter[cd + 24] = 4;
    const l = await list(shorter);
    expect(l.members[0]).toMatchObject({ size: 4, sha256: sha('hell') });
    expect(l.members[0]!.problems).toContain('ZIP_SIZE_MISMATCH: zip: member content is longer than its declared size; expected 4 bytes, got at least 5');
    const deflated = one({ data: 'hello hello hello\n' });
    const cd2 = Buffer.from(deflated).indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    const longer = Uint8Array.from(deflated);
    longer[cd2 + 24] = 30;
    const l2 = await list(longer);
    expect(l2.members[0]).toMatchObject({ size: 30, sha256: sha('hello hello hello\n') });
    expect(l2.members[0]!.problems).toContain('ZIP_SIZE_MISMATCH: zip: member content is shorter than its declared size; expected 30 bytes, got 18');
  });

  it('falls back to the local headers when the central directory is damaged', async () => {
    const bytes = Uint8Array.from(fixture('zip/data-descriptor-signature/b.zip'));
    const cd = Buffer.from(bytes).indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    bytes[cd + 2] = 0x09; // break the first central signature
    const l = await list(bytes);
    expect(l.problems.map((p) => p.code)).toEqual(['ZIP_CENTRAL_DIRECTORY_DAMAGED']);
    const good = await list(fixture('zip/data-descriptor-signature/b.zip'));
    expect(pick(l, 'path', 'size', 'sha256', 'mtime')).toEqual(pick(good, 'path', 'size', 'sha256', 'mtime'));
    // The three intact central headers are recovered and give their members their attributes; the
    // first member's header is the broken one: without attributes its mode is libarchive's default.
    expect(good.members.map((m) => m.mode)).toEqual(['755', '644', '644', '644']);
    expect(l.members.map((m) => [m.mode, m.raw.source, m.problems.map((p) => p.split(':')[0])])).toEqual([
      ['775', 'local-header-scan', ['ZIP_CENTRAL_HEADER_MISSING']],
      ['644', 'central-directory', []],
      ['644', 'central-directory', []],
      ['644', 'central-directory', []],
    ]);
    expect(l.members.slice(1).map((m) => m.raw)).toEqual(good.members.slice(1).map((m) => ({ ...m.raw, index: expect.any(Number) })));
    expect(l.layers[0]!.raw).toMatchObject({ prefixBytes: 0, source: 'local-header-scan' });
  });

  it('a wrong central directory offset in the end record is reported, not taken for a stub; members read at their offsets', async () => {
    const good = fixture('zip/dos-time/a.zip');
    const eocd = good.byteLength - 22;
    const goodListing = await list(good);
    const cdOffset = Buffer.from(good).readUInt32LE(eocd + 16);
    const cdSize = Buffer.from(good).readUInt32LE(eocd + 12);
    const damaged = (offset: number, size = cdSize) => {
      const bytes = Uint8Array.from(good);
      Buffer.from(bytes.buffer).writeUInt32LE(offset, eocd + 16);
      Buffer.from(bytes.buffer).writeUInt32LE(size, eocd + 12);
      return bytes;
    };
    // Too small (looks like a 258-byte stub), too large, and wrong together with the size (found
    // by scanning back from the end record for a chain of central headers).
    for (const [offset, size] of [[cdOffset - 258, cdSize], [cdOffset + 40, cdSize], [cdOffset - 100, 7]] as const) {
      const l = await list(damaged(offset, size));
      expect(l.problems).toEqual([
        {
          code: 'ZIP_CENTRAL_DIRECTORY_OFFSET',
          message: `zip: the end of central directory record puts the central directory at offset ${offset}, found it at offset ${cdOffset}; the local headers are at their recorded offsets, so the record's offset is wrong (not a prefix)`,
          offset: eocd,
        },
      ]);
      expect(l.layers[0]!.raw).toMatchObject({ prefixBytes: 0, centralDirectoryOffset: offset });
      expect(pick(l, 'path', 'mode', 'mtime', 'sha256', 'problems')).toEqual(pick(goodListing, 'path', 'mode', 'mtime', 'sha256', 'problems'));
    }
  });

  it('a stub and a right offset still read as a stub, with no problem', async () => {
    const l = await list(writeZip([{ name: 'a.txt', data: 'a\n' }, { name: 'b.txt', data: 'b\n' }], { prefix: new Uint8Array(258).fill(0x4d) }));
    expect(l.problems).toEqual([]);
    expect(l.layers[0]!.raw.prefixBytes).toBe(258);
    expect(pick(l, 'path', 'sha256', 'problems')).toEqual([
      { path: 'a.txt', sha256: sha('a\n'), problems: [] },
      { path: 'b.txt', sha256: sha('b\n'), problems: [] },
    ]);
  });

  it('reads a zip whose end record was cut off by scanning local headers', async () => {
    const bytes = fixture('zip/dos-time/a.zip');
    const cd = Buffer.from(bytes).indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    const l = await list(bytes.subarray(0, cd));
    expect(l.problems[0]!.message).toBe('zip: end of central directory not found; members were found by scanning local headers');
    expect(l.members.map((m) => m.path)).toEqual(['acme/', 'acme/__init__.py', 'acme/core.py', 'README.txt']);
  });

  it('throws ZIP_EOCD_NOT_FOUND on bytes that are not a zip', async () => {
    const error = await listSource(new BufferSource(new TextEncoder().encode('just some text, no zip here'))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FormatError);
    expect(error).toMatchObject({ code: 'ZIP_EOCD_NOT_FOUND', message: 'zip: end of central directory not found; not a zip file, or truncated' });
  });

  it('gives the same listing through a FileSource and a BufferSource', async () => {
    const bytes = fixture('egg/mtimes/a.egg');
    const dir = mkdtempSync(join(tmpdir(), 'whydiff-zip-'));
    try {
      writeFileSync(join(dir, 'a.egg'), bytes);
      const file = await FileSource.open(join(dir, 'a.egg'));
      try {
        expect(await listSource(file)).toEqual(await listSource(new BufferSource(bytes)));
      } finally {
        await file.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the central directory index (OffsetList)', () => {
  it('holds offsets in 4 bytes until one lies past 4 GiB, then keeps every offset exactly', () => {
    const offsets = new OffsetList();
    const expected: number[] = [];
    for (let i = 0; i < 1000; i++) expected.push(i * 4_300_000); // the last ones past 2^32
    expected.push(2 ** 53 - 1);
    for (const offset of expected) offsets.push(offset);
    expect(offsets.length).toBe(expected.length);
    expect(expected.map((_, i) => offsets.at(i))).toEqual(expected);
    expect(() => offsets.at(expected.length)).toThrow('central directory entry 1001 is outside the 1001 indexed');
  });
});
