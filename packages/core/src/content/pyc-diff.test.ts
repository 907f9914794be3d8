import { describe, expect, it } from 'vitest';
import { pycDiff } from './pyc-diff.js';

/** A 3.7+ timestamp .pyc: magic, "\r\n", flags 0, source mtime, source size, then the code bytes. */
function pyc(magic: number, mtime: number, size: number, code: number[]): Uint8Array {
  const out = new Uint8Array(16 + code.length);
  const v = new DataView(out.buffer);
  v.setUint16(0, magic, true);
  out[2] = 0x0d;
  out[3] = 0x0a;
  v.setUint32(8, mtime, true);
  v.setUint32(12, size, true);
  out.set(code, 16);
  return out;
}

const PY311 = 3495;
const PY312 = 3531;
const CODE = [0xe3, 0, 0, 0, 0x73, 0x04, 0, 0, 0];

describe('pycDiff', () => {
  it('finds a header-only difference in the source mtime', () => {
    expect(pycDiff(pyc(PY311, 1704067200, 120, CODE), pyc(PY311, 1704070800, 120, CODE))).toEqual({
      diff: {
        kind: 'pyc',
        header: [
          { field: 'raw.sourceMtime', a: 1704067200, b: 1704070800 },
          { field: 'raw.sourceMtimeIso', a: '2024-01-01T00:00:00Z', b: '2024-01-01T01:00:00Z' },
        ],
        codeDiffers: false,
      },
      versionA: '3.11',
      versionB: '3.11',
      magicDiffers: false,
    });
  });

  it('finds another Python by its magic number, with the code differing too', () => {
    const r = pycDiff(pyc(PY311, 1704067200, 120, CODE), pyc(PY312, 1704067200, 120, [...CODE, 0x4e]));
    expect(r).toEqual({
      diff: {
        kind: 'pyc',
        header: [
          { field: 'raw.magic', a: 3495, b: 3531 },
          { field: 'raw.magicHex', a: 'a70d0d0a', b: 'cb0d0d0a' },
          { field: 'raw.pythonVersion', a: '3.11', b: '3.12' },
        ],
        codeDiffers: true,
      },
      versionA: '3.11',
      versionB: '3.12',
      magicDiffers: true,
    });
  });

  it('finds a code difference under an equal header', () => {
    expect(pycDiff(pyc(PY311, 1, 2, CODE), pyc(PY311, 1, 2, [0xe3, 1]))!.diff).toEqual({ kind: 'pyc', header: [], codeDiffers: true });
  });

  it('is null unless both sides are .pyc files', () => {
    expect(pycDiff(pyc(PY311, 1, 2, CODE), new TextEncoder().encode('print("hello")\n'))).toBeNull();
  });
});
