/**
 * Conformance, end to end: every archive of libarchive's test suite (../shared/corpus/libarchive)
 * walked the way `whydiff ls` walks it, compression layers included. Archives libarchive reads
 * must list what libarchive lists (top level only: libarchive does not open nested archives);
 * archives it rejects must end with a typed error or a listing, within 5 s each.
 */
import { describe, expect, it, afterAll } from 'vitest';
import { join } from 'node:path';
import { WhydiffError } from '@whydiff/formats';
import { bsdtarDigestLength, compareWithMtree, knownDisagreements, corpusDir, corpusIndex, readMtree, type CorpusRow } from '../../../test-fixtures/src/mtree.js';
import { walkArtifact, type WalkEntry } from './walk.js';

const rows = corpusIndex();
const agreed: string[] = [];

async function listTopLevel(row: CorpusRow): Promise<WalkEntry[]> {
  const entries: WalkEntry[] = [];
  for await (const event of walkArtifact(join(corpusDir, row.file), { name: row.file })) {
    if (event.kind === 'entry' && event.entry.depth === 0) entries.push(event.entry);
  }
  return entries;
}

function within<T>(ms: number, promise: Promise<T>): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`did not end within ${ms} ms`)), ms))]);
}

describe('libarchive corpus, read as whydiff ls reads it', () => {
  for (const row of rows.filter((r) => r.libarchive === 'ok')) {
    it(`${row.file} lists what libarchive lists`, async () => {
      const outcome = await within(5000, listTopLevel(row).catch((error: unknown) => error));
      if (row.entries === 0 && outcome instanceof WhydiffError) {
        // libarchive lists nothing from these (a lone damaged header); a typed error says as much.
        agreed.push(row.file);
        return;
      }
      if (!Array.isArray(outcome)) throw outcome;
      const entries = outcome as WalkEntry[];
      // bsdtar's sha256 of a sparse file stops at its last data region (a trailing hole is not
      // hashed); ours covers the whole expanded file. Only that line may differ, and only there.
      const trailingHole = new Set(entries.filter((e) => bsdtarDigestLength(e.raw.sparseMap) < e.size).map((e) => `./${e.path.replace(/^\.?\//, '')}: sha256:`));
      const disagreements = compareWithMtree(entries, readMtree(row.file)).filter((line) => ![...trailingHole].some((prefix) => line.startsWith(prefix)));
      expect(disagreements).toEqual(knownDisagreements[row.file] ?? []);
      // A path stored twice is listed once by libarchive's mtree (the last one wins).
      expect(new Set(entries.map((e) => e.path)).size).toBe(row.entries);
      if (!(row.file in knownDisagreements)) agreed.push(row.file);
    });
  }

  for (const row of rows.filter((r) => r.libarchive === 'error')) {
    it(`${row.file} (libarchive: error) ends cleanly within 5 s`, async () => {
      const outcome = await within(5000, listTopLevel(row).then(() => 'listed', (error: unknown) => error));
      if (outcome !== 'listed') {
        expect(outcome).toBeInstanceOf(WhydiffError);
        expect((outcome as WhydiffError).oneLine()).toMatch(new RegExp(`^${row.file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `));
      }
    });
  }

  afterAll(() => {
    const ok = rows.filter((r) => r.libarchive === 'ok').length;
    console.log(`libarchive corpus: ${agreed.length}/${ok} archives libarchive reads agree (${Object.keys(knownDisagreements).length} disagree on purpose, asserted line by line); ${rows.length - ok} it rejects end cleanly`);
  });
});
