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

type Shape = 'records' | 'list' | 'object' | 'leaf' | 'absent';

function shapeOf(value: RawValue | undefined): Shape {
  if (value === undefined) return 'absent';
  if (Array.isArray(value)) return value.length === 0 ? 'leaf' : isRecordList(value) ? 'records' : 'list';
  return value !== null && typeof value === 'object' ? 'object' : 'leaf';
}

/**
 * The fields whose values differ between two raw records, as `[field, a, b]` (null where a side
 * has no such field), in the order flattening both and taking the union of their names gives:
 * a's fields first, then those only b has. Walks both trees side by side and flattens only the
 * subtrees that differ: most of a member's raw fields are equal, and every member is compared.
 */
export function differingRaw(a: RawValue | undefined, b: RawValue | undefined, prefix: string): Array<[string, RawValue, RawValue]> {
  const out: Array<[string, RawValue, RawValue]> = [];
  const onlyB: Array<[string, RawValue, RawValue]> = [];
  walkBoth(a, b, prefix, out, onlyB);
  return onlyB.length === 0 ? out : out.concat(onlyB);
}

function walkBoth(a: RawValue | undefined, b: RawValue | undefined, prefix: string, out: Array<[string, RawValue, RawValue]>, onlyB: Array<[string, RawValue, RawValue]>): void {
  if (a === b) return;
  const shape = shapeOf(a);
  const shapeB = shapeOf(b);
  if (shape === shapeB && shape === 'object') {
    const oa = a as Record<string, RawValue>;
    const ob = b as Record<string, RawValue>;
    // Equal values are passed over before their field's name is made: most fields are equal, and
    // naming each (a new string) was most of what comparing a zip member's raw fields allocated.
    for (const key in oa) if (oa[key] !== ob[key]) walkBoth(oa[key], ob[key], `${prefix}.${key}`, out, onlyB);
    for (const key in ob) if (!(key in oa)) onlyInB(ob[key], `${prefix}.${key}`, onlyB);
    return;
  }
  if (shape === shapeB && shape === 'list') {
    const la = a as RawValue[];
    const lb = b as RawValue[];
    for (let i = 0; i < la.length; i++) if (la[i] !== lb[i]) walkBoth(la[i], lb[i], `${prefix}.${i}`, out, onlyB);
    for (let i = la.length; i < lb.length; i++) onlyInB(lb[i], `${prefix}.${i}`, onlyB);
    return;
  }
  if (shape === 'leaf' && shapeB === 'leaf') {
    if (!sameRaw(a, b)) out.push([prefix, a as RawValue, b as RawValue]);
    return;
  }
  // Record lists (named by key and repeat), or shapes that differ: flatten both and merge.
  const fa = flattenRaw(a, prefix);
  const fb = flattenRaw(b, prefix);
  for (const [field, va] of fa) {
    const vb = fb.get(field) ?? null;
    if (!sameRaw(va, vb)) out.push([field, va, vb]);
  }
  for (const [field, vb] of fb) if (!fa.has(field) && vb !== null) onlyB.push([field, null, vb]);
}

function onlyInB(b: RawValue | undefined, prefix: string, onlyB: Array<[string, RawValue, RawValue]>): void {
  for (const [field, vb] of flattenRaw(b, prefix)) if (vb !== null) onlyB.push([field, null, vb]);
}
