/** Raw header fields as dotted names (`raw.pax.mtime`, `raw.extra.0x5455.mtime`) for comparison. */
import type { RawValue } from '@whydiff/formats';

/** An ordered list of `[key, value]` records (pax records, for one): compared by key. */
function isRecordList(value: RawValue[]): value is [string, RawValue][] {
  return value.length > 0 && value.every((v) => Array.isArray(v) && v.length === 2 && typeof v[0] === 'string');
}

export function flattenRaw(value: RawValue | undefined, prefix: string, out: Map<string, RawValue> = new Map()): Map<string, RawValue> {
  if (Array.isArray(value) && isRecordList(value)) {
    const seen = new Map<string, number>();
    for (const [key, child] of value) {
      const n = (seen.get(key) ?? 0) + 1;
      seen.set(key, n);
      flattenRaw(child, n === 1 ? `${prefix}.${key}` : `${prefix}.${key}#${n}`, out);
    }
  } else if (Array.isArray(value) && value.length > 0) {
    // Other lists (zip extra fields, tar meta records) element by element.
    value.forEach((child, i) => flattenRaw(child, `${prefix}.${i}`, out));
  } else if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
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
