/**
 * What the text and markdown presenters share: the verdict in words, numbers and values as users
 * read them, and the order causes are listed in. Pure functions of Report data.
 */
import { groupDigits, plural, type Cause, type ContentDiff, type DifferenceNode, type FieldDifference, type Report } from '@whydiff/core';

/** A header field's value as kept in the report (JSON-safe). */
export type Value = FieldDifference['a'];

export type Verdict = 'identical' | 'differ only in metadata' | 'differ';

export function verdictOf(report: Report): Verdict {
  if (report.identical) return 'identical';
  return report.contentIdentical ? 'differ only in metadata' : 'differ';
}

export { groupDigits, plural } from '@whydiff/core';

/**
 * `tar.gz, 20,480 bytes, sha256 3f2a9c0d1e4b`; a directory has no bytes or hash of its own, so its
 * entries are counted instead: `directory, 3 entries`.
 */
export function describeArtifact(artifact: Report['a']): string {
  if (artifact.sha256 === '') return `${artifact.format}, ${plural(artifact.entries, 'entry', 'entries')}`;
  return `${artifact.format}, ${plural(artifact.size, 'byte')}, sha256 ${shortSha(artifact.sha256)}`;
}

export function shortSha(sha256: string): string {
  return sha256.slice(0, 12);
}

/** Biggest first; causes of the same size keep the order the classifier gave them. */
export function orderCauses(causes: readonly Cause[]): Cause[] {
  return causes
    .map((cause, index) => ({ cause, index }))
    .sort((x, y) => y.cause.count - x.cause.count || x.index - y.index)
    .map((x) => x.cause);
}

/** `14 members (all entries)`, `1 member`, `the artifact itself`. */
export function describeCount(cause: Cause): string {
  if (cause.paths.length === 0) return 'the artifact itself';
  const members = plural(cause.count, 'member');
  return cause.allEntries ? `${members} (all entries)` : members;
}

/** `members: 14 in a, 15 in b; 13 matched, 6 differ, 1 added, 1 removed`. */
export function describeStats(report: Report): string {
  const s = report.stats;
  return (
    `${groupDigits(s.entriesA)} in a, ${groupDigits(s.entriesB)} in b; ${groupDigits(s.matched)} matched, ` +
    `${groupDigits(s.differing)} differ, ${groupDigits(s.added)} added, ${groupDigits(s.removed)} removed`
  );
}

/**
 * `27,373 more members differ in the same way as members listed (folded: their paths are under their
 * causes)`, or null when the report folded none (see Report.stats.folded).
 */
export function describeFolded(report: Report): string | null {
  const folded = report.stats.folded ?? 0;
  if (folded === 0) return null;
  return `${plural(folded, 'more member')} ${folded === 1 ? 'differs' : 'differ'} in the same way as members listed (folded: their paths are under their causes)`;
}

const TIME_FIELDS = new Set(['mtime', 'atime', 'ctime']);
const MODE_FIELD = /^(mode|raw\.(.+\.)?(mode|stMode))$/;

/**
 * A field value as users read it: strings quoted (a raw field kept as the string "0" is not the
 * number 0), modes (the entry's and the headers') in octal, entry times as UTC dates, null as `(none)`.
 */
export function formatValue(field: string, value: Value): string {
  if (value === null) return '(none)';
  if (typeof value === 'number') {
    // A header's mode too (raw.mode, a zip's raw.stMode): tar and cpio store it in octal digits.
    if (MODE_FIELD.test(field) && Number.isInteger(value) && value >= 0) return `0${value.toString(8).padStart(3, '0')}`;
    if (TIME_FIELDS.has(field) && Number.isFinite(value)) return formatTime(value);
    return String(value);
  }
  if (typeof value === 'string') return JSON.stringify(value);
  return JSON.stringify(value);
}

/** Seconds since the epoch as `2024-01-01 00:00:00 UTC` (fraction kept when stored). */
export function formatTime(seconds: number): string {
  const date = new Date(seconds * 1000);
  if (Number.isNaN(date.getTime())) return String(seconds);
  const iso = date.toISOString(); // 2024-01-01T00:00:00.000Z
  const fraction = iso.slice(19, 23) === '.000' ? '' : iso.slice(19, 23).replace(/0+$/, '');
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${fraction} UTC`;
}

/** Where a node is: its path, or the artifact itself for path ``. */
export function displayPath(path: string): string {
  return path === '' ? '(the artifact itself)' : path;
}

/** `added (file)`, `removed (symlink)`, or the node's markers. */
export function describeNode(node: DifferenceNode): string {
  const markers = node.markers.filter((m) => m !== node.status);
  const parts: string[] = [];
  if (node.status === 'added') parts.push(node.typeB ? `added (${node.typeB})` : 'added');
  if (node.status === 'removed') parts.push(node.typeA ? `removed (${node.typeA})` : 'removed');
  parts.push(...markers);
  return parts.join(', ');
}

/**
 * The fields to show for a node: its field differences (not those that merely follow from another,
 * such as a header checksum), plus its type when that changed.
 */
export function nodeFields(node: DifferenceNode): FieldDifference[] {
  const typeChanged =
    node.status === 'changed' && node.typeA !== node.typeB && !node.fields.some((f) => f.field === 'type');
  const shown = node.fields.filter((f) => f.derived !== true);
  return typeChanged ? [{ field: 'type', a: node.typeA, b: node.typeB }, ...shown] : shown;
}

/** `also differ, following from these: raw.chksum, size` (empty when none). */
export function derivedNote(node: DifferenceNode): string {
  const names = node.fields.filter((f) => f.derived === true).map((f) => f.field);
  if (names.length === 0) return '';
  const listed = names.slice(0, 6).join(', ');
  return `also differ, following from these: ${listed}${names.length > 6 ? `, … (${names.length - 6} more)` : ''}`;
}

export interface HexRow {
  side: 'a' | 'b';
  offset: number;
  /** `1f 8b 08 00 ...  ....`: 16 bytes at most as hex pairs, then as ASCII. */
  bytes: string;
}

/**
 * The rows of a differing binary region, a and b interleaved so each pair of rows lines up. The
 * differ writes each side as rows of 16 bytes (hex pairs, then ASCII) joined by newlines; row i
 * starts at `offset + 16·i`.
 */
export function hexRows(region: { offset: number; a: string; b: string }): HexRow[] {
  const a = region.a === '' ? [] : region.a.split('\n');
  const b = region.b === '' ? [] : region.b.split('\n');
  const rows: HexRow[] = [];
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const offset = region.offset + i * 16;
    const rowA = a[i];
    const rowB = b[i];
    if (rowA !== undefined) rows.push({ side: 'a', offset, bytes: rowA });
    if (rowB !== undefined) rows.push({ side: 'b', offset, bytes: rowB });
  }
  return rows;
}

/** A .pyc's marshalled code, in words: equal, differs, or differs in its bytes only (the same objects, other reference flags). */
export function describePycCode(content: Extract<ContentDiff, { kind: 'pyc' }>): string {
  if (!content.codeDiffers) return 'equal';
  return content.sameObjects === true ? "differs in its bytes only: the same objects, other reference flags (marshal's FLAG_REF)" : 'differs';
}

export function hexOffset(offset: number): string {
  return offset.toString(16).padStart(8, '0');
}

/** Every node of the tree, depth first, with its nesting depth. */
export function* walkNodes(nodes: readonly DifferenceNode[], depth = 0): Generator<{ node: DifferenceNode; depth: number }> {
  for (const node of nodes) {
    yield { node, depth };
    yield* walkNodes(node.children, depth + 1);
  }
}

export function countNodes(nodes: readonly DifferenceNode[]): number {
  let n = 0;
  for (const _ of walkNodes(nodes)) n++;
  return n;
}

/**
 * Control characters made visible (`\x1b`): member paths and contents come from untrusted
 * archives, and an escape sequence in a name must not drive the terminal that shows it.
 * Tabs stay; newlines stay only where `keepNewlines` says so.
 */
export function visible(text: string, keepNewlines = false): string {
  return text.replace(/[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/g, (c) => {
    if (keepNewlines && c === '\n') return c;
    return `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
  });
}

/** Lines of a unified diff, without the empty one after its final newline. */
export function splitLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Consecutive siblings with the same field differences and nothing else, shown as one. */
export interface NodeRun {
  first: DifferenceNode;
  last: DifferenceNode;
  nodes: DifferenceNode[];
}

/** Runs shorter than this are listed member by member. */
const MIN_RUN = 3;

/**
 * Siblings in order, where each run of at least MIN_RUN leaf members that differ in exactly the same
 * way (same fields and values, no content diff: 2,000 files whose only difference is one mtime)
 * becomes one NodeRun. Members with content or children always stand alone.
 */
export function groupSiblings(nodes: readonly DifferenceNode[]): (DifferenceNode | NodeRun)[] {
  const out: (DifferenceNode | NodeRun)[] = [];
  let run: DifferenceNode[] = [];
  let runKey: string | null = null;
  const flush = (): void => {
    if (run.length >= MIN_RUN) out.push({ first: run[0]!, last: run[run.length - 1]!, nodes: run });
    else out.push(...run);
    run = [];
    runKey = null;
  };
  for (const node of nodes) {
    const key = runKeyOf(node);
    if (key === null || key !== runKey) flush();
    if (key === null) out.push(node);
    else {
      run.push(node);
      runKey = key;
    }
  }
  flush();
  return out;
}

function runKeyOf(node: DifferenceNode): string | null {
  if (node.status !== 'changed' || node.content || node.children.length > 0 || node.fields.length === 0) return null;
  // Fields that follow from others (each member's own header checksum) differ member by member: a
  // run is members whose own differences are the same.
  const own = node.fields.filter((f) => f.derived !== true);
  if (own.length === 0) return null;
  return JSON.stringify([node.markers, node.typeA, node.typeB, own, node.fields.filter((f) => f.derived === true).map((f) => f.field)]);
}

export function isRun(item: DifferenceNode | NodeRun): item is NodeRun {
  return 'nodes' in item;
}
