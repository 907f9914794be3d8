/**
 * The Report as text for a terminal or a log: the verdict, the causes with their fixes, then the
 * differing members with their fields and content diffs, then the problems. No colour unless asked.
 */
import type { Cause, ContentDiff, DifferenceNode, FieldDifference, Report } from '@whydiff/core';
import {
  countNodes,
  describeArtifact,
  describeCount,
  describeFolded,
  describeNode,
  describeStats,
  displayPath,
  formatValue,
  groupDigits,
  groupSiblings,
  hexOffset,
  hexRows,
  isRun,
  nodeFields,
  derivedNote,
  type NodeRun,
  orderCauses,
  plural,
  splitLines,
  verdictOf,
  visible,
  describePycCode,
} from './shared.js';

export interface TextOptions {
  /** ANSI colour: bold headings, red for side a, green for side b. Off by default. */
  color?: boolean;
  /** Line width that field values and path lists are fitted to (default 100). */
  width?: number;
  /** Paths listed under each cause at most (default 5); the rest are counted. */
  maxPaths?: number;
  /** Differing members shown at most, nested ones included (default 200); the rest are counted. */
  maxMembers?: number;
}

interface Style {
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  green(s: string): string;
}

const plain: Style = { bold: (s) => s, dim: (s) => s, red: (s) => s, green: (s) => s };
const ansi: Style = {
  bold: (s) => `\u001b[1m${s}\u001b[22m`,
  dim: (s) => `\u001b[2m${s}\u001b[22m`,
  red: (s) => `\u001b[31m${s}\u001b[39m`,
  green: (s) => `\u001b[32m${s}\u001b[39m`,
};

const STATUS_MARK: Record<DifferenceNode['status'], string> = { changed: '~', added: '+', removed: '-' };

export function renderText(report: Report, options: TextOptions = {}): string {
  const style = options.color ? ansi : plain;
  const width = Math.max(40, options.width ?? 100);
  const maxPaths = Math.max(1, options.maxPaths ?? 5);
  const maxMembers = Math.max(1, options.maxMembers ?? 200);
  const out: string[] = [];

  header(report, style, out);

  if (report.causes.length > 0) {
    out.push('', style.bold(`Causes (${report.causes.length})`));
    for (const cause of orderCauses(report.causes)) causeLines(cause, style, width, maxPaths, out);
  }

  if (report.differences.length > 0) {
    const total = countNodes(report.differences);
    out.push('', style.bold(`Differences (${plural(total, 'member')})`));
    let shown = 0;
    const visit = (nodes: readonly DifferenceNode[], indent: string): void => {
      for (const item of groupSiblings(nodes)) {
        if (shown >= maxMembers) return;
        if (isRun(item)) {
          shown += item.nodes.length;
          runLines(item, indent, style, width, out);
          continue;
        }
        shown++;
        nodeLines(item, indent, style, width, out);
        visit(item.children, `${indent}  `);
      }
    };
    visit(report.differences, '  ');
    if (shown < total) out.push(`  … ${plural(total - shown, 'more differing member')} not shown`);
    const folded = describeFolded(report);
    if (folded !== null) out.push(`  … ${folded}`);
  }

  if (report.problems.length > 0) {
    out.push('', style.bold(`Problems (${report.problems.length})`));
    for (const p of report.problems) {
      const at = p.offset === null ? '' : ` at offset ${groupDigits(p.offset)}`;
      out.push(`  ${p.side}: ${visible(displayPath(p.path))}${at}: ${visible(p.code)}: ${visible(p.message)}`);
    }
  }

  return `${out.join('\n')}\n`;
}

function header(report: Report, style: Style, out: string[]): void {
  const nameWidth = Math.max(visible(report.a.name).length, visible(report.b.name).length);
  for (const side of ['a', 'b'] as const) {
    const artifact = report[side];
    out.push(
      `${side}: ${visible(artifact.name).padEnd(nameWidth)}  ${visible(describeArtifact(artifact))}`,
    );
  }
  const verdict = verdictOf(report);
  const detail =
    verdict === 'identical'
      ? ' (byte for byte)'
      : verdict === 'differ only in metadata'
        ? " (every member's content is equal)"
        : '';
  out.push(style.bold(`verdict: ${verdict}`) + detail);
  if (!report.identical) out.push(`members: ${describeStats(report)}`);
}

function causeLines(cause: Cause, style: Style, width: number, maxPaths: number, out: string[]): void {
  const where = cause.where ? ` [${cause.where}]` : '';
  out.push(`  ${style.bold(`${cause.category}${where}`)}: ${describeCount(cause)}`);
  out.push(`    ${visible(cause.summary)}`);
  out.push(`    fix: ${visible(cause.remedy)}`);
  if (cause.paths.length > 0) out.push(`    ${pathList(cause.paths, width - 4, maxPaths)}`);
}

/** `paths: a, b, c … and 11 more`, at most maxPaths paths and (after the first) within width. */
function pathList(paths: readonly string[], width: number, maxPaths: number): string {
  let line = 'paths: ';
  let listed = 0;
  for (const path of paths) {
    if (listed >= maxPaths) break;
    const piece = (listed === 0 ? '' : ', ') + visible(path);
    const rest = paths.length - listed - 1;
    const tail = rest > 0 ? ` … and ${groupDigits(rest)} more` : '';
    if (listed > 0 && line.length + piece.length + tail.length > width) break;
    line += piece;
    listed++;
  }
  const rest = paths.length - listed;
  return rest > 0 ? `${line} … and ${groupDigits(rest)} more` : line;
}

function nodeLines(node: DifferenceNode, indent: string, style: Style, width: number, out: string[]): void {
  const description = describeNode(node);
  const mark = STATUS_MARK[node.status];
  const title = `${mark} ${visible(displayPath(node.path))}`;
  const painted = node.status === 'added' ? style.green(title) : node.status === 'removed' ? style.red(title) : title;
  out.push(`${indent}${painted}${description ? `  [${description}]` : ''}`);
  const inner = `${indent}    `;
  fieldLines(nodeFields(node), inner, style, width, out);
  noteLine(derivedNote(node), inner, style, out);
  if (node.content) contentLines(node.content, inner, style, width, out);
}

/** `~ site/a.html … site/z.html  (2,134 members)  [mtime]`, then the fields they all share. */
function runLines(run: NodeRun, indent: string, style: Style, width: number, out: string[]): void {
  const description = describeNode(run.first);
  out.push(
    `${indent}~ ${visible(run.first.path)} … ${visible(run.last.path)}  (${plural(run.nodes.length, 'member')})` +
      (description ? `  [${description}]` : ''),
  );
  fieldLines(nodeFields(run.first), `${indent}    `, style, width, out);
  noteLine(derivedNote(run.first), `${indent}    `, style, out);
}

function noteLine(note: string, indent: string, style: Style, out: string[]): void {
  if (note !== '') out.push(`${indent}${style.dim(note)}`);
}

/** `mtime  2024-01-01 00:00:00 UTC → 2024-01-01 01:00:00 UTC`, names aligned, long values cut. */
function fieldLines(fields: readonly FieldDifference[], indent: string, style: Style, width: number, out: string[]): void {
  const nameWidth = Math.max(0, ...fields.map((f) => visible(f.field).length));
  for (const f of fields) {
    const name = visible(f.field).padEnd(nameWidth);
    let a = visible(formatValue(f.field, f.a));
    let b = visible(formatValue(f.field, f.b));
    const room = width - indent.length - nameWidth - 5; // two spaces, ' → '
    if (a.length + b.length > room) {
      const each = Math.max(12, Math.floor(room / 2));
      a = cut(a, each);
      b = cut(b, each);
    }
    out.push(`${indent}${name}  ${style.red(a)} → ${style.green(b)}`);
  }
}

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function contentLines(content: ContentDiff, indent: string, style: Style, width: number, out: string[]): void {
  switch (content.kind) {
    case 'text': {
      // The comparator bounded the diff (context and --max-diff-lines): show it as it is.
      let inHunk = false; // before the first @@, `---`/`+++` name the files; after it they are lines
      for (const raw of splitLines(content.unified)) {
        const line = visible(raw);
        if (line.startsWith('@@')) inHunk = true;
        out.push(`${indent}${diffLine(line, inHunk, style)}`);
      }
      if (content.truncated) out.push(`${indent}… diff truncated`);
      return;
    }
    case 'binary': {
      out.push(`${indent}binary: ${plural(content.regions.length, 'region')} differ${content.regions.length === 1 ? 's' : ''}`);
      for (const region of content.regions) {
        out.push(`${indent}@@ offset ${groupDigits(region.offset)} (0x${region.offset.toString(16)})`);
        for (const row of hexRows(region)) {
          const line = `${row.side === 'a' ? '-' : '+'} ${hexOffset(row.offset)}  ${visible(row.bytes)}`;
          out.push(`${indent}${row.side === 'a' ? style.red(line) : style.green(line)}`);
        }
      }
      if (content.truncated) out.push(`${indent}… more regions not shown`);
      return;
    }
    case 'pyc': {
      // Only the code may differ: then there is no header to show.
      if (content.header.length > 0) {
        out.push(`${indent}pyc header:`);
        fieldLines(content.header, `${indent}  `, style, width, out);
      }
      out.push(`${indent}code: ${describePycCode(content)}`);
      return;
    }
    case 'xml':
    case 'json': {
      out.push(`${indent}${content.kind}: ${plural(content.changes.length, 'change')}`);
      const pathWidth = Math.max(0, ...content.changes.map((c) => visible(c.path).length));
      for (const change of content.changes) {
        const a = change.a === null ? '(absent)' : visible(change.a);
        const b = change.b === null ? '(absent)' : visible(change.b);
        out.push(`${indent}  ${visible(change.path).padEnd(pathWidth)}  ${style.red(a)} → ${style.green(b)}`);
      }
      if (content.truncated) out.push(`${indent}  … more changes not shown`);
      return;
    }
    case 'omitted':
      out.push(`${indent}content not shown: ${visible(content.reason)}`);
      return;
  }
}

function diffLine(line: string, inHunk: boolean, style: Style): string {
  if (!inHunk && (line.startsWith('+++') || line.startsWith('---'))) return style.bold(line);
  if (line.startsWith('+')) return style.green(line);
  if (line.startsWith('-')) return style.red(line);
  return line;
}
