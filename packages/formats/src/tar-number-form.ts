/**
 * How a tar header writes its numbers, apart from their values. POSIX lets an octal field be
 * padded and terminated in several ways, and each tar program has its own: GNU tar, Python's
 * tarfile and Go's archive/tar fill the field with zero-padded digits but its last byte, a NUL
 * ("0000644\0", checksum "012345\0 "); bsdtar (libarchive) writes "000644 \0" and "00000001234 ";
 * star, Perl's Archive::Tar, Solaris tar and Java's plexus-archiver each write yet another. Two
 * archives of the same files made by two of them differ in every header, in nothing but these
 * bytes (and the checksums that follow from them): the form is what tells.
 */

/** The numeric fields every header has: name, offset, width. */
const FIELDS: ReadonlyArray<readonly [string, number, number]> = [
  ['mode', 100, 8],
  ['uid', 108, 8],
  ['gid', 116, 8],
  ['size', 124, 12],
  ['mtime', 136, 12],
  ['chksum', 148, 8],
  ['devmajor', 329, 8],
  ['devminor', 337, 8],
];

/** GNU tar's checksum ends with NUL, space (the space left from summing the field as spaces). */
const CHKSUM_OFFSET = 148;

/**
 * The form of the header's numbers where it is not GNU tar's, field names grouped by form in
 * header order: `mode, uid, gid, devmajor, devminor zero-padded, ending space NUL; size, mtime
 * zero-padded, ending space`. Null when every field is as GNU tar writes it, or empty (all NUL),
 * base-256, or not a number at all (those are told by the decoded values). The digits themselves
 * are left out: only the padding and the terminator, so two values written alike have one form.
 */
export function tarNumberForm(block: Uint8Array): string | null {
  let groups: Map<string, string[]> | null = null;
  for (const [name, offset, width] of FIELDS) {
    const form = fieldForm(block, offset, width);
    if (form === null) continue;
    groups ??= new Map();
    const names = groups.get(form);
    if (names === undefined) groups.set(form, [name]);
    else names.push(name);
  }
  if (groups === null) return null;
  return [...groups].map(([form, names]) => `${names.join(', ')} ${form}`).join('; ');
}

/** One field's form, or null where it is GNU tar's (or not an octal number). */
function fieldForm(block: Uint8Array, offset: number, width: number): string | null {
  const end = offset + width;
  const gnuTrailer = offset === CHKSUM_OFFSET ? 2 : 1;
  // The common case first: digits up to the trailer, then NUL (and, for the checksum, a space).
  if (isOctalDigit(block[offset]!) && block[end - gnuTrailer] === 0 && (gnuTrailer === 1 || block[end - 1] === 0x20) && isOctalDigit(block[end - gnuTrailer - 1]!)) {
    let digits = true;
    for (let i = offset + 1; i < end - gnuTrailer - 1 && digits; i++) digits = isOctalDigit(block[i]!);
    if (digits) return null;
  }
  if (block[offset]! & 0x80) return null; // base-256
  let i = offset;
  while (i < end && block[i] === 0x20) i++;
  const spaces = i - offset;
  const firstDigit = i;
  while (i < end && isOctalDigit(block[i]!)) i++;
  if (i === firstDigit) return null; // no digits: empty, or not a number
  const trailer: string[] = [];
  for (; i < end; i++) {
    const c = block[i]!;
    if (c !== 0 && c !== 0x20) return null; // not a number: its decoded value says so
    trailer.push(c === 0 ? 'NUL' : 'space');
  }
  // Digits left-aligned and NUL-padded ("644\0\0\0\0\0"): how many NULs follows from the value.
  if (spaces === 0 && block[firstDigit] !== 0x30 && trailer.length > 1 && trailer.every((t) => t === 'NUL')) return 'left-aligned, NUL-padded';
  const padding = spaces > 0 ? 'space-padded' : 'zero-padded';
  return `${padding}, ${trailer.length === 0 ? 'no terminator' : `ending ${trailer.join(' ')}`}`;
}

function isOctalDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x37;
}

/** The forms of the programs known to write them, for a cause's example. */
const KNOWN_WRITERS = new Map<string | null, string>([
  [null, 'GNU tar, Python and Go'],
  ['mode, uid, gid, devmajor, devminor zero-padded, ending space NUL; size, mtime zero-padded, ending space', 'bsdtar (libarchive)'],
  ['mode, uid, gid, size, mtime, chksum, devmajor, devminor zero-padded, ending space', 'star'],
]);

/** `as bsdtar (libarchive) writes them`, or `with ` and the form, for a writer not known. */
export function describeTarNumberForm(form: string | null): string {
  const writer = KNOWN_WRITERS.get(form);
  if (writer !== undefined) return `as ${writer} write${writer.includes(' and ') ? '' : 's'} them`;
  return `with ${form}`;
}
