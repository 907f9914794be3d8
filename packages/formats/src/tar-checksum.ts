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
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < 512; i++) {
    const b = i >= 148 && i < 156 ? 0x20 : block[i]!;
    unsigned += b;
    signed += b >= 0x80 ? b - 0x100 : b;
  }
  return { stored: parseChecksumField(block), unsigned, signed };
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
  const sum = tarChecksum(block);
  if (sum.stored === null) return false;
  if (sum.unsigned === 8 * 0x20) return false; // all zeros apart from the checksum field
  return sum.stored === sum.unsigned || sum.stored === sum.signed;
}
