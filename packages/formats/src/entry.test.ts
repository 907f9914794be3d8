import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { hex8, toHex } from './entry.js';

describe('hex8', () => {
  it('writes a 32-bit value as 8 lowercase hex digits, as toString(16) padded would', () => {
    expect([0, 1, 0xdeadbeef, 0xffffffff, 0x7720e462].map(hex8)).toEqual(['00000000', '00000001', 'deadbeef', 'ffffffff', '7720e462']);
    fc.assert(fc.property(fc.integer({ min: 0, max: 0xffffffff }), (n) => hex8(n) === n.toString(16).padStart(8, '0')));
  });

  it('takes a value as its unsigned 32 bits, as the headers store it', () => {
    expect(hex8(-1)).toBe('ffffffff');
    expect(hex8(-0x21524111)).toBe('deadbeef');
  });
});

describe('toHex', () => {
  it('writes the bytes of a view, not of the buffer around it', () => {
    const buffer = Uint8Array.from([0xaa, 0x01, 0x02, 0xbb]);
    expect(toHex(buffer.subarray(1, 3))).toBe('0102');
  });
});
