import { describe, it, expect } from 'vitest';
import type { Report } from '@whydiff/core';
import { validateReport } from '../../core/src/report-schema.js';
import { renderJson, renderJsonChunks } from './index.js';
import { contentKindsReport, identicalReport, metadataOnlyReport, rebuiltAppReport } from './reports.fixture.js';

/** The same report with every object's keys in reverse order, as another producer might build it. */
function reversedKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map(reversedKeys) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reversedKeys(v)])) as T;
  }
  return value;
}

describe('renderJson', () => {
  const reports: [string, () => Report][] = [
    ['a rebuilt app with nested archives', rebuiltAppReport],
    ['an identical pair', identicalReport],
    ['2,134 members differing in mtime only', metadataOnlyReport],
    ['every content kind', contentKindsReport],
  ];
  for (const [name, make] of reports) {
    it(`writes ${name} as JSON that validates against the published schema and reads back the same`, () => {
      const json = renderJson(make());
      expect(validateReport(JSON.parse(json))).toEqual([]);
      expect(JSON.parse(json)).toEqual(make());
    });
  }

  it('puts schema first, indents by two spaces and ends with a newline', () => {
    const json = renderJson(identicalReport());
    expect(json).toBe(
      [
        '{',
        '  "schema": "whydiff.report/1",',
        '  "tool": {',
        '    "name": "whydiff",',
        '    "version": "0.1.0"',
        '  },',
        '  "a": {',
        '    "name": "dist/app-1.0.tar.gz",',
        '    "size": 20480,',
        '    "sha256": "3f2a9c0d1e4b5a6978877665544332211000ffeeddccbbaa9988776655443322",',
        '    "format": "tar.gz",',
        '    "entries": 11',
        '  },',
        '  "b": {',
        '    "name": "rebuild/app-1.0.tar.gz",',
        '    "size": 20480,',
        '    "sha256": "3f2a9c0d1e4b5a6978877665544332211000ffeeddccbbaa9988776655443322",',
        '    "format": "tar.gz",',
        '    "entries": 11',
        '  },',
        '  "identical": true,',
        '  "contentIdentical": true,',
        '  "causes": [],',
        '  "differences": [],',
        '  "problems": [],',
        '  "stats": {',
        '    "entriesA": 11,',
        '    "entriesB": 11,',
        '    "matched": 11,',
        '    "differing": 0,',
        '    "added": 0,',
        '    "removed": 0,',
        '    "bytesReadA": 20480,',
        '    "bytesReadB": 20480,',
        '    "seconds": 0.001',
        '  }',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('writes the same bytes whatever order the report object was built in', () => {
    for (const make of [rebuiltAppReport, contentKindsReport]) {
      expect(renderJson(reversedKeys(make()))).toBe(renderJson(make()));
    }
  });

  it('lists a cause short fields first and its paths last, and a node its children last', () => {
    const json = JSON.parse(renderJson(rebuiltAppReport())) as Record<string, Record<string, unknown>[]>;
    // The causes stay in the report's order (the presenters of text sort them, the data does not).
    expect(json.causes!.map((c) => c.where ?? c.category)).toEqual([
      'container-header', 'permissions', 'entry-mtime', 'content', 'pyc-header', 'removed', 'added',
    ]);
    expect(Object.keys(json.causes![2]!)).toEqual(['category', 'where', 'count', 'allEntries', 'summary', 'remedy', 'paths']);
    expect(Object.keys(json.causes![1]!)).toEqual(['category', 'count', 'summary', 'remedy', 'paths']);
    expect(Object.keys(json.differences![6]!)).toEqual(['path', 'status', 'markers', 'typeA', 'typeB', 'fields', 'content', 'children']);
    expect(Object.keys(json.differences![1]!)).toEqual(['path', 'status', 'markers', 'typeA', 'typeB', 'fields', 'children']);
  });

  it('keeps raw header values as they are, in their own key order', () => {
    const report = rebuiltAppReport();
    report.differences[0]!.fields = [
      { field: 'raw.pax', a: { path: 'x', mtime: '1704067200.5', size: '18446744073709551615' }, b: null },
    ];
    const json = renderJson(report);
    expect(json).toContain(
      '        {\n          "field": "raw.pax",\n          "a": {\n            "path": "x",\n            "mtime": "1704067200.5",\n            "size": "18446744073709551615"\n          },\n          "b": null\n        }',
    );
    expect(validateReport(JSON.parse(json))).toEqual([]);
  });

  /** The report's pieces (of the default size, and of 64 KiB): joined, the text of JSON.stringify of the ordered report; each under 80 KiB. */
  function expectInPieces(report: Report, atLeast: number): void {
    const ordered = JSON.parse(renderJson(reversedKeys(report))) as Report;
    expect([...renderJsonChunks(report)].join('')).toBe(`${JSON.stringify(ordered, null, 2)}\n`);
    const pieces = [...renderJsonChunks(report, 64 * 1024)];
    expect(pieces.join('')).toBe(`${JSON.stringify(ordered, null, 2)}\n`);
    expect(pieces.length).toBeGreaterThan(atLeast);
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThan(80 * 1024);
  }

  it('in pieces: the same text as JSON.stringify of the ordered report, never the whole report in one piece', () => {
    expectInPieces(metadataOnlyReport(), 10);
  });

  it('in pieces: a cause naming 60,000 members, folded out of the differences, is written a piece at a time too', () => {
    const report = metadataOnlyReport();
    const paths = Array.from({ length: 60_000 }, (_, i) => `site/page-${String(i).padStart(5, '0')}.html`);
    report.causes[0] = { ...report.causes[0]!, paths, count: paths.length };
    report.causes.push({ category: 'ownership', paths: [], count: 0, summary: 'no paths', remedy: 'none' });
    report.differences = report.differences.slice(0, 3);
    // 60,000 lines of ~35 characters: 2 MB, never in one piece.
    expectInPieces(report, 25);
  });

  it('a member name that looks like the stand-in for a cause\'s paths changes nothing', () => {
    const report = rebuiltAppReport();
    for (const name of ['\u0000paths 0\u0000', '\u0000paths 1\u0000']) {
      report.causes[1]!.paths.unshift(name);
      report.problems.push({ side: 'a', path: name, offset: null, code: 'X', message: `"paths": "${name}"` });
    }
    expect(renderJson(report)).toBe(`${JSON.stringify(JSON.parse(renderJson(report)), null, 2)}\n`);
    expect(JSON.parse(renderJson(report))).toEqual(report);
  });

  it('a member name or message that looks like the stand-in for the differences changes nothing', () => {
    const report = rebuiltAppReport();
    const name = '\u0000differences\u0000';
    report.causes[0]!.paths.unshift(name);
    report.problems.push({ side: 'a', path: name, offset: null, code: 'X', message: `"differences": "${name}"` });
    expect(renderJson(report)).toBe(`${JSON.stringify(JSON.parse(renderJson(report)), null, 2)}\n`);
    expect(JSON.parse(renderJson(report))).toEqual(report);
  });
});
