/**
 * Reports built by hand for the presenter tests, shaped like what the differ produces for a
 * rebuilt app tarball: every member's mtime moved an hour, the gzip header time too, a script lost
 * its group-write bit, a source line changed, a .pyc two archives down got a new source mtime, a
 * log was replaced by a build-info file, and one gzip member in b is damaged.
 */
import type { Report } from '@whydiff/core';

const HOUR0 = 1704067200; // 2024-01-01 00:00:00 UTC
const HOUR1 = 1704070800; // 2024-01-01 01:00:00 UTC

const SHA_A = '3f2a9c0d1e4b5a6978877665544332211000ffeeddccbbaa9988776655443322';
const SHA_B = '8e1d77aa0b12c3d4e5f60718293a4b5c6d7e8f9001122334455667788990aabb';

export const MAIN_PY_DIFF = [
  '--- a/app/main.py',
  '+++ b/app/main.py',
  '@@ -10,4 +10,4 @@ def load(path):',
  '     with open(path) as f:',
  '         data = json.load(f)',
  '-    return sorted(data)',
  '+    return data',
  ' ',
  '',
].join('\n');

export function rebuiltAppReport(): Report {
  return {
    schema: 'whydiff.report/1',
    tool: { name: 'whydiff', version: '0.1.0' },
    a: { name: 'dist/app-1.0.tar.gz', size: 20480, sha256: SHA_A, format: 'tar.gz', entries: 11 },
    b: { name: 'rebuild/app-1.0.tar.gz', size: 20502, sha256: SHA_B, format: 'tar.gz', entries: 11 },
    identical: false,
    contentIdentical: false,
    causes: [
      {
        category: 'timestamp',
        where: 'container-header',
        paths: [],
        count: 1,
        summary: 'the gzip header MTIME differs: 2024-01-01 00:00:00 vs 01:00:00 UTC',
        remedy: 'gzip -n (or set the gzip header time from SOURCE_DATE_EPOCH)',
      },
      {
        category: 'permissions',
        paths: ['app/bin/run.sh'],
        count: 1,
        summary: 'app/bin/run.sh: mode 0755 vs 0775',
        remedy: 'build with umask 022, or tar --mode=go-w',
      },
      {
        category: 'timestamp',
        where: 'entry-mtime',
        paths: ['app/', 'app/bin/', 'app/bin/run.sh', 'app/main.py', 'app/vendor.zip'],
        count: 5,
        allEntries: true,
        summary: 'all 5 members of the tar differ in mtime: 2024-01-01 00:00:00 vs 01:00:00 UTC (+1 h)',
        remedy: 'set SOURCE_DATE_EPOCH; tar --sort=name --mtime=@$SOURCE_DATE_EPOCH',
      },
      {
        category: 'content',
        paths: ['app/main.py'],
        count: 1,
        summary: 'app/main.py: 1 line differs (line 12)',
        remedy: 'a real change in the sources or the build inputs: compare them',
      },
      {
        category: 'timestamp',
        where: 'pyc-header',
        paths: ['app/vendor.zip!/py/six-1.16.0.egg!/six.pyc'],
        count: 1,
        summary: 'six.pyc: only the .pyc header source mtime differs (2024-01-01 00:00:00 vs 01:00:00 UTC)',
        remedy: 'python -m compileall --invalidation-mode checked-hash, or set SOURCE_DATE_EPOCH',
      },
      {
        category: 'removed',
        paths: ['app/build.log'],
        count: 1,
        summary: 'app/build.log is only in a',
        remedy: 'keep build logs out of the artifact',
      },
      {
        category: 'added',
        paths: ['app/BUILD_INFO'],
        count: 1,
        summary: 'app/BUILD_INFO is only in b',
        remedy: 'build both sides from the same recipe',
      },
    ],
    differences: [
      {
        path: '',
        status: 'changed',
        markers: ['header'],
        typeA: 'file',
        typeB: 'file',
        fields: [{ field: 'raw.gzip.mtime', a: HOUR0, b: HOUR1 }],
        children: [],
      },
      { path: 'app/', status: 'changed', markers: ['mtime'], typeA: 'dir', typeB: 'dir', fields: [{ field: 'mtime', a: HOUR0, b: HOUR1 }], children: [] },
      { path: 'app/bin/', status: 'changed', markers: ['mtime'], typeA: 'dir', typeB: 'dir', fields: [{ field: 'mtime', a: HOUR0, b: HOUR1 }], children: [] },
      {
        path: 'app/bin/run.sh',
        status: 'changed',
        markers: ['mode', 'mtime'],
        typeA: 'file',
        typeB: 'file',
        fields: [
          { field: 'mode', a: 0o755, b: 0o775 },
          { field: 'mtime', a: HOUR0, b: HOUR1 },
        ],
        children: [],
      },
      { path: 'app/build.log', status: 'removed', markers: [], typeA: 'file', typeB: null, fields: [], children: [] },
      { path: 'app/BUILD_INFO', status: 'added', markers: [], typeA: null, typeB: 'file', fields: [], children: [] },
      {
        path: 'app/main.py',
        status: 'changed',
        markers: ['content', 'mtime'],
        typeA: 'file',
        typeB: 'file',
        fields: [
          { field: 'mtime', a: HOUR0, b: HOUR1 },
          { field: 'size', a: 812, b: 804 },
        ],
        content: { kind: 'text', unified: MAIN_PY_DIFF, truncated: false },
        children: [],
      },
      {
        path: 'app/vendor.zip',
        status: 'changed',
        markers: ['content', 'mtime'],
        typeA: 'file',
        typeB: 'file',
        fields: [{ field: 'mtime', a: HOUR0, b: HOUR1 }],
        children: [
          {
            path: 'app/vendor.zip!/py/six-1.16.0.egg',
            status: 'changed',
            markers: ['content'],
            typeA: 'file',
            typeB: 'file',
            fields: [],
            children: [
              {
                path: 'app/vendor.zip!/py/six-1.16.0.egg!/six.pyc',
                status: 'changed',
                markers: ['pyc-header'],
                typeA: 'file',
                typeB: 'file',
                fields: [],
                content: {
                  kind: 'pyc',
                  header: [
                    { field: 'sourceMtime', a: HOUR0, b: HOUR1 },
                    { field: 'sourceMtimeIso', a: '2024-01-01T00:00:00Z', b: '2024-01-01T01:00:00Z' },
                  ],
                  codeDiffers: false,
                },
                children: [],
              },
            ],
          },
        ],
      },
    ],
    problems: [
      {
        side: 'b',
        path: 'app/vendor.zip!/data/blob.gz',
        offset: 4096,
        code: 'GZIP_TRAILER_CRC',
        message: 'gzip: trailer crc32 checked; expected 0x1c291ca3, found 0x00000000; the member is truncated or damaged',
      },
    ],
    stats: {
      entriesA: 11,
      entriesB: 11,
      matched: 10,
      differing: 7,
      added: 1,
      removed: 1,
      bytesReadA: 61440,
      bytesReadB: 61462,
      seconds: 0.042,
    },
  };
}

export function identicalReport(): Report {
  return {
    schema: 'whydiff.report/1',
    tool: { name: 'whydiff', version: '0.1.0' },
    a: { name: 'dist/app-1.0.tar.gz', size: 20480, sha256: SHA_A, format: 'tar.gz', entries: 11 },
    b: { name: 'rebuild/app-1.0.tar.gz', size: 20480, sha256: SHA_A, format: 'tar.gz', entries: 11 },
    identical: true,
    contentIdentical: true,
    causes: [],
    differences: [],
    problems: [],
    stats: { entriesA: 11, entriesB: 11, matched: 11, differing: 0, added: 0, removed: 0, bytesReadA: 20480, bytesReadB: 20480, seconds: 0.001 },
  };
}

/** Only metadata differs: a zip rebuilt with other DOS times and ownership, every content equal. */
export function metadataOnlyReport(): Report {
  const paths = Array.from({ length: 2134 }, (_, i) => `site/page-${String(i).padStart(4, '0')}.html`);
  return {
    schema: 'whydiff.report/1',
    tool: { name: 'whydiff', version: '0.1.0' },
    a: { name: 'site-a.zip', size: 1048576, sha256: SHA_A, format: 'zip', entries: 2134 },
    b: { name: 'site-b.zip', size: 1048576, sha256: SHA_B, format: 'zip', entries: 2134 },
    identical: false,
    contentIdentical: true,
    causes: [
      {
        category: 'timestamp',
        where: 'entry-mtime',
        paths,
        count: paths.length,
        allEntries: true,
        summary: 'all 2,134 entries differ only in mtime (2024-01-01 00:00 vs 01:00 UTC)',
        remedy: 'set SOURCE_DATE_EPOCH and zip -X',
      },
    ],
    differences: paths.map((path) => ({
      path,
      status: 'changed' as const,
      markers: ['mtime'],
      typeA: 'file',
      typeB: 'file',
      fields: [{ field: 'mtime', a: HOUR0, b: HOUR1 }],
      children: [],
    })),
    problems: [],
    stats: { entriesA: 2134, entriesB: 2134, matched: 2134, differing: 2134, added: 0, removed: 0, bytesReadA: 4194304, bytesReadB: 4194304, seconds: 0.8 },
  };
}

/**
 * The other content kinds and awkward names: binary regions, XML and JSON changes, omitted
 * content, a type change, and names holding pipes, backticks and a terminal escape.
 */
export function contentKindsReport(): Report {
  return {
    schema: 'whydiff.report/1',
    tool: { name: 'whydiff', version: '0.1.0' },
    a: { name: 'a.pkg', size: 4096, sha256: SHA_A, format: 'pkg', entries: 6 },
    b: { name: 'b.pkg', size: 4100, sha256: SHA_B, format: 'pkg', entries: 6 },
    identical: false,
    contentIdentical: false,
    causes: [
      {
        category: 'file-type',
        paths: ['lib/current'],
        count: 1,
        summary: 'lib/current is a symlink in a, a file in b',
        remedy: 'create lib/current the same way on both sides (ln -s)',
      },
      {
        category: 'content',
        paths: ['bin/tool', 'Distribution', 'meta|data `v1`.json', 'big.bin'],
        count: 4,
        summary: 'a | b: `4` files differ in content, e.g. <bin/tool> & *Distribution*',
        remedy: 'compare the build inputs',
      },
    ],
    differences: [
      {
        path: 'bin/tool',
        status: 'changed',
        markers: ['content'],
        typeA: 'file',
        typeB: 'file',
        fields: [],
        content: {
          kind: 'binary',
          regions: [
            {
              offset: 64,
              // As core's diffBinary writes them: a row of 16 hex pairs and their ASCII, rows joined by newlines.
              a: '7f 45 4c 46 02 01 01 00 00 00 00 00 00 00 00 00  .ELF............\n03 00 3e 00 01 00 00 00 40 10 40 00 00 00 00 00  ..>.....@.@.....',
              b: '7f 45 4c 46 02 01 01 00 00 00 00 00 00 00 00 00  .ELF............\n03 00 3e 00 01 00 00 00 90 10 40 00 00 00 00 00  ..>.......@.....',
            },
          ],
          truncated: true,
        },
        children: [],
      },
      {
        path: 'Distribution',
        status: 'changed',
        markers: ['content'],
        typeA: 'file',
        typeB: 'file',
        fields: [],
        content: {
          kind: 'xml',
          changes: [
            { path: '/installer-gui-script/title', a: 'App 1.0', b: 'App 1.1' },
            { path: '/installer-gui-script/options/@rootVolumeOnly', a: null, b: 'true' },
          ],
          truncated: false,
        },
        children: [],
      },
      {
        path: 'meta|data `v1`.json',
        status: 'changed',
        markers: ['content'],
        typeA: 'file',
        typeB: 'file',
        fields: [{ field: 'raw.xattr', a: 'a|b', b: '`x`' }],
        content: { kind: 'json', changes: [{ path: '$.build.host', a: '"ci-1"', b: '"ci-2"' }], truncated: false },
        children: [],
      },
      {
        path: 'big.bin',
        status: 'changed',
        markers: ['content'],
        typeA: 'file',
        typeB: 'file',
        fields: [],
        content: { kind: 'omitted', reason: 'the diff budget is spent (--max-diff-lines 1000)' },
        children: [],
      },
      {
        path: 'lib/current',
        status: 'changed',
        markers: ['type'],
        typeA: 'symlink',
        typeB: 'file',
        fields: [{ field: 'linkTarget', a: 'v1', b: null }],
        children: [],
      },
      {
        path: 'evil\u001b[2Jname',
        status: 'changed',
        markers: ['content'],
        typeA: 'file',
        typeB: 'file',
        fields: [],
        content: { kind: 'text', unified: '--- a/x\n+++ b/x\n@@ -1 +1 @@\n-``` fence\n+ok\u001b[31m\n', truncated: true },
        children: [],
      },
    ],
    problems: [{ side: 'a', path: '', offset: null, code: 'XAR_TOC_CHECKSUM', message: 'xar: toc checksum checked; expected sha1 0a1b..., found 9f8e...' }],
    stats: { entriesA: 6, entriesB: 6, matched: 6, differing: 6, added: 0, removed: 0, bytesReadA: 9000, bytesReadB: 9010, seconds: 0.01 },
  };
}
