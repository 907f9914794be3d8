/**
 * Key bindings as data: one table maps keys to actions and gives the help overlay its lines, so
 * the overlay names every key there is. Pure: Ink's (input, key) in, an Action out.
 */
import type { Key } from 'ink';

export type Action =
  | { type: 'up' }
  | { type: 'down' }
  | { type: 'pageUp' }
  | { type: 'pageDown' }
  | { type: 'home' }
  | { type: 'end' }
  | { type: 'expand' }
  | { type: 'collapse' }
  | { type: 'switchPane' }
  | { type: 'search' }
  | { type: 'next' }
  | { type: 'previous' }
  | { type: 'category' }
  | { type: 'export' }
  | { type: 'help' }
  | { type: 'clear' }
  | { type: 'quit' };

export type ActionType = Action['type'];

export interface Binding {
  /** How the help overlay names the keys. */
  keys: string;
  action: ActionType;
  does: string;
  matches: (input: string, key: Key) => boolean;
}

export const bindings: readonly Binding[] = [
  { keys: '↑ k', action: 'up', does: 'move up (scroll up in the detail pane)', matches: (i, k) => k.upArrow || i === 'k' },
  { keys: '↓ j', action: 'down', does: 'move down (scroll down in the detail pane)', matches: (i, k) => k.downArrow || i === 'j' },
  { keys: 'PgUp', action: 'pageUp', does: 'one page up', matches: (_, k) => k.pageUp },
  { keys: 'PgDn', action: 'pageDown', does: 'one page down', matches: (_, k) => k.pageDown },
  { keys: 'Home', action: 'home', does: 'first row', matches: (_, k) => k.home },
  { keys: 'End', action: 'end', does: 'last row', matches: (_, k) => k.end },
  { keys: 'Enter →', action: 'expand', does: 'expand a node; on a cause: show only its paths', matches: (_, k) => k.return || k.rightArrow },
  { keys: '←', action: 'collapse', does: 'collapse a node (or go to its parent)', matches: (_, k) => k.leftArrow },
  { keys: 'Tab', action: 'switchPane', does: 'next pane: causes, tree, detail', matches: (_, k) => k.tab },
  { keys: '/', action: 'search', does: 'search member paths (Enter keeps, Esc drops)', matches: (i) => i === '/' },
  { keys: 'n', action: 'next', does: 'next difference (opens collapsed archives)', matches: (i) => i === 'n' },
  { keys: 'N', action: 'previous', does: 'previous difference', matches: (i) => i === 'N' },
  { keys: 'f', action: 'category', does: 'filter by cause category (press again for the next one)', matches: (i) => i === 'f' },
  { keys: 'e', action: 'export', does: 'write the JSON report to a file (asks for the name)', matches: (i) => i === 'e' },
  { keys: '?', action: 'help', does: 'show or hide this help', matches: (i) => i === '?' },
  { keys: 'Esc', action: 'clear', does: 'clear filters and search; close help', matches: (_, k) => k.escape },
  { keys: 'q Ctrl-C', action: 'quit', does: 'quit (exit status 0 identical, 1 different)', matches: (i, k) => (i === 'q' && !k.ctrl) || (k.ctrl && i === 'c') },
];

/** The help overlay's lines: bindings that go together share one, so the help fits 80×24. */
export const helpLines: readonly { keys: string; does: string; actions: readonly ActionType[] }[] = [
  { keys: '↑ ↓ k j', does: 'move (scroll in the detail pane)', actions: ['up', 'down'] },
  { keys: 'PgUp PgDn', does: 'one page up or down', actions: ['pageUp', 'pageDown'] },
  { keys: 'Home End', does: 'first or last row', actions: ['home', 'end'] },
  { keys: 'Enter →', does: 'expand a node; on a cause: show only its paths', actions: ['expand'] },
  { keys: '←', does: 'collapse a node (or go to its parent)', actions: ['collapse'] },
  { keys: 'Tab', does: 'next pane: causes, tree, detail', actions: ['switchPane'] },
  { keys: '/', does: 'search member paths (Enter keeps, Esc drops)', actions: ['search'] },
  { keys: 'n N', does: 'next or previous difference (opens archives)', actions: ['next', 'previous'] },
  { keys: 'f', does: 'filter by cause category (again: the next one)', actions: ['category'] },
  { keys: 'e', does: 'write the JSON report to a file (asks the name)', actions: ['export'] },
  { keys: 'Esc', does: 'clear filters and search; close help', actions: ['clear'] },
  { keys: '?', does: 'show or hide this help', actions: ['help'] },
  { keys: 'q Ctrl-C', does: 'quit (exit status 0 identical, 1 different)', actions: ['quit'] },
];

/** The action for a key press in the main view, or null for a key that does nothing. */
export function actionFor(input: string, key: Key): Action | null {
  for (const binding of bindings) if (binding.matches(input, key)) return { type: binding.action } as Action;
  return null;
}
