/**
 * Conformance with libarchive: every archive of the shared corpus that is a zip (by its first
 * bytes, or a .zip/.jar/.xps name: self-extractors and zips behind garbage do not start with a
 * local header, and libarchive's seeking reader still finds their end record) is read with
 * readZip and compared with bsdtar's mtree listing.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareWithMtree, corpusDir, corpusIndex, knownDisagreements, readMtree, type ListedEntry } from '../../../test-fixtures/src/mtree.js';
import { detect, DETECT_BYTES } from './detect.js';
import type { LayerInfo, Member, Problem } from './entry.js';
import { WhydiffError } from './errors.js';
import { FileSource } from './random-access.js';
import { readZip } from './zip.js';

const rows = corpusIndex().filter((row) => {
  if (/\.(zip|jar|xps)$/.test(row.file)) return true;
  const head = readFileSync(join(corpusDir, row.file)).subarray(0, DETECT_BYTES);
  return detect(head) === 'zip';
});

interface Listing {
  entries: ListedEntry[];
  members: Member[];
  layers: LayerInfo[];
  problems: Problem[];
}

async function list(file: string): Promise<Listing> {
  const source = await FileSource.open(join(corpusDir, file));
  const layers: LayerInfo[] = [];
  const problems: Problem[] = [];
  const entries: ListedEntry[] = [];
  const members: Member[] = [];
  try {
    for await (const m of readZip(source, { artifact: file, layer: (l) => layers.push(l), problem: (p) => problems.push(p) })) {
      let sha256: string | null = null;
      if (m.content !== null) {
        const hash = createHash('sha256');
        for await (const chunk of m.content) hash.update(chunk);
        sha256 = hash.digest('hex');
      }
      members.push(m);
      entries.push({ ...m, sha256 });
    }
  } finally {
    await source.close();
  }
  return { entries, members, layers, problems };
}

/**
 * Disagreements we keep on purpose, each with its reason. The listing must show exactly these
 * lines: a new disagreement, or one of these going away, fails the test.
 */
const known = Object.fromEntries(Object.entries(knownDisagreements).filter(([file]) => /\.(zip|jar|xps)$/.test(file)));

describe('zip corpus (libarchive conformance)', () => {
  it('finds the zip archives of the corpus', () => {
    expect(rows.length).toBeGreaterThanOrEqual(50);
  });

  it('agrees with libarchive on every archive it reads', async () => {
    const ok = rows.filter((r) => r.libarchive === 'ok');
    let agree = 0;
    const report: Record<string, string[]> = {};
    for (const row of ok) {
      let lines: string[];
      try {
        const { entries } = await list(row.file);
        lines = compareWithMtree(entries, readMtree(row.file));
      } catch (error) {
        lines = [`threw ${(error as Error).message}`];
      }
      if (lines.length === 0) agree++;
      else report[row.file] = lines;
    }
    console.log(`zip corpus: ${agree}/${ok.length} agree`);
    expect(report).toEqual(known);
    expect(agree).toBe(ok.length - Object.keys(known).length);
  });

  it('says why it disagrees on the known files', async () => {
    const crc = await list('test_read_format_zip.zip');
    const file2 = crc.members.find((m) => m.path === 'file2')!;
    expect(file2.problems.map((p) => p.code)).toEqual(['ZIP_DATA_DESCRIPTOR_MISMATCH', 'ZIP_CRC_MISMATCH']);
    const names = await list('test_read_format_zip_7075_utf8_paths.zip');
    expect(names.members.map((m) => m.path)).toEqual(['File 1.txt', 'File 2 - ö.txt', 'File 3 - ä.txt', 'File 4 - å.txt']);
    expect(names.members[3]!.problems.map((p) => p.message)).toEqual([
      'zip: name differs between the local header and the central directory; central "File 4 - å.txt", local "File 4 - xx.txt"',
    ]);
  });

  for (const row of rows.filter((r) => r.libarchive === 'error')) {
    it(`ends cleanly on ${row.file} (libarchive: ${(row.error ?? '').split('\n')[0]!.slice(0, 80)})`, async () => {
      const started = Date.now();
      try {
        const listing = await list(row.file);
        // A sensible listing: every member accounted for, with its problems said.
        expect(listing.layers[0]?.format).toBe('zip');
      } catch (error) {
        expect(error).toBeInstanceOf(WhydiffError);
        expect((error as WhydiffError).code).toMatch(/^ZIP_/);
      }
      expect(Date.now() - started).toBeLessThan(5000);
    });
  }
});
