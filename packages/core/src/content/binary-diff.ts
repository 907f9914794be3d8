/**
 * Differing regions of two byte strings as hex rows, 16 bytes a row, rows aligned to offsets that
 * are multiples of 16 (as xxd and hexdump print them) so the same row of each side lines up.
 *
 * A region is a run of rows that differ, with `context` unchanged rows before and after (regions
 * whose context touches are merged). `a` and `b` hold the rows of each side joined by `\n`; row i
 * starts at `offset + 16·i`. A row is 16 hex pairs, then the bytes as ASCII (`.` for what is not
 * printable); a byte past the end of one side shows as `--` and a blank.
 */
import type { ContentDiff } from '../report-model.js';

export interface BinaryDiffOptions {
  /** Most regions listed (default 16). */
  maxRegions?: number;
  /** Unchanged rows shown around each differing run (default 1). */
  context?: number;
  /** Most rows in one region; a longer run shows its first rows (default 16). */
  maxRowsPerRegion?: number;
}

export type BinaryContentDiff = Extract<ContentDiff, { kind: 'binary' }>;

const ROW = 16;

export function diffBinary(a: Uint8Array, b: Uint8Array, options: BinaryDiffOptions = {}): BinaryContentDiff {
  const maxRegions = options.maxRegions ?? 16;
  const context = options.context ?? 1;
  const maxRows = options.maxRowsPerRegion ?? 16;
  const totalRows = Math.ceil(Math.max(a.length, b.length) / ROW);
  const regions: BinaryContentDiff['regions'] = [];
  let truncated = false;

  let row = nextDifferingRow(a, b, 0, totalRows);
  while (row < totalRows) {
    if (regions.length === maxRegions) {
      truncated = true;
      break;
    }
    // Extend the run while differing rows follow within 2·context unchanged rows of each other.
    let last = row;
    for (;;) {
      const next = nextDifferingRow(a, b, last + 1, totalRows);
      if (next >= totalRows || next - last - 1 > 2 * context) break;
      last = next;
    }
    const first = Math.max(0, row - context);
    const end = Math.min(totalRows, last + 1 + context);
    const shownEnd = Math.min(end, first + maxRows);
    if (shownEnd < end) truncated = true;
    regions.push({ offset: first * ROW, a: hexRows(a, first, shownEnd), b: hexRows(b, first, shownEnd) });
    row = nextDifferingRow(a, b, end, totalRows);
  }
  return { kind: 'binary', regions, truncated };
}

/** Counts for a summary line: sizes, differing bytes (positions past the shorter side count), first difference. */
export function compareBytes(a: Uint8Array, b: Uint8Array): { sizeA: number; sizeB: number; differingBytes: number; firstDifference: number | null } {
  const common = Math.min(a.length, b.length);
  let differing = Math.abs(a.length - b.length);
  let first: number | null = null;
  for (let i = 0; i < common; i++) {
    if (a[i] !== b[i]) {
      differing++;
      if (first === null) first = i;
    }
  }
  if (first === null && a.length !== b.length) first = common;
  return { sizeA: a.length, sizeB: b.length, differingBytes: differing, firstDifference: first };
}

function nextDifferingRow(a: Uint8Array, b: Uint8Array, fromRow: number, totalRows: number): number {
  const common = Math.min(a.length, b.length);
  for (let i = fromRow * ROW; i < common; i++) if (a[i] !== b[i]) return Math.floor(i / ROW);
  // Past the shorter side, every row differs (one side has bytes the other lacks).
  if (a.length === b.length) return totalRows;
  return Math.max(fromRow, Math.floor(common / ROW));
}

function hexRows(bytes: Uint8Array, firstRow: number, endRow: number): string {
  const rows: string[] = [];
  for (let r = firstRow; r < endRow; r++) {
    let hex = '';
    let ascii = '';
    for (let i = r * ROW; i < (r + 1) * ROW; i++) {
      const byte = bytes[i];
      if (hex !== '') hex += ' ';
      if (byte === undefined) {
        hex += '--';
        ascii += ' ';
      } else {
        hex += byte.toString(16).padStart(2, '0');
        ascii += byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : '.';
      }
    }
    rows.push(`${hex}  ${ascii}`);
  }
  return rows.join('\n');
}
