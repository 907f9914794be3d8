/**
 * A file whose lines are the same but in another order: a list written from a hash map or a
 * directory listing (RECORD, file lists, linker maps). Same multiset of lines, same final newline.
 */
import { splitLines } from './text-diff.js';

export interface LineOrderFinding {
  /** Lines in each file. */
  lines: number;
  /** Positions whose line differs. */
  moved: number;
}

export function sameLinesOtherOrder(a: string, b: string): LineOrderFinding | null {
  if (a === b || a.length !== b.length || a.endsWith('\n') !== b.endsWith('\n')) return null;
  const linesA = splitLines(a);
  const linesB = splitLines(b);
  if (linesA.length !== linesB.length) return null;
  const counts = new Map<string, number>();
  for (const line of linesA) counts.set(line, (counts.get(line) ?? 0) + 1);
  for (const line of linesB) {
    const n = counts.get(line) ?? 0;
    if (n === 0) return null;
    counts.set(line, n - 1);
  }
  let moved = 0;
  for (let i = 0; i < linesA.length; i++) if (linesA[i] !== linesB[i]) moved++;
  return { lines: linesA.length, moved };
}
