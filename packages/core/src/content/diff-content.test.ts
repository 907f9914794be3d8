import { describe, expect, it } from 'vitest';
import { diffContent } from './diff-content.js';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('diffContent', () => {
  it('diffs text as a unified diff with the given labels', () => {
    expect(diffContent(enc('a\nb\n'), enc('a\nc\n'), 'f.txt', { labelA: 'a/f.txt', labelB: 'b/f.txt' })).toEqual({
      kind: 'text',
      unified: '--- a/f.txt\n+++ b/f.txt\n@@ -1,2 +1,2 @@\n a\n-b\n+c\n',
      truncated: false,
    });
  });

  it('diffs JSON by key path, and falls back to text when only the formatting differs', () => {
    expect(diffContent(enc('{"v":"1.0"}'), enc('{"v":"1.1"}'), 'package.json')).toEqual({
      kind: 'json',
      changes: [{ path: '$.v', a: '"1.0"', b: '"1.1"' }],
      truncated: false,
    });
    expect(diffContent(enc('{"v":1}\n'), enc('{ "v": 1 }\n'), 'package.json')).toEqual({
      kind: 'text',
      unified: '--- a\n+++ b\n@@ -1,1 +1,1 @@\n-{"v":1}\n+{ "v": 1 }\n',
      truncated: false,
    });
  });

  it('diffs XML by element path', () => {
    expect(diffContent(enc('<pkg-info version="1"/>'), enc('<pkg-info version="2"/>'), 'PackageInfo')).toEqual({
      kind: 'xml',
      changes: [{ path: '/pkg-info/@version', a: '1', b: '2' }],
      truncated: false,
    });
  });

  it('diffs a .pyc by header fields and code', () => {
    const pyc = (mtime: number): Uint8Array => Uint8Array.from([0xa7, 0x0d, 0x0d, 0x0a, 0, 0, 0, 0, mtime, 0, 0, 0, 9, 0, 0, 0, 0xe3]);
    expect(diffContent(pyc(1), pyc(2), 'x.pyc')).toEqual({
      kind: 'pyc',
      header: [
        { field: 'raw.sourceMtime', a: 1, b: 2 },
        { field: 'raw.sourceMtimeIso', a: '1970-01-01T00:00:01Z', b: '1970-01-01T00:00:02Z' },
      ],
      codeDiffers: false,
    });
  });

  it('diffs binary content, or text against binary, as hex regions', () => {
    const d = diffContent(Uint8Array.from([0, 1, 2]), Uint8Array.from([0, 1, 3]), 'lib.so');
    expect(d).toEqual({ kind: 'binary', regions: [{ offset: 0, a: '00 01 02 ' + '-- '.repeat(12) + '--  ...' + ' '.repeat(13), b: '00 01 03 ' + '-- '.repeat(12) + '--  ...' + ' '.repeat(13) }], truncated: false });
    expect(diffContent(enc('text\n'), Uint8Array.from([0, 1]), 'f').kind).toBe('binary');
  });

  it('omits text over maxBytes but still finds binary regions of any size', () => {
    expect(diffContent(enc('x'.repeat(2000)), enc('y'.repeat(2000)), 'big.txt', { maxBytes: 1024 })).toEqual({
      kind: 'omitted',
      reason: 'text too large to diff: 2000 bytes and 2000 bytes (limit 1024 bytes)',
    });
    const a = new Uint8Array(2000);
    const b = a.slice();
    b[1500] = 7;
    const d = diffContent(a, b, 'big.bin', { maxBytes: 1024 });
    expect(d.kind === 'binary' && d.regions.map((r) => r.offset)).toEqual([1488 - 16]);
  });

  it('says when contents are identical', () => {
    expect(diffContent(enc('x'), enc('x'), 'f')).toEqual({ kind: 'omitted', reason: 'contents are identical' });
  });
});
