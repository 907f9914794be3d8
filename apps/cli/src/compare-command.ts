/** `whydiff A B`: compare two artifacts and print the report (text, markdown or JSON). */
import { writeFile } from 'node:fs/promises';
import { compare, type CauseCategory, type Limits, type Report } from '@whydiff/core';
import { renderJson, renderMarkdown, renderText } from '@whydiff/report';
import type { Io } from './main.js';

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
}

/** Exit status: 0 when nothing (left after --ignore) differs and nothing is damaged, 1 otherwise. */
export function exitStatus(report: Report): number {
  return report.identical || (report.causes.length === 0 && report.problems.length === 0) ? 0 : 1;
}

export function render(report: Report, format: ReportFormat, color: boolean): string {
  if (format === 'json') return renderJson(report);
  if (format === 'markdown') return renderMarkdown(report);
  return renderText(report, { color });
}

export async function compareCommand(pathA: string, pathB: string, options: CompareCommandOptions, io: Io): Promise<number> {
  const report = await compare(pathA, pathB, {
    names: options.names,
    limits: options.limits,
    exclude: options.exclude,
    ignore: options.ignore,
    maxDiffLines: options.maxDiffLines,
  });
  const text = render(report, options.format, options.color && options.output === undefined);
  if (options.output !== undefined) await writeFile(options.output, text);
  else io.stdout(text);
  return exitStatus(report);
}
