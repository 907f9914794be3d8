import { describe, expect, it } from 'vitest';
import { compareBytes, diffBinary } from './binary-diff.js';

const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);
/** 64 bytes: 0x00..0x3f. */
const ramp = (n: number): Uint8Array => Uint8Array.from({ length: n }, (_, i) => i);

describe('diffBinary', () => {
  it('shows the aligned row of a changed byte with one row of context each side', () => {
    const a = ramp(64);
    const b = a.slice();
    b[0x25] = 0xff;
    expect(diffBinary(a, b)).toEqual({
      kind: 'binary',
      regions: [
        {
          offset: 0x10,
          a: [
            '10 11 12 13 14 15 16 17 18 19 1a 1b 1c 1d 1e 1f  ................',
            '20 21 22 23 24 25 26 27 28 29 2a 2b 2c 2d 2e 2f   !"#$%&\'()*+,-./',
            '30 31 32 33 34 35 36 37 38 39 3a 3b 3c 3d 3e 3f  0123456789:;<=>?',
          ].join('\n'),
          b: [
            '10 11 12 13 14 15 16 17 18 19 1a 1b 1c 1d 1e 1f  ................',
            '20 21 22 23 24 ff 26 27 28 29 2a 2b 2c 2d 2e 2f   !"#$.&\'()*+,-./',
            '30 31 32 33 34 35 36 37 38 39 3a 3b 3c 3d 3e 3f  0123456789:;<=>?',
          ].join('\n'),
        },
      ],
      truncated: false,
    });
  });

  it('shows bytes past the end of the shorter side as --', () => {
    const a = ascii('/build/pkg-1a2b/lib');
    const b = ascii('/build/pkg-1a2b/lib64');
    expect(diffBinary(a, b, { context: 0 })).toEqual({
      kind: 'binary',
      regions: [
        {
          offset: 16,
          a: '6c 69 62 -- -- -- -- -- -- -- -- -- -- -- -- --  lib             ',
          b: '6c 69 62 36 34 -- -- -- -- -- -- -- -- -- -- --  lib64           ',
        },
      ],
      truncated: false,
    });
  });

  it('lists separate regions, merges close ones, and stops at maxRegions', () => {
    const a = new Uint8Array(256);
    const b = a.slice();
    b[0x00] = 1; // row 0
    b[0x30] = 1; // row 3: two unchanged rows from row 0, merged at context 1
    b[0x80] = 1; // row 8
    b[0xf0] = 1; // row 15
    const d = diffBinary(a, b, { context: 1, maxRegions: 2 });
    expect(d.truncated).toBe(true);
    expect(d.regions.map((r) => [r.offset, r.a.split('\n').length])).toEqual([
      [0x00, 5],
      [0x70, 3],
    ]);
  });

  it('cuts a long differing run at maxRowsPerRegion', () => {
    const d = diffBinary(new Uint8Array(10), new Uint8Array(1000), { context: 0, maxRowsPerRegion: 2 });
    expect(d.truncated).toBe(true);
    expect(d.regions).toEqual([
      {
        offset: 0,
        a: '00 00 00 00 00 00 00 00 00 00 -- -- -- -- -- --  ..........      \n-- -- -- -- -- -- -- -- -- -- -- -- -- -- -- --                  ',
        b: '00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00  ................\n00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00  ................',
      },
    ]);
  });

  it('finds no region in equal bytes', () => {
    expect(diffBinary(ramp(40), ramp(40))).toEqual({ kind: 'binary', regions: [], truncated: false });
  });
});

describe('compareBytes', () => {
  it('counts sizes, differing bytes and the first difference', () => {
    const b = ramp(20);
    b[3] = 0;
    expect(compareBytes(ramp(16), b)).toEqual({ sizeA: 16, sizeB: 20, differingBytes: 5, firstDifference: 3 });
    expect(compareBytes(ramp(16), ramp(18))).toEqual({ sizeA: 16, sizeB: 18, differingBytes: 2, firstDifference: 16 });
    expect(compareBytes(ramp(16), ramp(16))).toEqual({ sizeA: 16, sizeB: 16, differingBytes: 0, firstDifference: null });
  });
});
