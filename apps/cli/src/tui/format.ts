/**
 * How the TUI words report values: the text report's wording (from @whydiff/report), made safe
 * for a terminal and fitted to columns. Pure functions of Report data.
 */
import type { Cause, DifferenceNode, FieldDifference, Report } from '@whydiff/core';
import { describeArtifact, describeNode, describeStats, formatValue as reportValue, groupDigits } from '@whydiff/report';

export { groupDigits, orderCauses, verdictOf, formatTime, type Verdict } from '@whydiff/report';

/** `842 B`, `5.6 KiB`, `1.2 GiB`. */
export function bytesText(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${n} B` : `${value.toFixed(1)} ${units[unit]}`;
}

/** `demo/a.tar.gz  tar.gz, 842 bytes, sha256 70feda73fd6d`; a directory counts its entries instead. */
export function artifactLine(artifact: Report['a']): string {
  return `${visible(artifact.name)}  ${describeArtifact(artifact)}`;
}

/** `16 in a, 16 in b; 16 matched, 16 differ, 0 added, 0 removed`. */
export const statsLine: (report: Report) => string = describeStats;

/** `timestamp [entry-mtime]`. */
export function causeTitle(cause: Cause): string {
  return cause.where ? `${cause.category} [${cause.where}]` : cause.category;
}

/** `16 members (all)`, `1 member`, `artifact`: the short form that fits a cause row. */
export function causeCount(cause: Cause): string {
  if (cause.paths.length === 0) return 'artifact';
  const members = `${groupDigits(cause.count)} member${cause.count === 1 ? '' : 's'}`;
  return cause.allEntries ? `${members} (all)` : members;
}

/** A field value as the text report words it, with control characters made visible. */
export function formatValue(field: string, value: FieldDifference['a']): string {
  return visible(reportValue(field, value));
}

/** `added (file)`, `removed`, or the node's markers: what differs, in a few words. */
export const nodeMarkers: (node: DifferenceNode) => string = describeNode;

/** `~` changed, `+` added, `-` removed. */
export function statusGlyph(node: DifferenceNode): string {
  return node.status === 'added' ? '+' : node.status === 'removed' ? '-' : '~';
}

/**
 * Control characters made visible (`\x1b`): member paths and contents come from untrusted archives,
 * and an escape sequence in a name must not drive the terminal that shows it. Tabs become spaces
 * (a tab would break the column layout).
 */
export function visible(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => (c === '\t' ? '    ' : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`));
}

/** Cut to `width` columns with an ellipsis; pad with spaces to exactly `width` when `pad`. */
export function fit(text: string, width: number, pad = false): string {
  if (width <= 0) return '';
  const cut = text.length > width ? `${text.slice(0, Math.max(0, width - 1))}…` : text;
  return pad ? cut.padEnd(width) : cut;
}
