/**
 * Reports built by code for the TUI tests: a nested release (outer tar whose members' mtimes all
 * differ, one file changed inside a nested .tgz) and a synthetic one of any size for the scale test.
 */
import type { DifferenceNode, Report } from '@whydiff/core';

const HOUR0 = 1704067200; // 2024-01-01 00:00:00 UTC
const HOUR1 = 1704070800;

function mtimeNode(path: string, type = 'file'): DifferenceNode {
  return {
    path,
    status: 'changed',
    markers: ['mtime'],
    typeA: type,
    typeB: type,
    fields: [
      { field: 'mtime', a: HOUR0, b: HOUR1 },
      { field: 'raw.mtime', a: HOUR0, b: HOUR1 },
    ],
    children: [],
  };
}

function report(differences: DifferenceNode[], causes: Report['causes'], entries: number): Report {
  return {
    schema: 'whydiff.report/1',
    tool: { name: 'whydiff', version: '0.1.0' },
    a: { name: 'a/release.tar.bz2', size: 20480, sha256: '3f2a9c0d1e4b5a6978877665544332211000ffeeddccbbaa9988776655443322', format: 'tar.bz2', entries },
    b: { name: 'b/release.tar.bz2', size: 20502, sha256: '8e1d77aa0b12c3d4e5f60718293a4b5c6d7e8f9001122334455667788990aabb', format: 'tar.bz2', entries },
    identical: false,
    contentIdentical: false,
    causes,
    differences,
    problems: [],
    stats: { entriesA: entries, entriesB: entries, matched: entries, differing: differences.length, added: 0, removed: 0, bytesReadA: 1, bytesReadB: 1, seconds: 0.1 },
  };
}

export const NESTED_CHANGED = 'release/dist/inner.tgz!/acme/src/version.py';

/** release/ with 6 members whose mtimes differ; release/dist/inner.tgz holds a changed version.py. */
export function nestedReport(): Report {
  const top = ['release/', 'release/NOTES.txt', 'release/bin/', 'release/bin/run', 'release/dist/', 'release/zz-last.txt'];
  const inner: DifferenceNode = {
    ...mtimeNode('release/dist/inner.tgz'),
    markers: ['mtime', 'content'],
    fields: [...mtimeNode('').fields, { field: 'sha256', a: 'aa'.repeat(32), b: 'bb'.repeat(32) }],
    children: [
      {
        path: NESTED_CHANGED,
        status: 'changed',
        markers: ['content'],
        typeA: 'file',
        typeB: 'file',
        fields: [{ field: 'size', a: 22, b: 22 }],
        content: {
          kind: 'text',
          truncated: false,
          unified: `--- a/${NESTED_CHANGED}\n+++ b/${NESTED_CHANGED}\n@@ -1,2 +1,2 @@\n # generated\n-__version__ = "1.0.0"\n+__version__ = "1.0.1"\n`,
        },
        children: [],
      },
    ],
  };
  const differences = [...top.slice(0, 5).map((p) => mtimeNode(p, p.endsWith('/') ? 'dir' : 'file')), inner, mtimeNode(top[5]!)];
  const mtimePaths = [...top, 'release/dist/inner.tgz'];
  return report(
    differences,
    [
      {
        category: 'content',
        paths: [NESTED_CHANGED],
        count: 1,
        summary: `1 file differs in content (${NESTED_CHANGED})`,
        remedy: 'the files really differ: compare the build inputs',
      },
      {
        category: 'timestamp',
        where: 'entry-mtime',
        paths: mtimePaths,
        count: mtimePaths.length,
        allEntries: true,
        summary: `all ${mtimePaths.length} entries differ in their recorded modification time`,
        remedy: 'set SOURCE_DATE_EPOCH and clamp member times',
      },
    ],
    12,
  );
}

/** `count` members at the top level, each differing in mtime: `pkg/file-000001.txt` ... */
export function syntheticReport(count: number): Report {
  const differences: DifferenceNode[] = [];
  for (let i = 1; i <= count; i++) differences.push(mtimeNode(`pkg/file-${String(i).padStart(6, '0')}.txt`));
  const paths = differences.map((d) => d.path);
  return report(differences, [{ category: 'timestamp', where: 'entry-mtime', paths, count, allEntries: true, summary: `all ${count} entries differ in mtime`, remedy: 'set SOURCE_DATE_EPOCH' }], count);
}
