/**
 * Colours by meaning, switched off as a whole for NO_COLOR and --no-color: every component asks
 * here instead of naming colours, so `color: false` leaves no colour escape in any frame.
 * (Bold, dim and inverse are not colours and stay: the selection must remain visible.)
 */
import type { Tone } from './detail-lines.js';

const palette: Record<Tone | 'accent' | 'warn', string | undefined> = {
  removed: 'red',
  added: 'green',
  hunk: 'cyan',
  title: undefined,
  dim: undefined,
  plain: undefined,
  accent: 'cyan',
  warn: 'yellow',
};

export type Paint = Tone | 'accent' | 'warn';

/** The Ink `color` for a meaning, or undefined when colour is off. */
export function colorOf(tone: Paint, color: boolean): string | undefined {
  return color ? palette[tone] : undefined;
}
