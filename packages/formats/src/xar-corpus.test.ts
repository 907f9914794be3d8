/**
 * Conformance with libarchive: every corpus archive that detects as xar is read and its listing
 * compared with libarchive's mtree listing; archives libarchive rejects (or spins on) must end in a
 * clear FormatError or a listing, within 5 s.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DETECT_BYTES, detect } from './detect.js';
import { FormatError } from './errors.js';
import { BufferSource } from './random-access.js';
import { recordingContext } from './test-context.js';
import { readXar } from './xar.js';
import { compareWithMtree, corpusDir, corpusIndex, readMtree, type ListedEntry } from '../../../test-fixtures/src/mtree.js';

const rows = corpusIndex().filter((row) => detect(readFileSync(join(corpusDir, row.file)).subarray(0, DETECT_BYTES)) === 'xar');
/** Named after xar but not xar (libarchive's writer fuzz outputs): fed to readXar anyway. */
const extraErrorFiles = ['test_write_format_xar_strcpy_overlap.bin', 'test_write_format_xar_underflow.bin'];

/** Known, explained disagreements: none. */
const knownDisagreements: Record<string, string[]> = {};

async function listing(bytes: Uint8Array): Promise<{ listed: ListedEntry[]; problems: string[] }> {
  const ctx = recordingContext();
  const listed: ListedEntry[] = [];
  const problems: string[] = [];
  for await (const m of readXar(new BufferSource(bytes), ctx)) {
    let sha256: string | null = null;
    if (m.content !== null) {
      const h = createHash('sha256');
      for await (const c of m.content) h.update(c);
      sha256 = h.digest('hex');
    }
    listed.push({ path: m.path, ...(m.pathBytes !== undefined ? { pathBytes: m.pathBytes } : {}), type: m.type, mode: m.mode, uid: m.uid, gid: m.gid, uname: m.uname, gname: m.gname, mtime: m.mtime, size: m.size, linkTarget: m.linkTarget, sha256 });
    for (const p of m.problems) problems.push(`${m.path}: ${p.code}`);
  }
  for (const p of ctx.problems) problems.push(p.code);
  return { listed, problems };
}

describe('xar corpus', () => {
  const ok = rows.filter((r) => r.libarchive === 'ok');
  it('has the archives the brief names', () => {
    expect(ok.length).toBe(5);
  });

  it('agrees with libarchive on every archive it reads', async () => {
    let agree = 0;
    const found: Record<string, string[]> = {};
    const problems: Record<string, string[]> = {};
    for (const row of ok) {
      const result = await listing(readFileSync(join(corpusDir, row.file)));
      const disagreements = compareWithMtree(result.listed, readMtree(row.file));
      if (disagreements.length === 0) agree++;
      else found[row.file] = disagreements;
      problems[row.file] = result.problems;
    }
    console.log(`xar corpus: ${agree}/${ok.length} agree`);
    expect(found).toEqual(knownDisagreements);
    // These archives are libarchive's regression tests for malformed TOCs: we list them as
    // libarchive does and say what is odd about each.
    expect(problems).toEqual(expectedProblems);
  });

  const errors = [...rows.filter((r) => r.libarchive === 'error').map((r) => r.file), ...extraErrorFiles];
  for (const file of errors) {
    it(`ends cleanly on ${file}`, { timeout: 5000 }, async () => {
      const outcome = await listing(readFileSync(join(corpusDir, file))).then(
        (r) => `listed ${r.listed.map((e) => `${e.path}:${e.type}:${e.linkTarget ?? ''}`).join(' ')}; ${r.problems.join(', ')}`,
        (e: unknown) => (e instanceof FormatError ? `${e.code}` : `crash ${String(e)}`),
      );
      expect(outcome).toBe(expectedErrorOutcome[file]);
    });
  }
});

const expectedProblems: Record<string, string[]> = {
  'test_read_format_xar_atou64_overread.xar': [],
  'test_read_format_xar_base64_oob.xar': [],
  'test_read_format_xar_duplicate_filename_node.xar': ['FileFile: XAR_DUPLICATE_ELEMENT'],
  'test_read_format_xar_large_mode.xar': [],
  'test_read_format_xar_parse_time_overread.xar': ['num: XAR_BAD_TIME'],
};

/** What we do where libarchive gives up. */
const expectedErrorOutcome: Record<string, string> = {
  // Each file has two <type> elements; libarchive links the file into its hard-link list twice
  // and loops forever. We use the first <type>, report the duplicate, and resolve link="1" once.
  'test_read_format_xar_doublelink.xar': 'listed file1:file: file2:hardlink:file1; file1: XAR_DUPLICATE_ELEMENT, file2: XAR_DUPLICATE_ELEMENT',
  'test_write_format_xar_strcpy_overlap.bin': 'XAR_BAD_MAGIC',
  'test_write_format_xar_underflow.bin': 'XAR_BAD_MAGIC',
};
