/**
 * JSON compared as data, by key path (`$.dependencies.foo`, `$.files[3]`, `$["a b"]`): what a
 * reviewer wants from package.json, lock files or generated manifests, where a line diff of a
 * reformatted file shows everything. Key order is kept as data too: a different order of the same
 * keys (a dict or map iterated in hash order) is a reproducibility bug, so it is listed at the
 * object's path with the two key lists.
 */
import { collectChanges, type AddChange, type StructuredContentDiff, type StructuredDiffOptions } from './structured-changes.js';

export type { StructuredChange, StructuredContentDiff, StructuredDiffOptions } from './structured-changes.js';
export type JsonContentDiff = Omit<StructuredContentDiff, 'kind'> & { kind: 'json' };

/** Key-path changes between two JSON texts, or null when either does not parse. */
export function diffJson(a: string, b: string, options: StructuredDiffOptions = {}): JsonContentDiff | null {
  const parsedA = parseJson(a);
  const parsedB = parseJson(b);
  if (parsedA === undefined || parsedB === undefined) return null;
  // Nesting deep enough to exhaust the stack gives null: the caller shows a text diff instead.
  const found = collectChanges(options, (add) => compare(parsedA, parsedB, '$', add));
  return found === null ? null : { kind: 'json', ...found };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) as unknown;
  } catch {
    return undefined;
  }
}

type Sink = AddChange;

/** Walks both values in step; returns false once the sink is full. */
function compare(a: unknown, b: unknown, path: string, add: Sink): boolean {
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      const at = `${path}[${i}]`;
      if (i >= a.length) {
        if (!add({ path: at, a: null, b: JSON.stringify(b[i]) })) return false;
      } else if (i >= b.length) {
        if (!add({ path: at, a: JSON.stringify(a[i]), b: null })) return false;
      } else if (!compare(a[i], b[i], at, add)) return false;
    }
    return true;
  }
  if (isObject(a) && isObject(b)) {
    const keysA = Object.keys(a);
    const keysB = Object.keys(b);
    const inB = new Set(keysB);
    const inA = new Set(keysA);
    const commonA = keysA.filter((k) => inB.has(k));
    const commonB = keysB.filter((k) => inA.has(k));
    if (commonA.some((k, i) => k !== commonB[i])) {
      if (!add({ path: `${path} (key order)`, a: JSON.stringify(commonA), b: JSON.stringify(commonB) })) return false;
    }
    for (const key of keysA) {
      const at = path + keySegment(key);
      if (!inB.has(key)) {
        if (!add({ path: at, a: JSON.stringify(a[key]), b: null })) return false;
      } else if (!compare(a[key], b[key], at, add)) return false;
    }
    for (const key of keysB) {
      if (!inA.has(key) && !add({ path: path + keySegment(key), a: null, b: JSON.stringify(b[key]) })) return false;
    }
    return true;
  }
  if (a === b) return true;
  return add({ path, a: JSON.stringify(a), b: JSON.stringify(b) });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function keySegment(key: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}
