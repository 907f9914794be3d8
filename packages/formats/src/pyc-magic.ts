/**
 * Python's bytecode magic numbers (the 16-bit little-endian word before "\r\n" at the start of a
 * .pyc), from CPython's Lib/importlib/_bootstrap_external.py history. Ranges, oldest first; each
 * covers every magic a release series used, including its alphas and betas.
 */
const ranges: ReadonlyArray<readonly [from: number, to: number, version: string]> = [
  [20121, 20121, '1.5'],
  [50428, 50428, '1.6'],
  [50823, 50823, '2.0'],
  [60202, 60202, '2.1'],
  [60717, 60717, '2.2'],
  [62011, 62021, '2.3'],
  [62041, 62061, '2.4'],
  [62071, 62131, '2.5'],
  [62151, 62161, '2.6'],
  [62171, 62211, '2.7'],
  [3000, 3131, '3.0'],
  [3141, 3151, '3.1'],
  [3160, 3180, '3.2'],
  [3190, 3230, '3.3'],
  [3250, 3310, '3.4'],
  [3320, 3351, '3.5'],
  [3360, 3379, '3.6'],
  [3390, 3399, '3.7'],
  [3400, 3419, '3.8'],
  [3420, 3429, '3.9'],
  [3430, 3449, '3.10'],
  [3450, 3499, '3.11'],
  [3500, 3549, '3.12'],
  [3550, 3599, '3.13'],
  [3600, 3649, '3.14'],
  [3650, 3699, '3.15'],
];

/** The Python release series a magic number belongs to, or null when it is not a known magic. */
export function pythonVersionFromMagic(magic: number): string | null {
  for (const [from, to, version] of ranges) if (magic >= from && magic <= to) return version;
  return null;
}
