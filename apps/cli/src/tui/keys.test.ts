import { describe, it, expect } from 'vitest';
import type { Key } from 'ink';
import { actionFor, bindings, helpLines } from './keys.js';

const none: Key = {
  upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false, home: false, end: false,
  return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false, meta: false,
  super: false, hyper: false, capsLock: false, numLock: false,
};
const press = (input: string, key: Partial<Key> = {}) => actionFor(input, { ...none, ...key })?.type ?? null;

describe('actionFor', () => {
  it('maps the documented keys', () => {
    expect(press('', { upArrow: true })).toBe('up');
    expect(press('k')).toBe('up');
    expect(press('j')).toBe('down');
    expect(press('', { pageDown: true })).toBe('pageDown');
    expect(press('', { pageUp: true })).toBe('pageUp');
    expect(press('', { home: true })).toBe('home');
    expect(press('', { end: true })).toBe('end');
    expect(press('\r', { return: true })).toBe('expand');
    expect(press('', { rightArrow: true })).toBe('expand');
    expect(press('', { leftArrow: true })).toBe('collapse');
    expect(press('\t', { tab: true })).toBe('switchPane');
    expect(press('/')).toBe('search');
    expect(press('n')).toBe('next');
    expect(press('N')).toBe('previous');
    expect(press('f')).toBe('category');
    expect(press('e')).toBe('export');
    expect(press('?')).toBe('help');
    expect(press('', { escape: true })).toBe('clear');
    expect(press('q')).toBe('quit');
    expect(press('c', { ctrl: true })).toBe('quit');
  });
  it('ignores keys that do nothing', () => {
    expect(press('x')).toBeNull();
    expect(press('c')).toBeNull();
    expect(press('q', { ctrl: true })).toBeNull();
  });
  it('names every action in the help, and nothing else', () => {
    const helped = helpLines.flatMap((l) => l.actions).sort();
    expect(helped).toEqual(bindings.map((b) => b.action).sort());
    expect(helpLines.find((l) => l.actions.includes('quit'))?.keys).toBe('q Ctrl-C');
  });
});
