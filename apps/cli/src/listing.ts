/**
 * How `whydiff ls` shows entries: a line like `tar tvf` prints, or one JSON object per entry.
 * Pure functions of a WalkEntry.
 */
import { toHex } from '@whydiff/formats/entry';
import type { EntryType, RawValue } from '@whydiff/formats';
import type { WalkEntry } from '@whydiff/core';

const typeChar: Record<EntryType, string> = {
  file: '-', hardlink: 'h', dir: 'd', symlink: 'l', char: 'c', block: 'b', fifo: 'p', socket: 's',
};

/** `drwxr-xr-x`, with setuid/setgid/sticky shown as `ls -l` shows them. */
export function modeString(type: EntryType, mode: number): string {
  const bit = (mask: number, c: string) => (mode & mask ? c : '-');
  const exec = (x: number, special: number, set: string, unset: string) =>
    mode & special ? (mode & x ? set : unset) : bit(x, 'x');
  return (
    typeChar[type] +
    bit(0o400, 'r') + bit(0o200, 'w') + exec(0o100, 0o4000, 's', 'S') +
    bit(0o040, 'r') + bit(0o020, 'w') + exec(0o010, 0o2000, 's', 'S') +
    bit(0o004, 'r') + bit(0o002, 'w') + exec(0o001, 0o1000, 't', 'T')
  );
}

/** ISO 8601 in UTC, with the fraction only when one is stored. */
export function isoTime(mtime: number | null): string {
  if (mtime === null) return '-';
  const date = new Date(Math.floor(mtime * 1000));
  if (Number.isNaN(date.getTime())) return String(mtime);
  const whole = date.toISOString().replace(/\.\d{3}Z$/, '');
  const fraction = mtime - Math.floor(mtime);
  return fraction === 0 ? `${whole}Z` : `${whole}${fraction.toFixed(9).slice(1).replace(/0+$/, '')}Z`;
}

/** One listing line: mode, owner/group, size, mtime, path, link. */
export function listingLine(entry: WalkEntry, sizeWidth = 8): string {
  const owner = `${entry.uname || (entry.uid ?? '-')}/${entry.gname || (entry.gid ?? '-')}`;
  const link =
    entry.type === 'symlink' ? ` -> ${entry.linkTarget ?? ''}` : entry.type === 'hardlink' ? ` link to ${entry.linkTarget ?? ''}` : '';
  return `${modeString(entry.type, entry.mode)} ${owner} ${String(entry.size).padStart(sizeWidth)} ${isoTime(entry.mtime)} ${entry.path}${link}`;
}

/** The JSON object `ls --json` prints for an entry, with exactly the names the CLI documents. */
export function entryJson(entry: WalkEntry): Record<string, RawValue> {
  return {
    path: entry.path,
    ...(entry.pathBytes !== undefined ? { pathBytes: toHex(entry.pathBytes) } : {}),
    type: entry.type,
    mode: entry.mode,
    uid: entry.uid,
    gid: entry.gid,
    uname: entry.uname,
    gname: entry.gname,
    mtime: entry.mtime,
    size: entry.size,
    linkTarget: entry.linkTarget,
    sha256: entry.sha256,
    format: entry.format,
    raw: entry.raw,
    ...(entry.problems.length > 0
      ? { problems: entry.problems.map((p) => ({ code: p.code, message: p.message, offset: p.offset ?? null })) }
      : {}),
  };
}
