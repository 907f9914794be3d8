/**
 * Two .pyc files: which header fields differ (source mtime, source size, flags, the magic number)
 * and whether the marshalled code after the header differs. A header-only difference is a
 * `pyc-header` timestamp; another magic number is another Python (a toolchain difference).
 */
import { decodePycHeader } from '@whydiff/formats/pyc';
import type { ContentDiff, FieldDifference } from '../report-model.js';
import { equalBytes } from './bytes.js';

export type PycContentDiff = Extract<ContentDiff, { kind: 'pyc' }>;

export interface PycComparison {
  diff: PycContentDiff;
  /** Python release series from each side's magic number, e.g. `3.11`. */
  versionA: string;
  versionB: string;
  /** Another magic number: compiled by another Python. */
  magicDiffers: boolean;
}

/** Header fields (as `raw.<name>`, A's order then B's extra fields) and code; null unless both are .pyc files. */
export function pycDiff(a: Uint8Array, b: Uint8Array): PycComparison | null {
  const headerA = decodePycHeader(a.subarray(0, 16));
  const headerB = decodePycHeader(b.subarray(0, 16));
  if (headerA === null || headerB === null) return null;
  const header: FieldDifference[] = [];
  const names = [...new Set([...Object.keys(headerA.raw), ...Object.keys(headerB.raw)])];
  for (const name of names) {
    const va = headerA.raw[name] ?? null;
    const vb = headerB.raw[name] ?? null;
    if (JSON.stringify(va) !== JSON.stringify(vb)) header.push({ field: `raw.${name}`, a: va, b: vb });
  }
  const codeDiffers = !equalBytes(a.subarray(headerA.headerLength), b.subarray(headerB.headerLength));
  return {
    diff: { kind: 'pyc', header, codeDiffers },
    versionA: headerA.version,
    versionB: headerB.version,
    magicDiffers: headerA.raw.magic !== headerB.raw.magic,
  };
}
