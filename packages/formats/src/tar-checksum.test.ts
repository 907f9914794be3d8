import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isTarHeaderBlock, tarChecksum } from './tar-checksum.js';

/** POSIX's definition, byte by byte: the chksum field (148..156) counts as spaces. */
function definition(block: Uint8Array): { unsigned: number; signed: number } {
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < 512; i++) {
    const b = i >= 148 && i < 156 ? 0x20 : block[i]!;
    unsigned += b;
    signed += b >= 0x80 ? b - 0x100 : b;
  }
  return { unsigned, signed };
}

/** The block with `sum` written into its chksum field as tar writes it: six octal digits, NUL, space. */
function withChecksum(block: Uint8Array, sum: number): Uint8Array {
  const out = Uint8Array.from(block);
  out.set(new TextEncoder().encode(`${sum.toString(8).padStart(6, '0')}\0 `), 148);
  return out;
}

const blocks = fc.uint8Array({ minLength: 512, maxLength: 512 });

describe('tar checksum', () => {
  it('sums as POSIX defines it, unsigned and signed, whatever the bytes', () => {
    fc.assert(fc.property(blocks, (block) => {
      const { unsigned, signed } = tarChecksum(block);
      expect({ unsigned, signed }).toEqual(definition(block));
    }));
  });

  it('sums a block wherever it lies in its buffer (a decompressed chunk), and a block of 0xff bytes', () => {
    fc.assert(fc.property(blocks, fc.integer({ min: 0, max: 7 }), (block, at) => {
      const chunk = new Uint8Array(at + 512 + 5);
      chunk.set(block, at);
      const { unsigned, signed } = tarChecksum(chunk.subarray(at, at + 512));
      expect({ unsigned, signed }).toEqual(definition(block));
    }));
    // Every lane at its largest: 504 bytes of 0xff (the field aside) and 8 spaces.
    expect(tarChecksum(new Uint8Array(512).fill(0xff))).toMatchObject({ unsigned: 504 * 0xff + 8 * 0x20, signed: -504 + 8 * 0x20 });
  });

  it('takes a block for a header exactly when its field holds either sum', () => {
    fc.assert(fc.property(blocks, fc.boolean(), (block, signedSum) => {
      const sums = definition(block);
      const header = withChecksum(block, signedSum && sums.signed >= 0 ? sums.signed : sums.unsigned);
      expect(isTarHeaderBlock(header)).toBe(sums.unsigned !== 8 * 0x20);
      // The field is not part of either sum, so a block's sums are its header's; no sum is unsigned + 1.
      expect(isTarHeaderBlock(withChecksum(block, sums.unsigned + 1))).toBe(false);
    }));
  });

  it('is no header when the field is not octal, or the block is all zeros', () => {
    const zeros = new Uint8Array(512);
    expect(isTarHeaderBlock(zeros)).toBe(false);
    expect(isTarHeaderBlock(withChecksum(zeros, 8 * 0x20))).toBe(false);
    const text = new TextEncoder().encode('x'.repeat(512));
    expect(isTarHeaderBlock(text)).toBe(false);
    expect(tarChecksum(text).stored).toBe(null);
  });
});
