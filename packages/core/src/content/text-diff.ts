/**
 * Unified diff of two texts (jsdiff's Myers line diff), bounded in edit distance and output size.
 * Myers costs O((N+M)·D): a budget on D (maxEditLength) keeps a 1 MB pair with few changes in tens
 * of milliseconds and makes a pair that differs everywhere give up quickly, with a coarse count of
 * the lines that differ instead of a useless wall of `-`/`+`.
 */
import { FILE_HEADERS_ONLY, formatPatch, structuredPatch } from 'diff';
import type { ContentDiff } from '../report-model.js';

export interface TextDiffOptions {
  /** Lines of context around each change (default 3). */
  context?: number;
  /** Most diff lines shown below the `---`/`+++` headers (default 200). */
  maxLines?: number;
  /** Names on the `---` and `+++` lines (default `a` and `b`). */
  labelA?: string;
  labelB?: string;
  /** Most inserted plus deleted lines the line diff may find before giving up (default 1000). */
  maxEditLength?: number;
}

export type TextContentDiff = Extract<ContentDiff, { kind: 'text' }>;

// A backstop only: maxEditLength bounds the work; this bounds the wall clock on slow machines.
const TIMEOUT_MS = 2000;

export function diffText(a: string, b: string, options: TextDiffOptions = {}): TextContentDiff {
  const context = options.context ?? 3;
  const maxLines = options.maxLines ?? 200;
  const labelA = options.labelA ?? 'a';
  const labelB = options.labelB ?? 'b';
  const header = `--- ${labelA}\n+++ ${labelB}\n`;
  if (a === b) return { kind: 'text', unified: '', truncated: false };

  const patch = structuredPatch(labelA, labelB, a, b, undefined, undefined, {
    context,
    maxEditLength: options.maxEditLength ?? 1000,
    timeout: TIMEOUT_MS,
  });
  if (patch === undefined) return { kind: 'text', unified: header + coarseSummary(a, b), truncated: true };

  const body = formatPatch(patch, FILE_HEADERS_ONLY).slice(header.length);
  const lines = body.endsWith('\n') ? body.slice(0, -1).split('\n') : body.split('\n');
  if (lines.length <= maxLines) return { kind: 'text', unified: header + body, truncated: false };
  const left = lines.length - maxLines;
  const shown = lines.slice(0, maxLines).join('\n');
  return {
    kind: 'text',
    unified: `${header}${shown}\n[${left} more diff ${left === 1 ? 'line' : 'lines'} not shown]\n`,
    truncated: true,
  };
}

/** When the line diff gives up: how many lines each side has that the other lacks (as multisets). */
function coarseSummary(a: string, b: string): string {
  const linesA = splitLines(a);
  const linesB = splitLines(b);
  const counts = new Map<string, number>();
  for (const line of linesA) counts.set(line, (counts.get(line) ?? 0) + 1);
  let onlyB = 0;
  for (const line of linesB) {
    const n = counts.get(line) ?? 0;
    if (n > 0) counts.set(line, n - 1);
    else onlyB++;
  }
  let onlyA = 0;
  for (const n of counts.values()) onlyA += n;
  return (
    `[too many differences for a line diff: ${onlyA} of ${linesA.length} lines only in a, ` +
    `${onlyB} of ${linesB.length} lines only in b]\n`
  );
}

/** Lines without their terminators; a final newline does not make an empty last line. */
export function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}
