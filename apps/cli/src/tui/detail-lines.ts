/**
 * The detail pane's content for one node as lines of coloured segments: a field-by-field a/b table
 * (raw header fields included, as the differ reports them), then the content diff, unified or side
 * by side when the pane is wide enough. Pure; the pane renders only the lines that fit.
 */
import type { ContentDiff, DifferenceNode } from '@whydiff/core';
import { describePycCode, hexOffset, hexRows } from '@whydiff/report';
import { fit, formatValue, nodeMarkers, visible } from './format.js';

export type Tone = 'removed' | 'added' | 'hunk' | 'title' | 'dim' | 'plain';

export interface Segment {
  text: string;
  tone: Tone;
}

export type DetailLine = Segment[];

/** Below this pane width a text diff is unified; at or above it, side by side. */
export const SIDE_BY_SIDE_WIDTH = 110;

const seg = (text: string, tone: Tone = 'plain'): Segment => ({ text, tone });

export function detailLines(node: DifferenceNode, label: string, width: number): DetailLine[] {
  const lines: DetailLine[] = [];
  const what = nodeMarkers(node);
  lines.push([seg(visible(label), 'title'), seg(what ? `  [${what}]` : '', 'dim')]);
  const types = node.typeA === node.typeB ? (node.typeA ?? '') : `${node.typeA ?? '(none)'} → ${node.typeB ?? '(none)'}`;
  lines.push([seg(`${node.status}${types ? `, ${types}` : ''}`, 'dim')]);
  if (node.fields.length > 0) {
    lines.push([]);
    const fieldWidth = Math.min(22, Math.max(5, ...node.fields.map((f) => f.field.length)));
    const valueWidth = Math.max(8, Math.floor((width - fieldWidth - 4) / 2));
    lines.push([seg(`${'field'.padEnd(fieldWidth)}  ${'a'.padEnd(valueWidth)}  b`, 'dim')]);
    // A member's own differences first; those that only follow from them (a header checksum, a
    // size) after, dimmed: shown, as every raw field is, but not what the eye should land on.
    const ordered = [...node.fields.filter((f) => f.derived !== true), ...node.fields.filter((f) => f.derived === true)];
    for (const f of ordered) {
      const derived = f.derived === true;
      lines.push([
        seg(`${fit(visible(f.field), fieldWidth, true)}  `, derived ? 'dim' : 'plain'),
        seg(fit(formatValue(f.field, f.a), valueWidth, true), derived ? 'dim' : 'removed'),
        seg('  '),
        seg(fit(formatValue(f.field, f.b), valueWidth), derived ? 'dim' : 'added'),
      ]);
    }
  }
  if (node.content !== undefined) {
    lines.push([]);
    lines.push(...contentLines(node.content, width));
  }
  if (node.children.length > 0) {
    lines.push([]);
    lines.push([seg(`${node.children.length} difference${node.children.length === 1 ? '' : 's'} inside (expand the node to see them)`, 'dim')]);
  }
  return lines;
}

function contentLines(content: ContentDiff, width: number): DetailLine[] {
  switch (content.kind) {
    case 'text': {
      const lines = unifiedLines(content.unified);
      const out = width >= SIDE_BY_SIDE_WIDTH ? sideBySide(lines, width) : lines.map(unifiedLine);
      if (content.truncated) out.push([seg('… diff truncated (--max-diff-lines)', 'dim')]);
      return out;
    }
    case 'binary': {
      const out: DetailLine[] = [[seg('binary content differs:', 'title')]];
      for (const region of content.regions) {
        for (const row of hexRows(region)) out.push([seg(`${row.side} ${hexOffset(row.offset)}  ${visible(row.bytes)}`, row.side === 'a' ? 'removed' : 'added')]);
      }
      if (content.truncated) out.push([seg('… more regions differ', 'dim')]);
      return out;
    }
    case 'pyc': {
      // Only the code may differ: then there is no header to show.
      const out: DetailLine[] = content.header.length > 0 ? [[seg('pyc header:', 'title')]] : [];
      for (const f of content.header) {
        out.push([seg(`${f.field.padEnd(14)}  `), seg(formatValue(f.field, f.a), 'removed'), seg(' → '), seg(formatValue(f.field, f.b), 'added')]);
      }
      out.push([seg(content.codeDiffers ? `the marshalled code ${describePycCode(content)}` : 'the marshalled code is the same', 'dim')]);
      return out;
    }
    case 'xml':
    case 'json': {
      const out: DetailLine[] = [[seg(`${content.kind}: ${content.changes.length} change${content.changes.length === 1 ? '' : 's'}`, 'title')]];
      for (const change of content.changes) {
        out.push([
          seg(`${visible(change.path)}  `),
          seg(change.a === null ? '(none)' : visible(change.a), 'removed'),
          seg(' → '),
          seg(change.b === null ? '(none)' : visible(change.b), 'added'),
        ]);
      }
      if (content.truncated) out.push([seg('… more changes', 'dim')]);
      return out;
    }
    case 'omitted':
      return [[seg(`content not shown: ${visible(content.reason)}`, 'dim')]];
  }
}

function unifiedLines(unified: string): string[] {
  const lines = unified.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map(visible);
}

function unifiedLine(line: string): DetailLine {
  if (line.startsWith('+++') || line.startsWith('---')) return [seg(line, 'dim')];
  if (line.startsWith('@@')) return [seg(line, 'hunk')];
  if (line.startsWith('-')) return [seg(line, 'removed')];
  if (line.startsWith('+')) return [seg(line, 'added')];
  return [seg(line)];
}

/**
 * Two columns, a on the left and b on the right: context lines on both sides, each run of removed
 * lines paired with the run of added lines that follows it.
 */
export function sideBySide(lines: readonly string[], width: number): DetailLine[] {
  const half = Math.floor((width - 3) / 2);
  const out: DetailLine[] = [];
  const row = (a: string | null, b: string | null, toneA: Tone, toneB: Tone): void => {
    out.push([seg(fit(a ?? '', half, true), a === null ? 'plain' : toneA), seg(' │ ', 'dim'), seg(fit(b ?? '', half), b === null ? 'plain' : toneB)]);
  };
  let removed: string[] = [];
  let added: string[] = [];
  const flush = (): void => {
    for (let i = 0; i < Math.max(removed.length, added.length); i++) row(removed[i] ?? null, added[i] ?? null, 'removed', 'added');
    removed = [];
    added = [];
  };
  for (const line of lines) {
    if (line.startsWith('+++') || line.startsWith('---')) {
      flush();
      out.push([seg(fit(line, width), 'dim')]);
    } else if (line.startsWith('@@')) {
      flush();
      out.push([seg(fit(line, width), 'hunk')]);
    } else if (line.startsWith('-')) {
      if (added.length > 0) flush();
      removed.push(line.slice(1));
    } else if (line.startsWith('+')) added.push(line.slice(1));
    else {
      flush();
      row(line.slice(1), line.slice(1), 'plain', 'plain');
    }
  }
  flush();
  return out;
}

