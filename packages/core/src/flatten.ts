/** Raw header fields as dotted names (`raw.pax.mtime`, `raw.extra.0x5455.mtime`) for comparison. */
import type { RawValue } from '@whydiff/formats';

export function flattenRaw(value: RawValue | undefined, prefix: string, out: Map<string, RawValue> = new Map()): Map<string, RawValue> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, child] of Object.entries(value)) flattenRaw(child, `${prefix}.${key}`, out);
  } else if (value !== undefined) {
    out.set(prefix, value);
  }
  return out;
}

export function sameRaw(a: RawValue | undefined, b: RawValue | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a === null || b === null) return false;
  if (typeof a !== 'object' || typeof b !== 'object') return false;
  return JSON.stringify(a) === JSON.stringify(b);
}
