/**
 * Conformance with libarchive: every corpus archive that detects as cpio (uncompressed) is read and
 * its listing compared with libarchive's mtree listing; archives libarchive rejects must end in a
 * clear FormatError or a listing, within 5 s.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ByteReader, chunked } from './byte-reader.js';
import { readCpio } from './cpio.js';
import { DETECT_BYTES, detect } from './detect.js';
import { FormatError } from './errors.js';
import { recordingContext } from './test-context.js';
import { compareWithMtree, corpusDir, corpusIndex, readMtree, type ListedEntry } from '../../../test-fixtures/src/mtree.js';

const rows = corpusIndex().filter((row) => detect(readFileSync(join(corpusDir, row.file)).subarray(0, DETECT_BYTES)) === 'cpio');
/** Rejected by libarchive and not detected as cpio (afio's 070727 headers): fed to readCpio anyway. */
const extraErrorFiles = ['test_read_format_cpio_afio_header.part1.cpio', 'test_read_format_cpio_afio_header.part2.cpio'];

/** Known, explained disagreements: none. */
const knownDisagreements: Record<string, string[]> = {};

async function listing(bytes: Uint8Array, chunk: number): Promise<ListedEntry[]> {
  const out: ListedEntry[] = [];
  for await (const m of readCpio(new ByteReader(chunked(bytes, chunk)), recordingContext())) {
    let sha256: string | null = null;
    if (m.content !== null) {
      const h = createHash('sha256');
      for await (const c of m.content) h.update(c);
      sha256 = h.digest('hex');
    }
    // Names that are not UTF-8 (cp866, koi8-r, euc-jp in the corpus) are matched by their bytes.
    out.push({ path: m.path, ...(m.pathBytes !== undefined ? { pathBytes: m.pathBytes } : {}), type: m.type, mode: m.mode, uid: m.uid, gid: m.gid, uname: m.uname, gname: m.gname, mtime: m.mtime, size: m.size, linkTarget: m.linkTarget, sha256 });
  }
  return out;
}

describe('cpio corpus', () => {
  const ok = rows.filter((r) => r.libarchive === 'ok');
  it('has the archives the brief names', () => {
    expect(ok.length).toBe(15);
  });

  it('agrees with libarchive on every archive it reads', async () => {
    let agree = 0;
    const found: Record<string, string[]> = {};
    for (const row of ok) {
      const bytes = readFileSync(join(corpusDir, row.file));
      const listed = await listing(bytes, bytes.byteLength);
      expect(await listing(bytes, 7)).toEqual(listed);
      const problems = compareWithMtree(listed, readMtree(row.file));
      if (problems.length === 0) agree++;
      else found[row.file] = problems;
    }
    console.log(`cpio corpus: ${agree}/${ok.length} agree`);
    expect(found).toEqual(knownDisagreements);
  });

  const errors = [...rows.filter((r) => r.libarchive === 'error').map((r) => r.file), ...extraErrorFiles];
  for (const file of errors) {
    it(`ends cleanly on ${file}`, { timeout: 5000 }, async () => {
      const bytes = readFileSync(join(corpusDir, file));
      const outcome = await listing(bytes, 4096).then(
        (l) => `listed ${l.length}`,
        (e: unknown) => (e instanceof FormatError ? `${e.code}` : `crash ${String(e)}`),
      );
      expect(outcome).toBe(expectedErrorOutcome[file]);
    });
  }
});

/** What we do where libarchive gives up. */
const expectedErrorOutcome: Record<string, string> = {
  // An afio "large ASCII" header (magic 070727) we do not read: the first header has no cpio magic.
  'test_read_format_cpio_afio_header.part1.cpio': 'CPIO_BAD_MAGIC',
  'test_read_format_cpio_afio_header.part2.cpio': 'CPIO_BAD_MAGIC',
  // The only entry is named TRAILER!!! (a symlink with 128 KiB of data): the archive ends there,
  // with a CPIO_TRAILER_HAS_DATA problem; nothing is listed.
  'test_read_format_cpio_symlink_trailer.cpio': 'listed 0',
};
