/**
 * Agreement with libarchive over every uncompressed tar of the corpus (../shared/corpus/libarchive):
 * the rows whose first 512 bytes detect as tar. For rows libarchive reads (`ok`), our listing must
 * match its mtree listing field by field, sha256 of the content included; for rows it rejects, we
 * must stop with a clear FormatError or list what we can, quickly.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { ByteReader, chunked } from './byte-reader.js';
import { detect } from './detect.js';
import { bsdtarDigestLength } from '../../../test-fixtures/src/mtree.js';
import { FormatError } from './errors.js';
import { readTar } from './tar.js';
import { recordingContext } from './test-context.js';
import { compareWithMtree, corpusDir, corpusIndex, mtreePath, readMtree, type ListedEntry } from '../../../test-fixtures/src/mtree.js';

const rows = corpusIndex().filter((row) => {
  const head = readFileSync(join(corpusDir, row.file)).subarray(0, 512);
  return detect(head) === 'tar';
});

async function list(bytes: Uint8Array, chunk: number, ctx = recordingContext()): Promise<ListedEntry[]> {
  const out: ListedEntry[] = [];
  for await (const m of readTar(new ByteReader(chunked(bytes, chunk)), ctx)) {
    let sha256: string | null = null;
    if (m.content !== null) {
      // bsdtar writes the mtree digest from the data blocks libarchive hands out, zero-filling the
      // holes between them but not a hole at the end of a sparse file: hash what bsdtar hashed.
      const limit = bsdtarDigestLength(m.raw.sparseMap);
      const hash = createHash('sha256');
      let at = 0;
      for await (const c of m.content) {
        if (at < limit) hash.update(at + c.byteLength <= limit ? c : c.subarray(0, limit - at));
        at += c.byteLength;
      }
      sha256 = hash.digest('hex');
    }
    out.push({ path: m.path, type: m.type, mode: m.mode, uid: m.uid, gid: m.gid, uname: m.uname, gname: m.gname, mtime: m.mtime, size: m.size, linkTarget: m.linkTarget, sha256 });
  }
  return out;
}

describe('tar corpus: agreement with libarchive', () => {
  const ok = rows.filter((r) => r.libarchive === 'ok');
  const bad = rows.filter((r) => r.libarchive === 'error');

  it('finds the uncompressed tars of the corpus', () => {
    expect(ok.length).toBe(38);
    expect(bad.length).toBe(5);
  });

  it('lists every ok archive as libarchive does', async () => {
    let agree = 0;
    const failures: string[] = [];
    for (const row of ok) {
      const bytes = readFileSync(join(corpusDir, row.file));
      const listed = await list(bytes, 64 * 1024);
      const disagreements = compareWithMtree(listed, readMtree(row.file));
      // libarchive's count is of its mtree listing, where a path stored twice is listed once.
      const paths = new Set(listed.map((e) => mtreePath(e.path))).size;
      if (paths !== row.entries) disagreements.push(`entries: libarchive ${row.entries}, here ${paths} distinct paths`);
      if (disagreements.length === 0) agree++;
      else failures.push(`${row.file}:\n  ${disagreements.join('\n  ')}`);
    }
    console.log(`tar corpus: ${agree}/${ok.length} agree`);
    expect(failures).toEqual([]);
  });

  it('lists the same in 7- and 511-byte chunks', async () => {
    for (const row of ok) {
      const bytes = readFileSync(join(corpusDir, row.file));
      if (bytes.byteLength > 100_000) continue;
      const whole = await list(bytes, bytes.byteLength);
      expect(await list(bytes, 7), row.file).toEqual(whole);
      expect(await list(bytes, 511), row.file).toEqual(whole);
    }
  });

  for (const row of bad) {
    it(`${row.file}: a clear error or a listing, within 5 s (libarchive: ${row.error?.split('\n')[0]})`, async () => {
      const bytes = readFileSync(join(corpusDir, row.file));
      const started = Date.now();
      let outcome: string;
      const ctx = recordingContext();
      try {
        const listed = await list(bytes, 4096, ctx);
        outcome = `listed ${listed.map((e) => JSON.stringify(e.path)).join(', ')}; problems: ${ctx.problems.map((p) => p.code).join(', ')}`;
      } catch (error) {
        expect(error).toBeInstanceOf(FormatError);
        outcome = `${(error as FormatError).code}: ${(error as FormatError).message}`;
      }
      expect(Date.now() - started).toBeLessThan(5000);
      expect(outcome).toBe(expectedOutcome[row.file]);
    });
  }
});

/** What we do with each archive libarchive rejects, and why that is right. */
const expectedOutcome: Record<string, string> = {
  // Two pax paths that are not UTF-8 (one under hdrcharset=BINARY): libarchive cannot convert them
  // to the locale; we list them as stored, in latin1, with their bytes in pathBytes.
  'test_pax_filename_encoding.tar': 'listed "abcÌ\u008cmnoüxyz", "abcÌ\u008cmnoüxyz"; problems: ',
  // Headers with bad checksums between members: skipped to the next valid header, as GNU tar does.
  'test_read_format_tar_acl_oob_read.tar': 'listed "file"; problems: TAR_BAD_CHECKSUM',
  'test_read_format_tar_invalid_pax_size.tar':
    'TAR_NEGATIVE_SIZE: tar: pax size attribute of member aaa is negative; expected a size of 0 or more',
  'test_read_format_tar_pax_g_large.tar':
    'TAR_META_TOO_LARGE: tar: pax global header record at offset 0 declares 4294967296 bytes, more than the 1048576 a meta record may take, and the stream ends 1536 bytes later; a damaged header or a truncated archive',
  // A pax record "4 x=" with no newline: a problem on the member, which is listed.
  'test_read_pax_empty_val_no_nl.tar': 'listed "empty"; problems: ',
};
