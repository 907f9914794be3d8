import { describe, expect, it } from 'vitest';
import { deflateRawSync, gzipSync, crc32 } from 'node:zlib';
import { chunked } from './byte-reader.js';
import { gunzip } from './gzip.js';
import { collect, recordingContext } from './test-context.js';
import { FormatError, TruncatedError } from './errors.js';

/** A gzip member with every optional field, written by hand after RFC 1952 §2.3. */
function member(data: Buffer, opts: { mtime: number; os: number; fname?: string; comment?: string; extra?: Buffer; hcrc?: boolean }): Buffer {
  let flg = 0;
  const parts: Buffer[] = [];
  const header = Buffer.alloc(10);
  header.set([0x1f, 0x8b, 8], 0);
  header.writeUInt32LE(opts.mtime, 4);
  header[8] = 0; // XFL
  header[9] = opts.os;
  parts.push(header);
  if (opts.extra) {
    flg |= 4;
    const xlen = Buffer.alloc(2);
    xlen.writeUInt16LE(opts.extra.length);
    parts.push(xlen, opts.extra);
  }
  if (opts.fname !== undefined) {
    flg |= 8;
    parts.push(Buffer.from(`${opts.fname}\0`, 'latin1'));
  }
  if (opts.comment !== undefined) {
    flg |= 16;
    parts.push(Buffer.from(`${opts.comment}\0`, 'latin1'));
  }
  header[3] = opts.hcrc ? flg | 2 : flg;
  if (opts.hcrc) {
    const crc = Buffer.alloc(2);
    crc.writeUInt16LE(crc32(Buffer.concat(parts)) & 0xffff);
    parts.push(crc);
  }
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc32(data), 0);
  trailer.writeUInt32LE(data.length, 4);
  return Buffer.concat([...parts, deflateRawSync(data), trailer]);
}

const text = Buffer.from('the quick brown fox jumps over the lazy dog\n'.repeat(3000));
const other = Buffer.from('second member\n'.repeat(500));
const twoMembers = Buffer.concat([
  member(text, { mtime: 1_700_000_000, os: 3, fname: 'fox.txt', comment: 'café', extra: Buffer.from('AB\x02\x00hi', 'latin1'), hcrc: true }),
  member(other, { mtime: 0, os: 0 }),
]);

describe('gunzip', () => {
  for (const size of [twoMembers.length, 1, 7, 511, 65_537]) {
    it(`reads two members with every header field, fed in ${size}-byte chunks`, async () => {
      const ctx = recordingContext();
      const out = await collect(gunzip(chunked(twoMembers, size), ctx));
      expect(out.equals(Buffer.concat([text, other]))).toBe(true);
      expect(ctx.problems).toEqual([]);
      expect(ctx.layers.map((l) => l.raw)).toEqual([
        { member: 0, offset: 0, FLG: 0x1e, FTEXT: false, MTIME: 1_700_000_000, XFL: 0, XFLName: 'no flag (level 2-8)', OS: 3, OSName: 'Unix', FEXTRA: '414202006869', FNAME: 'fox.txt', FCOMMENT: 'café', FHCRC: expect.any(Number) },
        { member: 1, offset: twoMembers.length - member(other, { mtime: 0, os: 0 }).length, FLG: 0, FTEXT: false, MTIME: 0, XFL: 0, XFLName: 'no flag (level 2-8)', OS: 0, OSName: 'FAT', FEXTRA: null, FNAME: null, FCOMMENT: null, FHCRC: null },
      ]);
      expect(ctx.layers[0]!.summary).toBe('gzip mtime 2023-11-14T22:13:20.000Z, os 3, xfl 0, name "fox.txt"');
    });
  }

  it('reads many small members (each inflated at once) the same in every chunking, and finds damage where it lies', async () => {
    const parts = Array.from({ length: 300 }, (_, i) => Buffer.from(`member ${i}\n`.repeat((i % 7) + 1)));
    const members = parts.map((p) => member(p, { mtime: 0, os: 3 }));
    const starts = members.map((_, i) => members.slice(0, i).reduce((n, m) => n + m.length, 0));
    const bytes = Buffer.concat(members);
    for (const size of [bytes.length, 1, 7, 4096]) {
      const ctx = recordingContext();
      expect((await collect(gunzip(chunked(bytes, size), ctx))).equals(Buffer.concat(parts))).toBe(true);
      expect(ctx.layers.map((l) => l.raw.offset)).toEqual(starts);
      expect(ctx.problems).toEqual([]);
    }
    // Member 5's trailer CRC wrong, then member 9's deflate data damaged (BTYPE 11, reserved).
    const bad = Buffer.from(bytes);
    const crcAt = starts[6]! - 8;
    bad.writeUInt32LE(0xdeadbeef, crcAt);
    bad[starts[9]! + 10] = 0xff;
    for (const size of [bad.length, 7]) {
      const ctx = recordingContext();
      await expect(collect(gunzip(chunked(bad, size), ctx))).rejects.toMatchObject({ code: 'GZIP_BAD_DATA', message: expect.stringContaining(`deflate data of the member at offset ${starts[9]}:`) });
      expect(ctx.problems.map((p) => [p.code, p.offset])).toEqual([['GZIP_TRAILER_CRC', crcAt]]);
    }
  });

  it('reads what node:zlib writes', async () => {
    const ctx = recordingContext();
    expect((await collect(gunzip(chunked(gzipSync(text), 4096), ctx))).equals(text)).toBe(true);
  });

  it('reports a wrong CRC-32 and ISIZE in the trailer as problems and keeps the data', async () => {
    const bad = Buffer.from(member(text, { mtime: 0, os: 3 }));
    bad.writeUInt32LE(0xdeadbeef, bad.length - 8);
    bad.writeUInt32LE(12, bad.length - 4);
    const ctx = recordingContext();
    const out = await collect(gunzip(chunked(bad, 1000), ctx));
    expect(out.length).toBe(text.length);
    expect(ctx.problems.map((p) => [p.code, p.offset, p.message])).toEqual([
      ['GZIP_TRAILER_CRC', bad.length - 8, `gzip: CRC-32 of member 0: trailer says deadbeef, data gives ${crc32(text).toString(16).padStart(8, '0')}; the data is corrupt`],
      ['GZIP_TRAILER_ISIZE', bad.length - 4, `gzip: ISIZE of member 0: trailer says 12, inflated ${text.length} bytes`],
    ]);
  });

  it('reports trailing zero padding and trailing garbage', async () => {
    const one = member(other, { mtime: 0, os: 3 });
    const zeros = recordingContext();
    await collect(gunzip(chunked(Buffer.concat([one, Buffer.alloc(100)]), 33), zeros));
    expect(zeros.problems.map((p) => [p.code, p.offset])).toEqual([['GZIP_TRAILING_ZEROS', one.length]]);
    const junk = recordingContext();
    await collect(gunzip(chunked(Buffer.concat([one, Buffer.from('junk')]), 33), junk));
    expect(junk.problems.map((p) => p.message)).toEqual(['gzip: 4 bytes after the last member are not a gzip member (trailing garbage ignored)']);
  });

  it('stops a truncated file with a TruncatedError after yielding what was read', async () => {
    const whole = member(text, { mtime: 0, os: 3 });
    const cut = whole.subarray(0, Math.floor(whole.length * 0.6));
    const got: Buffer[] = [];
    const error = await (async () => {
      try {
        for await (const chunk of gunzip(chunked(cut, 100), recordingContext())) got.push(Buffer.from(chunk));
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(TruncatedError);
    expect((error as TruncatedError).message).toBe('gzip: unexpected end of data in the compressed data of the member at offset 0; the file is truncated');
    expect(Buffer.concat(got).equals(text.subarray(0, Buffer.concat(got).length))).toBe(true);
  });

  it('rejects a corrupt deflate stream and a bad header CRC with typed errors', async () => {
    const corrupt = Buffer.from(member(text, { mtime: 0, os: 3 }));
    corrupt[10] = 0xff; // BTYPE 11: reserved (error)
    await expect(collect(gunzip(chunked(corrupt, 512), recordingContext()))).rejects.toMatchObject({ code: 'GZIP_BAD_DATA' });
    const badHcrc = Buffer.from(member(other, { mtime: 0, os: 3, hcrc: true }));
    badHcrc[10] = badHcrc[10]! ^ 0xff;
    await expect(collect(gunzip(chunked(badHcrc, 512), recordingContext()))).rejects.toBeInstanceOf(FormatError);
    await expect(collect(gunzip(chunked(badHcrc, 512), recordingContext()))).rejects.toMatchObject({ code: 'GZIP_HEADER_CRC', offset: 10 });
  });

  it('passes the error of a broken layer below through (gzip of a truncated gzip), never leaving it unhandled', async () => {
    const inner = member(text, { mtime: 0, os: 3 });
    const outer = member(inner.subarray(0, Math.floor(inner.length * 0.6)), { mtime: 0, os: 3 });
    const twice = gunzip(gunzip(chunked(outer, 997), recordingContext()), recordingContext());
    await expect(collect(twice)).rejects.toMatchObject({ code: 'GZIP_TRUNCATED', message: 'gzip: unexpected end of data in the compressed data of the member at offset 0; the file is truncated' });
  });
});
