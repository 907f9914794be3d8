import { describe, expect, it } from 'vitest';
import { PKG_INFO } from '../../../test-fixtures/src/zip-pairs.js';
import type { Problem } from './entry.js';
import { checkRecordedHash, mayBePackageMetadata, parseCoreMetadata, parseRecord, recognizePythonPackage } from './egg.js';

async function* chunks(...parts: string[]) {
  for (const p of parts) yield new TextEncoder().encode(p);
}

describe('python packages', () => {
  it('recognizes eggs and wheels by their names', () => {
    expect(recognizePythonPackage(['EGG-INFO/PKG-INFO', 'acme/__init__.py'])?.kind).toBe('egg');
    expect(recognizePythonPackage(['a-1.dist-info/RECORD', 'a-1.dist-info/WHEEL', 'a-1.dist-info/METADATA'])).toEqual({
      kind: 'wheel', metadataPath: 'a-1.dist-info/METADATA', wheelPath: 'a-1.dist-info/WHEEL', recordPath: 'a-1.dist-info/RECORD',
    });
    expect(recognizePythonPackage(['a-1.dist-info/RECORD'])).toBeNull();
    expect(recognizePythonPackage(['PKG-INFO', 'setup.py'])).toBeNull();
  });

  it('keeps, of all the names, only those that may be package metadata (the zip reader holds no others)', () => {
    const names = ['EGG-INFO/PKG-INFO', 'a-1.dist-info/RECORD', 'a-1.dist-info/WHEEL', 'EGG-INFO/', 'EGG-INFO/scripts/run', 'x/EGG-INFO/PKG-INFO', 'a.dist-info', 'acme/__init__.py', 'PKG-INFO'];
    expect(names.filter(mayBePackageMetadata)).toEqual(['EGG-INFO/PKG-INFO', 'a-1.dist-info/RECORD', 'a-1.dist-info/WHEEL']);
  });

  it('parses core metadata headers, stopping at the description', () => {
    const m = parseCoreMetadata(`${PKG_INFO}Classifier: not a header\n`);
    expect(m).toEqual({
      name: 'acme',
      version: '1.0.0',
      headers: { 'Metadata-Version': '2.1', Name: 'acme', Version: '1.0.0', Summary: 'A tiny package', Author: 'Acme Ltd', License: 'MIT' },
    });
    expect(parseCoreMetadata('Name: a\nClassifier: x\nClassifier: y\n').headers.Classifier).toEqual(['x', 'y']);
  });

  it('parses RECORD rows, quoted paths included', () => {
    const rows = parseRecord('a/b.py,sha256=abc,12\n"a/c,d.py",sha256=def,3\nx.dist-info/RECORD,,\n');
    expect([...rows.values()]).toEqual([
      { path: 'a/b.py', algorithm: 'sha256', digest: 'abc', size: 12 },
      { path: 'a/c,d.py', algorithm: 'sha256', digest: 'def', size: 3 },
      { path: 'x.dist-info/RECORD', algorithm: null, digest: null, size: null },
    ]);
  });

  it('checks a digest as the content streams', async () => {
    // sha256("hello\n") in urlsafe base64 without padding
    const row = { path: 'h', algorithm: 'sha256', digest: 'WJG1tSLV3whtD_CxEPvZ0hu0_HFjrzTQgoai6Eb2vgM', size: 6 };
    const ok: Problem[] = [];
    for await (const _ of checkRecordedHash(chunks('hel', 'lo\n'), row, ok, 0)) void _;
    expect(ok).toEqual([]);
    const bad: Problem[] = [];
    for await (const _ of checkRecordedHash(chunks('hello!'), row, bad, 7)) void _;
    expect(bad.map((p) => [p.code, p.offset])).toEqual([['WHEEL_RECORD_MISMATCH', 7]]);
  });
});
