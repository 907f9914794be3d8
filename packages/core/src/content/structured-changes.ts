/**
 * What the JSON and XML comparators share: changes collected up to a budget, and a fallback (null:
 * the caller shows a text diff) when nesting is deep enough to exhaust the stack.
 */
import type { ContentDiff } from '../report-model.js';

/** The report's XML/JSON diff shape. */
export type StructuredContentDiff = Extract<ContentDiff, { kind: 'xml' | 'json' }>;
export type StructuredChange = StructuredContentDiff['changes'][number];

export interface StructuredDiffOptions {
  /** Most changes listed (default 200). */
  maxChanges?: number;
}

/** `add(change)` returns false once the budget is spent (the walk may stop there). */
export type AddChange = (change: StructuredChange) => boolean;

export function collectChanges(options: StructuredDiffOptions, walk: (add: AddChange) => void): { changes: StructuredChange[]; truncated: boolean } | null {
  const max = options.maxChanges ?? 200;
  const changes: StructuredChange[] = [];
  let truncated = false;
  const add: AddChange = (change) => {
    if (changes.length === max) {
      truncated = true;
      return false;
    }
    changes.push(change);
    return true;
  };
  try {
    walk(add);
  } catch (error) {
    if (error instanceof RangeError) return null;
    throw error;
  }
  return { changes, truncated };
}
