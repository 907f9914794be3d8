/** While reading: entries and bytes read per side, with a bar against the artifact's size on disk. */
import { Text } from 'ink';
import Spinner from 'ink-spinner';
import type { Progress } from '@whydiff/core';
import { bytesText, groupDigits } from './format.js';
import { colorOf } from './theme.js';

export interface ProgressState {
  readonly a?: Progress;
  readonly b?: Progress;
}

export interface ProgressLineProps {
  readonly progress: ProgressState;
  readonly width: number;
  readonly color: boolean;
}

/**
 * `[#####-----]`: content bytes against the artifact size. Compressed artifacts expand, so the
 * bar is a hint that fills early; it is drawn only when the size is known.
 */
export function bar(bytes: number, total: number, cells: number): string {
  if (total <= 0 || cells <= 0) return '';
  const filled = Math.min(cells, Math.round((bytes / total) * cells));
  return `[${'#'.repeat(filled)}${'-'.repeat(cells - filled)}]`;
}

export function sideText(label: 'a' | 'b', p: Progress | undefined, cells: number): string {
  if (p === undefined) return `${label}: waiting`;
  const b = bar(p.bytes, p.artifactBytes, cells);
  return `${label}: ${groupDigits(p.entries)} entries, ${bytesText(p.bytes)}${b ? ` ${b}` : ''}`;
}

export function ProgressLine({ progress, width, color }: ProgressLineProps) {
  const cells = width >= 100 ? 12 : 6;
  return (
    <Text wrap="truncate">
      <Text color={colorOf('accent', color)}>
        <Spinner type="dots" />
      </Text>
      {` reading  ${sideText('a', progress.a, cells)}   ${sideText('b', progress.b, cells)}`}
    </Text>
  );
}
