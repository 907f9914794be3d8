/**
 * The content comparator for one pair of members: sniff, then the comparator that shows the
 * difference best (pyc header fields, JSON key paths, XML element paths, a unified text diff, or
 * hex rows), falling back to the next plainer one when a parse fails or finds no change (JSON
 * reindented, XML comments). Text over `maxBytes` on either side is omitted; binary content of any
 * size still gets its differing regions (a plain scan that stops after maxRegions).
 */
import type { ContentDiff } from '../report-model.js';
import { diffBinary } from './binary-diff.js';
import { equalBytes } from './bytes.js';
import { diffJson } from './json-diff.js';
import { pycDiff } from './pyc-diff.js';
import { sniffContent, type ContentKind } from './sniff.js';
import { diffText } from './text-diff.js';
import { diffXml } from './xml-diff.js';

export interface DiffContentOptions {
  /** Text: lines of context (default 3). */
  context?: number;
  /** Text: most diff lines shown (default 200). */
  maxLines?: number;
  /** Text: names on the `---`/`+++` lines (default `a` and `b`). */
  labelA?: string;
  labelB?: string;
  /** Binary: most regions listed (default 16). */
  maxRegions?: number;
  /** JSON and XML: most changes listed (default 200). */
  maxChanges?: number;
  /** Largest side diffed as text, JSON or XML (default 4 MiB). */
  maxBytes?: number;
}

export const DEFAULT_MAX_CONTENT_BYTES = 4 * 1024 * 1024;

export function diffContent(a: Uint8Array, b: Uint8Array, path: string, options: DiffContentOptions = {}): ContentDiff {
  if (equalBytes(a, b)) return { kind: 'omitted', reason: 'contents are identical' };
  const kind = pairKind(sniffContent(a, path), sniffContent(b, path));
  const binary = (): ContentDiff => diffBinary(a, b, options.maxRegions === undefined ? {} : { maxRegions: options.maxRegions });
  if (kind === 'pyc') return pycDiff(a, b)?.diff ?? binary();
  if (kind === 'binary') return binary();

  const maxBytes = options.maxBytes ?? DEFAULT_MAX_CONTENT_BYTES;
  if (a.length > maxBytes || b.length > maxBytes) {
    return { kind: 'omitted', reason: `text too large to diff: ${size(a.length)} and ${size(b.length)} (limit ${size(maxBytes)})` };
  }
  const textA = decodeUtf8(a);
  const textB = decodeUtf8(b);
  if (textA === null || textB === null) return binary();
  const structured = { maxChanges: options.maxChanges ?? 200 };
  const parsed = kind === 'json' ? diffJson(textA, textB, structured) : kind === 'xml' ? diffXml(textA, textB, structured) : null;
  if (parsed !== null && parsed.changes.length > 0) return parsed;
  const { context, maxLines, labelA, labelB } = options;
  return diffText(textA, textB, {
    ...(context === undefined ? {} : { context }),
    ...(maxLines === undefined ? {} : { maxLines }),
    labelA: labelA ?? 'a',
    labelB: labelB ?? 'b',
  });
}

/** One comparator for both sides: the same kind, else bytes when either is binary, else text. */
function pairKind(a: ContentKind, b: ContentKind): ContentKind {
  if (a === b) return a;
  if (a === 'binary' || b === 'binary' || a === 'pyc' || b === 'pyc') return 'binary';
  return 'text';
}

function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

function size(bytes: number): string {
  return bytes < 1024 * 1024 ? `${bytes} bytes` : `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}
