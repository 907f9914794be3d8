import { describe, expect, it } from 'vitest';
import { marshalAssignModule, pycHeader, writePyc } from '../../../test-fixtures/src/pyc-writer.js';
import { zipFixtures, ZIP_BUILD_TIME, ZIP_REBUILD_TIME } from '../../../test-fixtures/src/zip-pairs.js';
import { decodePycHeader } from './pyc.js';

const fixture = (name: string) => zipFixtures.find((f) => f.name === name)!.bytes() as Uint8Array;

describe('decodePycHeader', () => {
  it('reads a PEP 552 timestamp header (3.7+, 16 bytes)', () => {
    expect(decodePycHeader(pycHeader({ python: '3.11', kind: 'timestamp', sourceMtime: ZIP_BUILD_TIME, sourceSize: 50 }))).toEqual({
      headerLength: 16,
      version: '3.11',
      raw: { magic: 3495, magicHex: 'a70d0d0a', pythonVersion: '3.11', flags: 0, kind: 'timestamp', sourceMtime: ZIP_BUILD_TIME, sourceMtimeIso: '2023-11-14T22:13:20Z', sourceSize: 50 },
    });
  });

  it('reads checked and unchecked hash-based headers', () => {
    const hash = Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(decodePycHeader(pycHeader({ python: '3.12', kind: 'hash-checked', sourceHash: hash }))?.raw).toEqual({
      magic: 3531, magicHex: 'cb0d0d0a', pythonVersion: '3.12', flags: 3, kind: 'hash-checked', sourceHash: '0102030405060708',
    });
    expect(decodePycHeader(pycHeader({ python: '3.8', kind: 'hash-unchecked', sourceHash: hash }))?.raw.kind).toBe('hash-unchecked');
  });

  it('reads the 12-byte header of 3.3-3.6 and the 8-byte header before 3.3', () => {
    expect(decodePycHeader(pycHeader({ python: '3.6', sourceMtime: 1000000000, sourceSize: 7 }))).toEqual({
      headerLength: 12,
      version: '3.6',
      raw: { magic: 3379, magicHex: '330d0d0a', pythonVersion: '3.6', kind: 'timestamp', sourceMtime: 1000000000, sourceMtimeIso: '2001-09-09T01:46:40Z', sourceSize: 7 },
    });
    expect(decodePycHeader(pycHeader({ python: '2.7', sourceMtime: 1000000000 }))).toEqual({
      headerLength: 8,
      version: '2.7',
      raw: { magic: 62211, magicHex: '03f30d0a', pythonVersion: '2.7', kind: 'timestamp', sourceMtime: 1000000000, sourceMtimeIso: '2001-09-09T01:46:40Z' },
    });
  });

  it('returns null for unknown magics and short headers', () => {
    expect(decodePycHeader(Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0]))).toBeNull();
    expect(decodePycHeader(Uint8Array.from([0x01, 0x00, 0x0d, 0x0a, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]))).toBeNull();
    expect(decodePycHeader(pycHeader({ python: '3.11', kind: 'timestamp', sourceMtime: 1, sourceSize: 1 }).subarray(0, 12))).toBeNull();
  });

  it('tells a header-only pair from a code pair', () => {
    const [ha, hb] = [fixture('pyc/header-only/a.pyc'), fixture('pyc/header-only/b.pyc')];
    const [ca, cb] = [fixture('pyc/code/a.pyc'), fixture('pyc/code/b.pyc')];
    const code = (b: Uint8Array) => Buffer.from(b.subarray(decodePycHeader(b)!.headerLength)).toString('hex');
    expect([decodePycHeader(ha)!.raw.sourceMtime, decodePycHeader(hb)!.raw.sourceMtime]).toEqual([ZIP_BUILD_TIME, ZIP_REBUILD_TIME]);
    expect(code(ha)).toBe(code(hb));
    expect(decodePycHeader(ca)!.raw).toEqual(decodePycHeader(cb)!.raw);
    expect(code(ca)).not.toBe(code(cb));
  });
});

describe('pyc writer', () => {
  it('writes the marshal bytes CPython 3.11.7 writes for `x = 1`', () => {
    // marshal.dumps(compile('x = 1\n', 'm.py', 'exec')).hex() on CPython 3.11.7
    expect(Buffer.from(marshalAssignModule('x', 1)).toString('hex')).toBe(
      'e30000000000000000000000000100000000000000f30a000000970064005a00640153002902e9010000004e2901da0178a900f300000000fa046d2e7079fa083c6d6f64756c653e720700000001000000730e000000f003010101d804058001800180017205000000',
    );
    expect(writePyc({ python: '3.11', kind: 'timestamp', sourceMtime: 0, sourceSize: 6 }, marshalAssignModule('x', 1)).byteLength).toBe(16 + 105);
  });
});
