import { describe, expect, it } from 'vitest';
import { diffXml } from './xml-diff.js';

const toc = (files: string): string =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<xar>\n <toc>\n  <creation-time>2024-01-01T00:00:00</creation-time>\n${files} </toc>\n</xar>\n`;

describe('diffXml', () => {
  it('compares a xar TOC by element path: text, attributes, added elements', () => {
    const a = toc(
      '  <file id="1"><name>Payload</name><mtime>2024-01-01T00:00:00Z</mtime></file>\n' +
        '  <file id="2"><name>Scripts</name><mode>0644</mode></file>\n',
    );
    const b = toc(
      '  <file id="1"><name>Payload</name><mtime>2024-01-01T01:00:00Z</mtime></file>\n' +
        '  <file id="3"><name>Scripts</name><mode>0644</mode><uid>501</uid></file>\n',
    );
    expect(diffXml(a, b)).toEqual({
      kind: 'xml',
      changes: [
        { path: '/xar/toc/file[1]/mtime', a: '2024-01-01T00:00:00Z', b: '2024-01-01T01:00:00Z' },
        { path: '/xar/toc/file[2]/@id', a: '2', b: '3' },
        { path: '/xar/toc/file[2]/uid', a: null, b: '<uid>501</uid>' },
      ],
      truncated: false,
    });
  });

  it('ignores attribute order, whitespace-only text, indentation and comments', () => {
    const a = '<pkg-info identifier="com.example.app" version="1.0"><payload numberOfFiles="3"/></pkg-info>';
    const b = '<pkg-info version="1.0"\n    identifier="com.example.app">\n  <!-- generated -->\n  <payload numberOfFiles="3"></payload>\n</pkg-info>\n';
    expect(diffXml(a, b)).toEqual({ kind: 'xml', changes: [], truncated: false });
  });

  it('shows a removed element compactly, escaped', () => {
    const a = '<installer-gui-script><title>A &amp; B</title><choice id="x" title="&lt;x&gt;"/></installer-gui-script>';
    const b = '<installer-gui-script><title>A &amp; B</title></installer-gui-script>';
    expect(diffXml(a, b)?.changes).toEqual([{ path: '/installer-gui-script/choice', a: '<choice id="x" title="&lt;x>"/>', b: null }]);
  });

  it('is null when either side is not well-formed', () => {
    expect(diffXml('<a><b></a>', '<a/>')).toBeNull();
    expect(diffXml('<a/>', 'plain text')).toBeNull();
  });
});
