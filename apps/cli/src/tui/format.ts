/**
 * How the TUI words report values: the same wording as the text presenter (verdict, artifact line,
 * octal modes, UTC times), kept here because @whydiff/report exports only its renderers.
 * Pure functions of Report data.
 */
import type { Cause, DifferenceNode, FieldDifference, Report } from '@whydiff/core';

export type Verdict = 'identical' | 'differ only in metadata' | 'differ';

export function verdictOf(report: Report): Verdict {
  if (report.identical) return 'identical';
  return report.contentIdentical ? 'differ only in metadata' : 'differ';
}

/** `20,480` (by hand: toLocaleString depends on the ICU the runtime was built with). */
export function groupDigits(n: number): string {
  return String(Math.trunc(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

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
  if (artifact.sha256 === '') return `${visible(artifact.name)}  ${artifact.format}, ${groupDigits(artifact.entries)} entries`;
  return `${visible(artifact.name)}  ${artifact.format}, ${groupDigits(artifact.size)} bytes, sha256 ${artifact.sha256.slice(0, 12)}`;
}

/** `16 in a, 16 in b; 16 matched, 16 differ, 0 added, 0 removed`. */
export function statsLine(report: Report): string {
  const s = report.stats;
  return `${groupDigits(s.entriesA)} in a, ${groupDigits(s.entriesB)} in b; ${groupDigits(s.matched)} matched, ${groupDigits(s.differing)} differ, ${groupDigits(s.added)} added, ${groupDigits(s.removed)} removed`;
}

/** `timestamp [entry-mtime]`. */
export function causeTitle(cause: Cause): string {
  return cause.where ? `${cause.category} [${cause.where}]` : cause.category;
}

/** `16 members (all)`, `1 member`, `artifact`. */
export function causeCount(cause: Cause): string {
  if (cause.paths.length === 0) return 'artifact';
  const members = `${groupDigits(cause.count)} member${cause.count === 1 ? '' : 's'}`;
  return cause.allEntries ? `${members} (all)` : members;
}

/** Biggest first; causes of the same size keep the classifier's order (as the text report does). */
export function orderCauses(causes: readonly Cause[]): Cause[] {
  return causes
    .map((cause, index) => ({ cause, index }))
    .sort((x, y) => y.cause.count - x.cause.count || x.index - y.index)
    .map((x) => x.cause);
}

const TIME_FIELDS = new Set(['mtime', 'atime', 'ctime']);

/** A field value as users read it: strings quoted, modes octal, entry times as UTC dates, null as `(none)`. */
export function formatValue(field: string, value: FieldDifference['a']): string {
  if (value === null) return '(none)';
  if (typeof value === 'number') {
    if (field === 'mode' && Number.isInteger(value) && value >= 0) return `0${value.toString(8).padStart(3, '0')}`;
    if (TIME_FIELDS.has(field) && Number.isFinite(value)) return formatTime(value);
    return String(value);
  }
  return visible(JSON.stringify(value));
}

/** Seconds since the epoch as `2024-01-01 00:00:00 UTC`. */
export function formatTime(seconds: number): string {
  const date = new Date(seconds * 1000);
  if (Number.isNaN(date.getTime())) return String(seconds);
  const iso = date.toISOString();
  const fraction = iso.slice(19, 23) === '.000' ? '' : iso.slice(19, 23).replace(/0+$/, '');
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${fraction} UTC`;
}

/** `added (file)`, `removed`, or the node's markers: what differs, in a few words. */
export function nodeMarkers(node: DifferenceNode): string {
  const parts: string[] = [];
  if (node.status === 'added') parts.push(node.typeB ? `added (${node.typeB})` : 'added');
  if (node.status === 'removed') parts.push(node.typeA ? `removed (${node.typeA})` : 'removed');
  parts.push(...node.markers.filter((m) => m !== node.status));
  return parts.join(', ');
}

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
