/** `whydiff A B`: compare two artifacts and print the report (text, markdown or JSON). */
import { compare, type CauseCategory, type Limits, type Report } from '@whydiff/core';
import { renderJsonChunks, renderMarkdown, renderText } from '@whydiff/report';
import type { Io } from './main.js';
import { writePieces } from './write-text.js';

export type ReportFormat = 'text' | 'markdown' | 'json';

export interface CompareCommandOptions {
  names: { a: string; b: string };
  format: ReportFormat;
  output?: string;
  color: boolean;
  limits: Partial<Limits>;
  exclude: string[];
  ignore: CauseCategory[];
  maxDiffLines: number;
  /** Fold members whose differences repeat those of members listed (CompareOptions.fold). */
  fold: boolean;
}

/** Exit status: 0 when nothing (left after --ignore) differs and nothing is damaged, 1 otherwise. */
export function exitStatus(report: Report): number {
  return report.identical || (report.causes.length === 0 && report.problems.length === 0) ? 0 : 1;
}

/** The report in pieces: JSON is made member by member (it can be the largest thing a run holds), the others whole. */
export function render(report: Report, format: ReportFormat, color: boolean): Iterable<string> {
  if (format === 'json') return renderJsonChunks(report);
  if (format === 'markdown') return [renderMarkdown(report)];
  return [renderText(report, { color })];
}

export async function compareCommand(pathA: string, pathB: string, options: CompareCommandOptions, io: Io): Promise<number> {
  const report = await compare(pathA, pathB, {
    names: options.names,
    limits: options.limits,
    exclude: options.exclude,
    ignore: options.ignore,
    maxDiffLines: options.maxDiffLines,
    fold: options.fold,
  });
  const pieces = render(report, options.format, options.color && options.output === undefined);
  if (options.output !== undefined) await writePieces(options.output, pieces);
  else for (const piece of pieces) io.stdout(piece);
  return exitStatus(report);
}
