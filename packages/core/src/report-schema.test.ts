import { describe, it, expect } from 'vitest';
import { REPORT_SCHEMA, type Report } from './report-model.js';
import { reportSchema, validateReport } from './report-schema.js';

/** A report as the differ writes it for a rebuilt tar.gz: every content kind, a nested archive. */
function sampleReport(): Report {
  return {
    schema: REPORT_SCHEMA,
    tool: { name: 'whydiff', version: '0.1.0' },
    a: { name: 'dist/app-1.0.tar.gz', size: 20480, sha256: 'ab'.repeat(32), format: 'tar.gz', entries: 9 },
    b: { name: 'rebuild/app-1.0.tar.gz', size: 20502, sha256: 'cd'.repeat(32), format: 'tar.gz', entries: 9 },
    identical: false,
    contentIdentical: false,
    causes: [
      {
        category: 'timestamp',
        where: 'entry-mtime',
        paths: ['app/', 'app/main.py', 'app/vendor.zip'],
        count: 3,
        allEntries: true,
        summary: 'all 3 members differ in mtime: 2024-01-01 00:00:00 vs 01:00:00 UTC',
        remedy: 'set SOURCE_DATE_EPOCH; tar --mtime=@$SOURCE_DATE_EPOCH',
      },
      {
        category: 'timestamp',
        where: 'container-header',
        paths: [],
        count: 1,
        summary: 'the gzip header MTIME differs',
        remedy: 'gzip -n',
      },
      { category: 'content', paths: ['app/main.py'], count: 1, summary: 'app/main.py: 1 line differs', remedy: 'compare the sources' },
      { category: 'added', paths: ['app/BUILD_INFO'], count: 1, summary: 'app/BUILD_INFO is only in b', remedy: 'build both sides alike' },
    ],
    differences: [
      {
        path: '',
        status: 'changed',
        markers: ['header'],
        typeA: 'file',
        typeB: 'file',
        fields: [{ field: 'raw.gzip.mtime', a: 1704067200, b: 1704070800 }],
        children: [],
      },
      {
        path: 'app/main.py',
        status: 'changed',
        markers: ['content', 'mtime'],
        typeA: 'file',
        typeB: 'file',
        fields: [
          { field: 'mtime', a: 1704067200, b: 1704070800 },
          { field: 'raw.pax', a: { mtime: '1704067200.5', path: 'app/main.py' }, b: null },
          { field: 'raw.size', a: '18446744073709551615', b: [1, true, 'x'] },
        ],
        content: { kind: 'text', unified: '--- a/app/main.py\n+++ b/app/main.py\n@@ -1 +1 @@\n-a\n+b\n', truncated: false },
        children: [],
      },
      { path: 'app/BUILD_INFO', status: 'added', markers: [], typeA: null, typeB: 'file', fields: [], children: [] },
      {
        path: 'app/vendor.zip',
        status: 'changed',
        markers: ['content', 'mtime'],
        typeA: 'file',
        typeB: 'file',
        fields: [{ field: 'mtime', a: 1704067200, b: 1704070800 }],
        children: [
          {
            path: 'app/vendor.zip!/six.pyc',
            status: 'changed',
            markers: ['pyc-header'],
            typeA: 'file',
            typeB: 'file',
            fields: [],
            content: { kind: 'pyc', header: [{ field: 'sourceMtime', a: 1704067200, b: 1704070800 }], codeDiffers: false },
            children: [],
          },
          {
            path: 'app/vendor.zip!/lib.so',
            status: 'changed',
            markers: ['content'],
            typeA: 'file',
            typeB: 'file',
            fields: [],
            content: { kind: 'binary', regions: [{ offset: 64, a: '00ff', b: '01ff' }], truncated: true },
            children: [],
          },
          {
            path: 'app/vendor.zip!/Distribution',
            status: 'changed',
            markers: ['content'],
            typeA: 'file',
            typeB: 'file',
            fields: [],
            content: { kind: 'xml', changes: [{ path: '/installer-gui-script/title', a: 'App 1.0', b: null }], truncated: false },
            children: [],
          },
          {
            path: 'app/vendor.zip!/package.json',
            status: 'changed',
            markers: ['content'],
            typeA: 'file',
            typeB: 'file',
            fields: [],
            content: { kind: 'json', changes: [{ path: '$.version', a: '"1.0"', b: '"1.1"' }], truncated: false },
            children: [],
          },
          {
            path: 'app/vendor.zip!/big.bin',
            status: 'changed',
            markers: ['content'],
            typeA: 'file',
            typeB: 'file',
            fields: [],
            content: { kind: 'omitted', reason: 'the diff budget is spent' },
            children: [],
          },
        ],
      },
    ],
    problems: [
      { side: 'b', path: 'app/vendor.zip!/data.gz', offset: 4096, code: 'GZIP_TRAILER_CRC', message: 'gzip: trailer crc32 mismatch' },
      { side: 'a', path: '', offset: null, code: 'TAR_TRAILING_GARBAGE', message: 'tar: bytes after the end-of-archive blocks' },
    ],
    stats: {
      entriesA: 9,
      entriesB: 9,
      matched: 8,
      differing: 7,
      added: 1,
      removed: 0,
      bytesReadA: 61440,
      bytesReadB: 61462,
      seconds: 0.042,
    },
  };
}

/** A JSON round trip, as a consumer of `whydiff --json` sees the report. */
function asJson(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value));
}

describe('report.schema.json', () => {
  it('is a draft 2020-12 schema with the published $id and schema first', () => {
    expect(reportSchema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(reportSchema.$id).toBe('https://whydiff.dev/schema/report/1.json');
    const properties = reportSchema.properties as Record<string, unknown>;
    expect(Object.keys(properties)[0]).toBe('schema');
    expect(properties.schema).toEqual({
      const: REPORT_SCHEMA,
      description: 'The report format and its version; always the first key.',
    });
  });

  it('accepts a realistic report with every content kind and a nested archive', () => {
    expect(validateReport(asJson(sampleReport()))).toEqual([]);
  });

  it('accepts an identical report with nothing in it', () => {
    const report = sampleReport();
    const identical = { ...report, identical: true, contentIdentical: true, causes: [], differences: [], problems: [] };
    expect(validateReport(asJson(identical))).toEqual([]);
  });

  it('accepts every cause category and every timestamp where', () => {
    const categories = [
      'timestamp', 'permissions', 'ownership', 'entry-order', 'compression', 'container-metadata', 'build-path',
      'content-order', 'pyc-refs', 'added', 'removed', 'file-type', 'symlink-target', 'path-encoding', 'toolchain', 'content',
    ] as const;
    const wheres = ['entry-mtime', 'container-header', 'pyc-header', 'embedded-in-content'] as const;
    const report = sampleReport();
    report.causes = [
      ...categories.map((category) => ({ category, paths: ['x'], count: 1, summary: 's', remedy: 'r' })),
      ...wheres.map((where) => ({ category: 'timestamp' as const, where, paths: ['x'], count: 1, summary: 's', remedy: 'r' })),
    ];
    expect(validateReport(asJson(report))).toEqual([]);
  });

  const broken: [string, (r: Record<string, any>) => void, string][] = [
    ['another schema version', (r) => { r.schema = 'whydiff.report/2'; }, '/schema: must be "whydiff.report/1"; found "whydiff.report/2"'],
    ['a missing verdict', (r) => { delete r.contentIdentical; }, "(root): must have required property 'contentIdentical'"],
    ['an unknown top-level key', (r) => { r.verdict = 'differ'; }, '(root): unknown property "verdict"'],
    ['an unknown cause category', (r) => { r.causes[0].category = 'mtime'; }, '/causes/0/category: must be one of "timestamp", "permissions", "ownership", "entry-order", "compression", "container-metadata", "build-path", "content-order", "pyc-refs", "added", "removed", "file-type", "symlink-target", "path-encoding", "toolchain", "content"; found "mtime"'],
    ['an unknown timestamp where', (r) => { r.causes[0].where = 'tar-header'; }, '/causes/0/where: must be one of "entry-mtime", "container-header", "pyc-header", "embedded-in-content"; found "tar-header"'],
    ['a cause without a remedy', (r) => { delete r.causes[2].remedy; }, "/causes/2: must have required property 'remedy'"],
    ['a negative count', (r) => { r.causes[0].count = -1; }, '/causes/0/count: must be >= 0'],
    ['an unknown node status', (r) => { r.differences[1].status = 'modified'; }, '/differences/1/status: must be one of "changed", "added", "removed"; found "modified"'],
    ['a node without children', (r) => { delete r.differences[2].children; }, "/differences/2: must have required property 'children'"],
    ['a nested node with an extra key', (r) => { r.differences[3].children[0].note = 'x'; }, '/differences/3/children/0: unknown property "note"'],
    ['a problem on side c', (r) => { r.problems[0].side = 'c'; }, '/problems/0/side: must be one of "a", "b"; found "c"'],
    ['a fractional offset', (r) => { r.problems[0].offset = 1.5; }, '/problems/0/offset: must be integer,null'],
    ['a stats field missing', (r) => { delete r.stats.seconds; }, "/stats: must have required property 'seconds'"],
    ['a tool that is not whydiff', (r) => { r.tool.name = 'diffoscope'; }, '/tool/name: must be "whydiff"; found "diffoscope"'],
  ];
  for (const [name, breakIt, expected] of broken) {
    it(`rejects ${name}`, () => {
      const report = asJson(sampleReport()) as Record<string, any>;
      breakIt(report);
      expect(validateReport(report)).toContain(expected);
    });
  }

  it('rejects a content diff of an unknown kind or with a field of another kind', () => {
    const report = asJson(sampleReport()) as Record<string, any>;
    report.differences[1].content = { kind: 'image', unified: '' };
    expect(validateReport(report)).toContain('/differences/1/content: must match exactly one schema in oneOf');
    report.differences[1].content = { kind: 'text', unified: '-a\n+b\n', truncated: false, regions: [] };
    expect(validateReport(report)).toContain('/differences/1/content: must match exactly one schema in oneOf');
    report.differences[1].content = { kind: 'binary', regions: [{ offset: 0, a: '00' }], truncated: false };
    expect(validateReport(report)).toContain("/differences/1/content/regions/0: must have required property 'b'");
  });

  it('rejects a field value that is not JSON-safe, and a field without one of its sides', () => {
    const report = asJson(sampleReport()) as Record<string, any>;
    report.differences[1].fields[0].a = { when: 1, ok: [true, { deep: null }] };
    expect(validateReport(report)).toEqual([]);
    report.differences[1].fields[0].a = () => 1;
    expect(validateReport(report)).toContain('/differences/1/fields/0/a: must be string,number,boolean,null,array,object');
    delete report.differences[1].fields[0].b;
    expect(validateReport(report)).toContain("/differences/1/fields/0: must have required property 'b'");
  });
});
