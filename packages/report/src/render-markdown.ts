/**
 * The Report as GitHub-flavoured markdown, for pasting into an issue tracker: the verdict, the
 * artifacts, a causes table, then one `<details>` block per differing member.
 */
import type { ContentDiff, DifferenceNode, FieldDifference, Report } from '@whydiff/core';
import {
  countNodes,
  describeCount,
  describeFolded,
  describeNode,
  describeStats,
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
  type Value,
  describePycCode,
} from './shared.js';

export interface MarkdownOptions {
  /** `<details>` blocks at most, nested members included (default 100); the rest are counted. */
  maxMembers?: number;
}

export function renderMarkdown(report: Report, options: MarkdownOptions = {}): string {
  const maxMembers = Math.max(1, options.maxMembers ?? 100);
  const out: string[] = [];

  out.push(`## whydiff: ${verdictOf(report)}`, '');
  out.push('| | artifact | format | size | sha256 |', '|---|---|---|---:|---|');
  for (const side of ['a', 'b'] as const) {
    const artifact = report[side];
    out.push(
      artifact.sha256 === '' // a directory: no bytes or hash of its own
        ? `| ${side} | ${code(artifact.name)} | ${cell(artifact.format)} | ${plural(artifact.entries, 'entry', 'entries')} |  |`
        : `| ${side} | ${code(artifact.name)} | ${cell(artifact.format)} | ${plural(artifact.size, 'byte')} | ${code(artifact.sha256)} |`,
    );
  }
  out.push('');
  if (report.identical) {
    out.push('The artifacts are byte-identical.');
  } else {
    out.push(`Members: ${describeStats(report)}.`);
    if (report.contentIdentical) out.push('', "Every member's content is equal: the builds differ only in metadata.");
  }

  if (report.causes.length > 0) {
    out.push('', '### Causes', '', '| category | where | count | summary | fix |', '|---|---|---|---|---|');
    for (const cause of orderCauses(report.causes)) {
      out.push(
        `| ${cell(cause.category)} | ${cell(cause.where ?? '')} | ${cell(describeCount(cause))} | ${cell(cause.summary)} | ${cell(cause.remedy)} |`,
      );
    }
  }

  if (report.differences.length > 0) {
    const total = countNodes(report.differences);
    out.push('', `### Differences (${plural(total, 'member')})`);
    let shown = 0;
    const visit = (nodes: readonly DifferenceNode[]): void => {
      for (const item of groupSiblings(nodes)) {
        if (shown >= maxMembers) return;
        if (isRun(item)) {
          shown += item.nodes.length;
          out.push('', ...runDetails(item));
          continue;
        }
        shown++;
        out.push('', ...details(item));
        visit(item.children);
      }
    };
    visit(report.differences);
    if (shown < total) out.push('', `…and ${plural(total - shown, 'more differing member')} (see the JSON report).`);
    const folded = describeFolded(report);
    if (folded !== null) out.push('', `…and ${folded}.`);
  }

  if (report.problems.length > 0) {
    out.push('', '### Problems', '', '| side | path | offset | code | message |', '|---|---|---:|---|---|');
    for (const p of report.problems) {
      const offset = p.offset === null ? '' : groupDigits(p.offset);
      out.push(`| ${p.side} | ${p.path === '' ? 'the artifact itself' : code(p.path)} | ${offset} | ${code(p.code)} | ${cell(p.message)} |`);
    }
  }

  return `${out.join('\n')}\n`;
}

/** One member: its path and markers as the summary, its fields and content diff inside. */
function details(node: DifferenceNode): string[] {
  const description = describeNode(node);
  const title = `${summaryPath(node.path)}${description ? ` — ${html(description)}` : ''}`;
  const sections: string[][] = [];
  const fields = nodeFields(node);
  if (fields.length > 0) sections.push(fieldTable(fields, 'field'));
  const note = derivedNote(node);
  if (note !== '') sections.push([`${note.charAt(0).toUpperCase()}${note.slice(1)}.`]);
  if (node.content) sections.push(contentBlock(node.content));
  if (sections.length === 0) {
    sections.push([
      node.status === 'added'
        ? 'Only in b.'
        : node.status === 'removed'
          ? 'Only in a.'
          : `${plural(countNodes(node.children), 'member')} inside differ (below).`,
    ]);
  }
  return detailsBlock(title, sections);
}

/** Many members that differ the same way: the first and last path, the count, the shared fields. */
function runDetails(run: NodeRun): string[] {
  const description = describeNode(run.first);
  const title =
    `${summaryPath(run.first.path)} … ${summaryPath(run.last.path)} (${plural(run.nodes.length, 'member')})` +
    (description ? ` — ${html(description)}` : '');
  return detailsBlock(title, [
    [`Each of these ${groupDigits(run.nodes.length)} members differs only in:`],
    fieldTable(nodeFields(run.first), 'field'),
    ...(derivedNote(run.first) === '' ? [] : [[`${derivedNote(run.first).charAt(0).toUpperCase()}${derivedNote(run.first).slice(1)}.`]]),
  ]);
}

/** Sections apart by blank lines: a table followed directly by another would merge with it. */
function detailsBlock(title: string, sections: readonly string[][]): string[] {
  const body = sections.flatMap((section, i) => (i === 0 ? section : ['', ...section]));
  return [`<details><summary>${title}</summary>`, '', ...body, '', '</details>'];
}

function summaryPath(path: string): string {
  return path === '' ? 'the artifact itself' : `<code>${html(path)}</code>`;
}

function fieldTable(fields: readonly FieldDifference[], heading: string): string[] {
  const rows = fields.map(
    (f) => `| ${code(f.field)} | ${valueCell(f.field, f.a)} | ${valueCell(f.field, f.b)} |`,
  );
  return [`| ${heading} | a | b |`, '|---|---|---|', ...rows];
}

function valueCell(field: string, value: Value): string {
  return value === null ? '*(none)*' : code(formatValue(field, value));
}

function contentBlock(content: ContentDiff): string[] {
  switch (content.kind) {
    case 'text': {
      const lines = fence('diff', splitLines(content.unified).map((line) => visible(line)));
      return content.truncated ? [...lines, '', '*Diff truncated.*'] : lines;
    }
    case 'binary': {
      const rows: string[] = [];
      for (const region of content.regions) {
        rows.push(`@@ offset ${groupDigits(region.offset)} (0x${region.offset.toString(16)})`);
        for (const row of hexRows(region)) rows.push(`${row.side === 'a' ? '-' : '+'} ${hexOffset(row.offset)}  ${visible(row.bytes)}`);
      }
      const n = content.regions.length;
      const lines = [`Binary: ${plural(n, 'region')} differ${n === 1 ? 's' : ''}.`, '', ...fence('diff', rows)];
      return content.truncated ? [...lines, '', '*More regions not shown.*'] : lines;
    }
    case 'pyc':
      // Only the code may differ: then there is no header table.
      return [...(content.header.length > 0 ? [...fieldTable(content.header, 'pyc header'), ''] : []), `Code: ${describePycCode(content)}.`];
    case 'xml':
    case 'json': {
      const rows = content.changes.map(
        (c) =>
          `| ${code(c.path)} | ${c.a === null ? '*(absent)*' : code(c.a)} | ${c.b === null ? '*(absent)*' : code(c.b)} |`,
      );
      const lines = [`| ${content.kind} path | a | b |`, '|---|---|---|', ...rows];
      return content.truncated ? [...lines, '', '*More changes not shown.*'] : lines;
    }
    case 'omitted':
      return [`*Content not shown: ${inline(content.reason)}*`];
  }
}

/** A fenced block whose fence is longer than any run of backticks in its lines. */
function fence(info: string, lines: readonly string[]): string[] {
  let longest = 0;
  for (const line of lines) for (const run of line.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const marks = '`'.repeat(Math.max(3, longest + 1));
  return [`${marks}${info}`, ...lines, marks];
}

/**
 * Inline code in a table cell: delimited by more backticks than the text holds, padded when the
 * text starts or ends with one, pipes escaped (GFM splits cells on `|` even inside code spans).
 */
function code(text: string): string {
  const shown = visible(text).replace(/\|/g, '\\|');
  if (shown === '') return '';
  let longest = 0;
  for (const run of shown.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const marks = '`'.repeat(longest + 1);
  const pad = shown.startsWith('`') || shown.endsWith('`') ? ' ' : '';
  return `${marks}${pad}${shown}${pad}${marks}`;
}

/** Plain words in a table cell: markdown punctuation escaped so it reads as written. */
function cell(text: string): string {
  return inline(text);
}

function inline(text: string): string {
  return visible(text)
    .replace(/&/g, '&amp;')
    .replace(/[\\`*_[\]<>|~]/g, (c, at: number, all: string) =>
      // An underscore inside a word (SOURCE_DATE_EPOCH) is not emphasis in GFM: leave it readable.
      c === '_' && isWordChar(all[at - 1]) && isWordChar(all[at + 1]) ? c : `\\${c}`,
    );
}

function isWordChar(c: string | undefined): boolean {
  return c !== undefined && /[A-Za-z0-9]/.test(c);
}

/** Text inside HTML (the `<summary>` line): entities, no markdown. */
function html(text: string): string {
  return visible(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
