/**
 * What the user has done to the screen, as one value, and the pure reducer that applies an action
 * to it. The screen component owns one UiState; everything else is derived from it and the report.
 * The selection is a node (not a row number) so it survives filtering, expanding and collapsing.
 */
import type { Cause } from '@whydiff/core';
import type { Action } from './keys.js';
import { isFiltering, nextCategory, noFilters, type Filters } from './filters.js';
import { ancestors, nextDifference, windowStart, type TreeIndex } from './tree-model.js';

export type Pane = 'causes' | 'tree' | 'detail';
export type Overlay = 'none' | 'help' | 'search' | 'export';

export interface UiState {
  focus: Pane;
  overlay: Overlay;
  /** Selected cause (index into the ordered causes) and the first one shown. */
  cause: number;
  causeTop: number;
  /** Selected node (preorder index); -1 or a node the filter hides means the first row. */
  selected: number;
  treeTop: number;
  expanded: ReadonlySet<number>;
  filters: Filters;
  detailScroll: number;
  /** One line for the status bar: what just happened. */
  message: string | null;
}

/** What the reducer needs to know about the screen as last drawn. */
export interface View {
  causes: readonly Cause[];
  index: TreeIndex;
  rows: readonly number[];
  keep: Uint8Array | null;
  treeHeight: number;
  causeSlots: number;
  detailHeight: number;
  detailLength: number;
}

export type UiEvent = Action | { type: 'searchChanged'; text: string } | { type: 'searchDone' } | { type: 'closeOverlay' } | { type: 'message'; text: string };

export function initialState(expanded: ReadonlySet<number>): UiState {
  return { focus: 'causes', overlay: 'none', cause: 0, causeTop: 0, selected: -1, treeTop: 0, expanded, filters: noFilters, detailScroll: 0, message: null };
}

/** Row of the selected node among the rows shown (0 when it is hidden). */
export function selectedRow(state: UiState, rows: readonly number[]): number {
  const at = rows.indexOf(state.selected);
  return at < 0 ? 0 : at;
}

const panes: readonly Pane[] = ['causes', 'tree', 'detail'];

export function update(state: UiState, event: UiEvent, view: View): UiState {
  const next = reduce(state, event, view);
  return next === state ? state : { ...next, message: next.message === state.message && event.type !== 'message' ? null : next.message };
}

function reduce(state: UiState, event: UiEvent, view: View): UiState {
  switch (event.type) {
    case 'help':
      return { ...state, overlay: state.overlay === 'help' ? 'none' : 'help' };
    case 'closeOverlay':
      return { ...state, overlay: 'none' };
    case 'clear':
      if (state.overlay !== 'none') return { ...state, overlay: 'none' };
      return isFiltering(state.filters) ? { ...state, filters: noFilters, treeTop: 0 } : state;
    case 'message':
      return { ...state, message: event.text };
    case 'search':
      return { ...state, overlay: 'search', focus: 'tree' };
    case 'searchChanged':
      return { ...state, filters: { ...state.filters, search: event.text }, selected: -1, treeTop: 0 };
    case 'searchDone':
      return { ...state, overlay: 'none' };
    case 'export':
      return { ...state, overlay: 'export' };
    case 'switchPane':
      return { ...state, focus: panes[(panes.indexOf(state.focus) + 1) % panes.length]! };
    case 'category': {
      const category = nextCategory(view.causes, state.filters.category);
      return { ...state, filters: { ...state.filters, category }, selected: -1, treeTop: 0, message: category === null ? 'category filter off' : null };
    }
    case 'next':
    case 'previous':
      return jump(state, event.type === 'next' ? 1 : -1, view);
    case 'quit':
      return state;
    default:
      return move(state, event, view);
  }
}

function jump(state: UiState, direction: 1 | -1, view: View): UiState {
  const from = view.rows[selectedRow(state, view.rows)] ?? -1;
  const target = nextDifference(view.index, from, direction, view.keep);
  if (target < 0) return { ...state, focus: 'tree', message: direction === 1 ? 'no difference below' : 'no difference above' };
  const expanded = new Set(state.expanded);
  for (const p of ancestors(view.index, target)) expanded.add(p);
  return { ...state, focus: 'tree', selected: target, expanded, detailScroll: 0 };
}

type Move = Extract<Action, { type: 'up' | 'down' | 'pageUp' | 'pageDown' | 'home' | 'end' | 'expand' | 'collapse' }>;

function step(event: Move, at: number, count: number, page: number): number {
  const last = Math.max(0, count - 1);
  switch (event.type) {
    case 'up':
      return Math.max(0, at - 1);
    case 'down':
      return Math.min(last, at + 1);
    case 'pageUp':
      return Math.max(0, at - Math.max(1, page));
    case 'pageDown':
      return Math.min(last, at + Math.max(1, page));
    case 'home':
      return 0;
    case 'end':
      return last;
    default:
      return at;
  }
}

function move(state: UiState, event: Move, view: View): UiState {
  if (state.focus === 'causes') {
    if (event.type === 'expand') {
      const cause = view.causes[state.cause];
      if (cause === undefined) return state;
      return { ...state, focus: 'tree', filters: { ...state.filters, cause }, selected: -1, treeTop: 0, detailScroll: 0 };
    }
    const cause = step(event, state.cause, view.causes.length, view.causeSlots);
    return { ...state, cause, causeTop: windowStart(view.causes.length, view.causeSlots, cause, state.causeTop) };
  }
  if (state.focus === 'detail') {
    const lastTop = Math.max(0, view.detailLength - view.detailHeight);
    return { ...state, detailScroll: Math.min(lastTop, step(event, state.detailScroll, view.detailLength, view.detailHeight)) };
  }
  const at = selectedRow(state, view.rows);
  const node = view.rows[at];
  if (node === undefined) return state;
  if (event.type === 'expand') {
    if (view.index.size[node]! === 0) return { ...state, focus: 'detail', selected: node };
    if (state.expanded.has(node)) return { ...state, selected: node };
    return { ...state, selected: node, expanded: new Set(state.expanded).add(node) };
  }
  if (event.type === 'collapse') {
    if (state.expanded.has(node) && view.keep === null) {
      const expanded = new Set(state.expanded);
      expanded.delete(node);
      return { ...state, selected: node, expanded };
    }
    const parent = view.index.parent[node]!;
    if (parent < 0) return state;
    const row = view.rows.indexOf(parent);
    return { ...state, selected: parent, detailScroll: 0, treeTop: windowStart(view.rows.length, view.treeHeight, row, state.treeTop) };
  }
  const row = step(event, at, view.rows.length, view.treeHeight);
  const selected = view.rows[row]!;
  return {
    ...state,
    selected,
    detailScroll: selected === node ? state.detailScroll : 0,
    treeTop: windowStart(view.rows.length, view.treeHeight, row, state.treeTop),
  };
}
