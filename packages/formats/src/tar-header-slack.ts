/**
 * Bytes a tar header holds where no field is: after the NUL that ends a text field, and in the
 * padding at the end of the block (in a v7 header, all of it past byte 257 but devmajor and
 * devminor, which GNU tar writes there too). Writers clear them,
 * except those that build a header in a buffer they do not clear: then what a previous header or
 * the process's memory left there goes into the archive, and two builds differ there and in the
 * checksum only. Kept so that such a difference is shown, not just its checksum.
 */
import type { TarVariant } from './tar-header.js';

/** [name, start, end) of the text fields and padding of each kind of header. */
type Region = readonly [name: string, start: number, end: number, text: boolean];
const COMMON: readonly Region[] = [
  ['name', 0, 100, true],
  ['linkname', 157, 257, true],
];
const NAMES: readonly Region[] = [
  ['uname', 265, 297, true],
  ['gname', 297, 329, true],
];
const REGIONS: Record<TarVariant, readonly Region[]> = {
  ustar: [...COMMON, ...NAMES, ['prefix', 345, 500, true], ['padding', 500, 512, false]],
  pax: [...COMMON, ...NAMES, ['prefix', 345, 500, true], ['padding', 500, 512, false]],
  // star: prefix[131], atime[12], ctime[12], then padding (up to the "tar\0" at 508 that old star writes).
  star: [...COMMON, ...NAMES, ['prefix', 345, 476, true], ['padding', 500, 508, false], ['trailer', 508, 512, false]],
  // GNU: one unused byte after longnames, and the padding after realsize.
  gnu: [...COMMON, ...NAMES, ['unused', 385, 386, false], ['padding', 495, 512, false]],
  // Seventh Edition headers end at 257, but GNU tar writes devmajor and devminor there too (read as numbers).
  v7: [...COMMON, ['ustarFields', 257, 329, false], ['padding', 345, 512, false]],
  other: [],
};

/** Old star headers end with "tar\0" at 508. */
export function hasStarTrailer(block: Uint8Array): boolean {
  return block[508] === 0x74 && block[509] === 0x61 && block[510] === 0x72 && block[511] === 0;
}

/**
 * The stray bytes of each region that has any (after its text's NUL, or anywhere in padding), as
 * `at 50: 4a554e4b`: the offset in the header of the first that is not zero, and the bytes from
 * there to the last that is not zero, in hex. Null when every region is clear.
 */
export function tarHeaderSlack(block: Uint8Array, variant: TarVariant): Record<string, string> | null {
  let slack: Record<string, string> | null = null;
  for (const [name, start, end, text] of REGIONS[variant]) {
    let from = start;
    if (text) {
      while (from < end && block[from] !== 0) from++;
      if (from === end) continue; // the text fills its field: no room left
      from += 1;
    }
    if (name === 'trailer' && hasStarTrailer(block)) continue;
    // Plain loops: for ~400 bytes a header they cost less than indexOf and compare, each a call with
    // its checks; four bytes a step while they are zero, as most are.
    let first = from;
    while (first + 4 <= end && (block[first]! | block[first + 1]! | block[first + 2]! | block[first + 3]!) === 0) first += 4;
    while (first < end && block[first] === 0) first++;
    if (first === end) continue;
    let last = end;
    while (block[last - 1] === 0) last--;
    slack ??= {};
    slack[name] = `at ${first}: ${Buffer.from(block.buffer, block.byteOffset + first, last - first).toString('hex')}`;
  }
  return slack;
}
