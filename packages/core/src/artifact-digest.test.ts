/**
 * The artifact's fingerprint (sha256, size) on the report: hashed before reading, or, for files of
 * different sizes, as the walk reads the file (WalkOptions.artifactDigest). Either way it must be
 * the file's own sha256, whichever thread reads the side.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixturePath, generateAll, generatedPairs } from '../../../test-fixtures/src/generate.js';
import { writeZip } from '../../../test-fixtures/src/zip-writer.js';
import { compare } from './compare.js';
import { hashFile } from './side.js';
import { walkArtifact, type ArtifactDigest } from './walk.js';

beforeAll(async () => {
  await generateAll();
}, 60_000);

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('the artifact digest a walk takes as it reads the file', () => {
  it('is the sha256 of the whole file whatever the format, when the walk ends: bytes read in order, out of order or not at all', async () => {
    const seen = new Set<string>();
    for (const [a] of await generatedPairs()) {
      const path = fixturePath(a);
      const digest: ArtifactDigest = { sha256: null, size: 0 };
      let ended = true;
      try {
        for await (const _ of walkArtifact(path, { artifactDigest: digest })) void _;
      } catch {
        ended = false; // a hostile artifact may end the walk: then no digest
      }
      if (ended) {
        expect(digest, a).toEqual({ sha256: sha256(path), size: statSync(path).size });
        seen.add(a.replace(/^.*?a\./, ''));
      } else {
        expect(digest.sha256, a).toBeNull();
      }
    }
    // Streamed (tar.gz, tar.bz2, cpio...) and read by position (zip, xar: the directory first, from the end).
    expect([...seen]).toEqual(expect.arrayContaining(['tar.gz', 'tar.bz2', 'zip', 'pkg']));
  });

  it('is the file\'s sha256 when what the walk leaves to hash at its end is several pieces long', async () => {
    // A zip's central directory is read first and hashed last, in 256 KiB pieces through one
    // buffer: 3,000 members with 120-byte names make a directory of ~500 KB, two pieces and a part.
    const entries = Array.from({ length: 3000 }, (_, i) => ({ name: `${'deep/'.repeat(22)}${String(i).padStart(8, '0')}.txt`, data: `member ${i}\n`, mtime: 1_700_000_000 }));
    const dir = mkdtempSync(join(tmpdir(), 'whydiff-digest-'));
    try {
      const path = join(dir, 'many.zip');
      const bytes = writeZip(entries);
      writeFileSync(path, bytes);
      const digest: ArtifactDigest = { sha256: null, size: 0 };
      let members = 0;
      for await (const event of walkArtifact(path, { artifactDigest: digest })) if (event.kind === 'entry') members++;
      expect(members).toBe(3000);
      expect(digest).toEqual({ sha256: sha256(path), size: bytes.byteLength });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('hashFile (the digest made beside a walk, or before it) is the sha256 and size of a file of several pieces', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'whydiff-digest-'));
    try {
      const path = join(dir, 'pieces.bin');
      // 2.5 MiB and a byte: two whole 1 MiB pieces, a part, and a byte past a power of two.
      const bytes = Buffer.alloc(2.5 * 1024 * 1024 + 1, 0);
      for (let i = 0; i < bytes.byteLength; i++) bytes[i] = (i * 7 + (i >> 12)) & 0xff;
      writeFileSync(path, bytes);
      expect(await hashFile(path)).toEqual({ sha256: sha256(path), size: bytes.byteLength });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is not taken when the walk is stopped before its end', async () => {
    for (const ext of ['.tar.gz', '.zip']) {
      const [a] = (await generatedPairs()).find(([name]) => name.endsWith(ext))!;
      const digest: ArtifactDigest = { sha256: null, size: 0 };
      for await (const event of walkArtifact(fixturePath(a), { artifactDigest: digest })) if (event.kind === 'entry') break;
      expect(digest.sha256, a).toBeNull();
    }
  });
});

describe('the fingerprints on a report', () => {
  it('are each file’s own sha256 and size for every generated pair, read in this thread and in workers', async () => {
    for (const [a, b] of await generatedPairs()) {
      for (const thread of ['inline', 'worker'] as const) {
        const report = await compare(fixturePath(a), fixturePath(b), { fold: true, thread }).catch(() => null);
        if (report === null) continue; // a hostile pair that ends the comparison: no report to check
        expect({ sha256: report.a.sha256, size: report.a.size }, `${a} (${thread})`).toEqual({ sha256: sha256(fixturePath(a)), size: statSync(fixturePath(a)).size });
        expect({ sha256: report.b.sha256, size: report.b.size }, `${b} (${thread})`).toEqual({ sha256: sha256(fixturePath(b)), size: statSync(fixturePath(b)).size });
      }
    }
  }, 120_000);
});
