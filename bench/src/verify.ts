/**
 * Is the report complete? Exactly the changed files named as content causes and listed among the
 * differences with their content (a folded report lists them: folding never hides content), and
 * one mtime cause covering every entry. Other causes are listed (they are not failures of completeness, but worth
 * a look: a zip's extended-timestamp extra field, say).
 */
import { readFileSync } from 'node:fs';

interface Node {
  path: string;
  content?: { kind: string };
  children: Node[];
}

interface Cause {
  category: string;
  where?: string;
  paths: string[];
  count: number;
  allEntries?: boolean;
}

export interface Verdict {
  ok: boolean;
  notes: string[];
  /** Causes beyond the expected content and entry-mtime ones: "category(count)". */
  others: string[];
  entries: number;
}

const contentLike = new Set(['content', 'build-path', 'content-order']);

export function verifyReport(file: string, changed: string[], entries: number): Verdict {
  const notes: string[] = [];
  let report: { causes: Cause[]; differences: Node[]; a: { entries: number }; b: { entries: number }; problems: unknown[] };
  try {
    report = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    return { ok: false, notes: [`report is not JSON: ${(error as Error).message}`], others: [], entries: 0 };
  }
  const content = report.causes.filter((c) => contentLike.has(c.category));
  const named = new Set(content.flatMap((c) => c.paths));
  const missing = changed.filter((p) => !named.has(p));
  const extra = [...named].filter((p) => !changed.includes(p));
  if (content.some((c) => c.category !== 'content')) notes.push(`content causes classified as ${content.map((c) => c.category).join(', ')}`);
  if (missing.length > 0) notes.push(`changed files not named: ${missing.join(', ')}`);
  if (extra.length > 0) notes.push(`files named as content causes that did not change: ${extra.slice(0, 3).join(', ')}${extra.length > 3 ? '…' : ''}`);
  const shown = new Set<string>();
  const visit = (nodes: Node[]) => {
    for (const node of nodes) {
      if (node.content !== undefined && node.content.kind !== 'omitted') shown.add(node.path);
      visit(node.children);
    }
  };
  visit(report.differences);
  const unshown = changed.filter((p) => !shown.has(p));
  if (unshown.length > 0) notes.push(`changed files listed without their content diff: ${unshown.join(', ')}`);
  const mtime = report.causes.find((c) => c.category === 'timestamp' && c.where === 'entry-mtime');
  if (mtime === undefined) notes.push('no entry-mtime cause');
  else if (mtime.count !== entries || mtime.allEntries !== true) notes.push(`mtime cause covers ${mtime.count} of ${entries} entries (allEntries ${mtime.allEntries})`);
  if (report.a.entries !== entries || report.b.entries !== entries) notes.push(`entries read: ${report.a.entries}/${report.b.entries}, expected ${entries}`);
  if (report.problems.length > 0) notes.push(`${report.problems.length} problems reported`);
  const others = report.causes.filter((c) => !contentLike.has(c.category) && c !== mtime).map((c) => `${c.category}${c.where ? `/${c.where}` : ''}(${c.count})`);
  return { ok: notes.length === 0, notes, others, entries };
}
