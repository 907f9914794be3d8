/**
 * The tar header checksum (POSIX ustar): the sum of the 512 header bytes with the 8-byte chksum
 * field (offset 148) taken as spaces. Some historic tars summed signed chars; both are accepted.
 */

export interface TarChecksum {
  /** The value stored in the chksum field, or null when the field is not octal. */
  stored: number | null;
  unsigned: number;
  signed: number;
}

export function tarChecksum(block: Uint8Array): TarChecksum {
  const { unsigned, signed } = sums(block);
  return { stored: parseChecksumField(block), unsigned, signed };
}

/** The two sums of a header block, the chksum field counted as eight spaces. */
function sums(block: Uint8Array): { unsigned: number; signed: number } {
  let unsigned = 8 * 0x20;
  let high = 0;
  // The field is left out of the loops rather than tested for at every byte.
  for (let i = 0; i < 148; i++) {
    unsigned += block[i]!;
    high += block[i]! >>> 7;
  }
  for (let i = 156; i < 512; i++) {
    unsigned += block[i]!;
    high += block[i]! >>> 7;
  }
  // A signed char is its unsigned value less 256 when its high bit is set.
  return { unsigned, signed: unsigned - 0x100 * high };
}

/** The chksum field, block[148..156), read in place. */
function parseChecksumField(block: Uint8Array): number | null {
  let i = 148;
  while (i < 156 && (block[i] === 0x20 || block[i] === 0)) i++;
  let value = 0;
  let digits = 0;
  for (; i < 156; i++) {
    const c = block[i]!;
    if (c === 0x20 || c === 0) break;
    if (c < 0x30 || c > 0x37) return null;
    value = value * 8 + (c - 0x30);
    digits++;
  }
  return digits === 0 ? null : value;
}

/** True when the block is a tar header whose checksum holds (an all-zero block is not a header). */
export function isTarHeaderBlock(block: Uint8Array): boolean {
  if (block.byteLength < 512) return false;
  // The field first: most blocks tested (every member's first bytes, to find nested archives) are
  // not headers, and their field is not octal.
  const stored = parseChecksumField(block);
  if (stored === null) return false;
  const sum = sums(block);
  if (sum.unsigned === 8 * 0x20) return false; // all zeros apart from the checksum field
  return stored === sum.unsigned || stored === sum.signed;
}
