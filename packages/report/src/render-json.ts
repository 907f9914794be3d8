/**
 * The Report as JSON (whydiff --json): keys in the model's order whatever order the object was
 * built in, `schema` first, two-space indentation, a final newline. Validates against
 * @whydiff/core's report.schema.json.
 */
import type { ContentDiff, Report } from '@whydiff/core';

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

// Key orders of the model's closed objects: the model's order, except that long lists (a cause's
// paths, a node's children) come after the short fields a reader looks for first. Raw header values (a field's a/b) keep their own order:
// it is the order the format stores them in.
const REPORT_KEYS = ['schema', 'tool', 'a', 'b', 'identical', 'contentIdentical', 'causes', 'differences', 'problems', 'stats'];
const TOOL_KEYS = ['name', 'version'];
const ARTIFACT_KEYS = ['name', 'size', 'sha256', 'format', 'entries'];
const CAUSE_KEYS = ['category', 'where', 'count', 'allEntries', 'summary', 'remedy', 'paths'];
const NODE_KEYS = ['path', 'status', 'markers', 'typeA', 'typeB', 'fields', 'content', 'children'];
const FIELD_KEYS = ['field', 'a', 'b', 'derived'];
const PROBLEM_KEYS = ['side', 'path', 'offset', 'code', 'message'];
const STATS_KEYS = ['entriesA', 'entriesB', 'matched', 'differing', 'added', 'removed', 'bytesReadA', 'bytesReadB', 'seconds'];
const CONTENT_KEYS = ['kind', 'truncated', 'reason', 'codeDiffers', 'sameObjects', 'header', 'unified', 'regions', 'changes'];
const REGION_KEYS = ['offset', 'a', 'b'];
const CHANGE_KEYS = ['path', 'a', 'b'];

/** The report as one JSON text (see renderJsonChunks for the same text in pieces). */
export function renderJson(report: Report): string {
  return [...renderJsonChunks(report)].join('');
}

/** Stands in for the differences while the rest of the report is stringified. */
const DIFFERENCES_HOLE = '\u0000differences\u0000';
/** Stands in for cause i's paths (all of them, when every member's time differs) likewise. */
const pathsHole = (i: number): string => `\u0000paths ${i}\u0000`;
/** What JSON.stringify([group], null, 2) puts around the group's elements. */
const GROUP_OPEN = '[\n  [\n';
const GROUP_CLOSE = '\n  ]\n]';
/** Difference nodes stringified in one call. */
const NODES_PER_STRINGIFY = 32;
/** Pieces of about this many characters: few writes, and never the whole report in one string. */
const CHUNK_CHARS = 64 * 1024;

/**
 * The report's JSON text in pieces, for writing as it is made: a report lists one node per
 * differing member (tens of thousands when every mtime differs) and names every member of a cause,
 * and one string of it all, with the ordered copy behind it, would be the largest thing a
 * comparison holds (at the bench's ×12, 330,816 paths: 20 MB of text, and the peak of the run).
 * Joined, the pieces are exactly JSON.stringify(ordered report, null, 2) and a newline.
 */
export function* renderJsonChunks(report: Report, pieceChars = CHUNK_CHARS): Generator<string> {
  const r = report as unknown as Record<string, unknown>;
  const differences = (r.differences as Record<string, unknown>[] | undefined) ?? [];
  const causePaths: string[][] = [];
  const ordered = pick({ ...r, differences: DIFFERENCES_HOLE }, REPORT_KEYS, (key, value) => {
    switch (key) {
      case 'tool':
        return pick(value as Record<string, unknown>, TOOL_KEYS);
      case 'a':
      case 'b':
        return pick(value as Record<string, unknown>, ARTIFACT_KEYS);
      case 'causes':
        return (value as Record<string, unknown>[]).map((cause) => {
          if (!Array.isArray(cause.paths)) return pick(cause, CAUSE_KEYS);
          causePaths.push(cause.paths as string[]);
          return pick({ ...cause, paths: pathsHole(causePaths.length - 1) }, CAUSE_KEYS);
        });
      case 'problems':
        return (value as Record<string, unknown>[]).map((problem) => pick(problem, PROBLEM_KEYS));
      case 'stats':
        return pick(value as Record<string, unknown>, STATS_KEYS);
      default:
        return value as Json;
    }
  });
  const text = `${JSON.stringify(ordered, null, 2)}\n`;
  // Each stand-in is found with its key: a string value holds a quote only escaped, so no member
  // name or message can pass for `"paths": "…"`, and none can hold the raw newline before
  // `"differences"` at depth 1. The causes come before the differences.
  let from = 0;
  for (let i = 0; i < causePaths.length; i++) {
    const quoted = JSON.stringify(pathsHole(i));
    const at = text.indexOf(`"paths": ${quoted}`, from);
    const lineStart = text.lastIndexOf('\n', at) + 1;
    const hole = at + '"paths": '.length;
    yield text.slice(from, hole);
    yield* arrayInPieces(causePaths[i]!, text.slice(lineStart, at), pieceChars);
    from = hole + quoted.length;
  }
  const needle = `\n  "differences": ${JSON.stringify(DIFFERENCES_HOLE)}`;
  const hole = text.indexOf(needle, from) + needle.length - JSON.stringify(DIFFERENCES_HOLE).length;
  yield text.slice(from, hole);
  if (differences.length === 0) {
    yield '[]';
  } else {
    // As JSON.stringify lays out an array at depth 1: each element at depth 2, one per line. A
    // group of nodes stringified as [[...group]] has exactly that layout between its first two
    // and last two lines.
    let piece = '[\n';
    for (let i = 0; i < differences.length; i += NODES_PER_STRINGIFY) {
      const group = differences.slice(i, i + NODES_PER_STRINGIFY).map(node);
      const text = JSON.stringify([group], null, 2);
      piece += text.slice(GROUP_OPEN.length, text.length - GROUP_CLOSE.length);
      piece += i + NODES_PER_STRINGIFY >= differences.length ? '\n  ]' : ',\n';
      if (piece.length >= pieceChars) {
        yield piece;
        piece = '';
      }
    }
    yield piece;
  }
  yield text.slice(hole + JSON.stringify(DIFFERENCES_HOLE).length);
}

/**
 * A list of strings as JSON.stringify(…, null, 2) lays it out under a key indented by `indent`: one
 * element a line, indented two more, the closing bracket at the key's indent.
 */
function* arrayInPieces(items: readonly string[], indent: string, pieceChars: number): Generator<string> {
  if (items.length === 0) {
    yield '[]';
    return;
  }
  const inner = `${indent}  `;
  let piece = '[\n';
  for (let i = 0; i < items.length; i++) {
    piece += inner + JSON.stringify(items[i]) + (i + 1 < items.length ? ',\n' : `\n${indent}]`);
    if (piece.length >= pieceChars) {
      yield piece;
      piece = '';
    }
  }
  if (piece.length > 0) yield piece;
}

function node(value: Record<string, unknown>): Json {
  return pick(value, NODE_KEYS, (key, v) => {
    if (key === 'fields') return (v as Record<string, unknown>[]).map((f) => pick(f, FIELD_KEYS));
    if (key === 'content') return content(v as ContentDiff);
    if (key === 'children') return (v as Record<string, unknown>[]).map(node);
    return v as Json;
  });
}

function content(value: ContentDiff): Json {
  return pick(value as unknown as Record<string, unknown>, CONTENT_KEYS, (key, v) => {
    if (key === 'header') return (v as Record<string, unknown>[]).map((f) => pick(f, FIELD_KEYS));
    if (key === 'regions') return (v as Record<string, unknown>[]).map((r) => pick(r, REGION_KEYS));
    if (key === 'changes') return (v as Record<string, unknown>[]).map((c) => pick(c, CHANGE_KEYS));
    return v as Json;
  });
}

/**
 * The object's keys in the given order, then any others in their own order (a field added to the
 * model before this list learns it still reaches the output). Undefined values are left out, as
 * JSON.stringify would.
 */
function pick(
  value: Record<string, unknown>,
  order: readonly string[],
  map: (key: string, value: unknown) => Json = (_key, v) => v as Json,
): Json {
  const out: Record<string, Json> = {};
  const keys = [...order.filter((k) => k in value), ...Object.keys(value).filter((k) => !order.includes(k))];
  for (const key of keys) {
    const v = value[key];
    if (v === undefined) continue;
    out[key] = map(key, v);
  }
  return out;
}
