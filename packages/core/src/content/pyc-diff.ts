/**
 * Two .pyc files: which header fields differ (source mtime, source size, flags, the magic number)
 * and whether the marshalled code after the header differs. A header-only difference is a
 * `pyc-header` timestamp; another magic number is another Python (a toolchain difference); code
 * whose bytes differ but whose objects are the same was written with other reference flags
 * (`pyc-refs`, formats/pyc-marshal.ts).
 */
import { decodePycHeader } from '@whydiff/formats/pyc';
import { marshalIdentity } from '@whydiff/formats/pyc-marshal';
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
  const codeA = a.subarray(headerA.headerLength);
  const codeB = b.subarray(headerB.headerLength);
  const codeDiffers = !equalBytes(codeA, codeB);
  // Other bytes, the same objects: only marshal's reference flags differ (one Python on both sides).
  const sameObjects = codeDiffers && headerA.version === headerB.version && sameMarshalObjects(codeA, codeB, headerA.version);
  return {
    diff: { kind: 'pyc', header, codeDiffers, ...(sameObjects ? { sameObjects } : {}) },
    versionA: headerA.version,
    versionB: headerB.version,
    magicDiffers: headerA.raw.magic !== headerB.raw.magic,
  };
}

function sameMarshalObjects(a: Uint8Array, b: Uint8Array, pythonVersion: string): boolean {
  const identity = marshalIdentity(a, pythonVersion);
  return identity !== null && identity === marshalIdentity(b, pythonVersion);
}
