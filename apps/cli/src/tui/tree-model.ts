/**
 * The tree of differences as flat preorder arrays, so that a 100,000-node report is flattened,
 * filtered and scrolled with plain integer loops: the subtree of node i is i+1 .. i+size[i].
 * Rows are the node indices currently shown (collapsed subtrees and filtered-out nodes skipped);
 * only the window of rows that fits the screen is rendered.
 */
import type { DifferenceNode } from '@whydiff/core';

export interface TreeIndex {
  /** Every node, depth first. */
  readonly nodes: readonly DifferenceNode[];
  /** Index of the parent node, -1 at the top. */
  readonly parent: Int32Array;
  /** Nesting depth (0 at the top; one more per nested archive). */
  readonly depth: Int32Array;
  /** Number of descendants. */
  readonly size: Int32Array;
}

export function buildIndex(differences: readonly DifferenceNode[]): TreeIndex {
  const nodes: DifferenceNode[] = [];
  const parents: number[] = [];
  const depths: number[] = [];
  // Iterative: nesting is bounded by --max-depth, but a deep report must not blow the stack.
  const stack: { node: DifferenceNode; parent: number; depth: number }[] = [];
  for (let i = differences.length - 1; i >= 0; i--) stack.push({ node: differences[i]!, parent: -1, depth: 0 });
  while (stack.length > 0) {
    const { node, parent, depth } = stack.pop()!;
    const at = nodes.length;
    nodes.push(node);
    parents.push(parent);
    depths.push(depth);
    for (let i = node.children.length - 1; i >= 0; i--) stack.push({ node: node.children[i]!, parent: at, depth: depth + 1 });
  }
  const parent = Int32Array.from(parents);
  const size = new Int32Array(nodes.length);
  for (let i = nodes.length - 1; i >= 0; i--) {
    const p = parent[i]!;
    if (p >= 0) size[p]! += size[i]! + 1;
  }
  return { nodes, parent, depth: Int32Array.from(depths), size };
}

/**
 * Which nodes a filter keeps: those that match and every ancestor of one that does (so a matching
 * member inside a nested archive is shown under its archive). null when no filter is active.
 */
export function keepMask(index: TreeIndex, matches: (node: DifferenceNode) => boolean): Uint8Array {
  const keep = new Uint8Array(index.nodes.length);
  for (let i = index.nodes.length - 1; i >= 0; i--) {
    if (keep[i] === 0 && matches(index.nodes[i]!)) keep[i] = 1;
    const p = index.parent[i]!;
    if (keep[i] === 1 && p >= 0) keep[p] = 1;
  }
  return keep;
}

/**
 * The rows shown: node indices in preorder, skipping the inside of collapsed nodes and nodes the
 * filter drops. While a filter is active everything it keeps is shown expanded.
 */
export function visibleRows(index: TreeIndex, expanded: ReadonlySet<number>, keep: Uint8Array | null): number[] {
  const rows: number[] = [];
  const n = index.nodes.length;
  let i = 0;
  while (i < n) {
    if (keep !== null && keep[i] === 0) {
      i += index.size[i]! + 1;
      continue;
    }
    rows.push(i);
    i += keep === null && !expanded.has(i) ? index.size[i]! + 1 : 1;
  }
  return rows;
}

/**
 * First row of the window of `height` rows: unchanged while the selected row is inside it,
 * otherwise moved just enough to show it; never past the end (no empty rows below the last).
 */
export function windowStart(total: number, height: number, selected: number, previous: number): number {
  if (height <= 0 || total <= height) return 0;
  let start = Math.min(Math.max(0, previous), total - height);
  if (selected < start) start = selected;
  else if (selected >= start + height) start = selected - height + 1;
  return Math.max(0, Math.min(start, total - height));
}

/** The name shown for a node: its path below its parent archive (`a.tgz!/x/y` under `a.tgz` is `x/y`). */
export function nodeLabel(index: TreeIndex, i: number): string {
  const node = index.nodes[i]!;
  const p = index.parent[i]!;
  if (node.path === '') return '(the artifact itself)';
  if (p < 0) return node.path;
  const prefix = `${index.nodes[p]!.path}!/`;
  return node.path.startsWith(prefix) ? node.path.slice(prefix.length) : node.path;
}

/** A difference of its own (not a container that differs only because of what it holds). */
export function isOwnDifference(node: DifferenceNode): boolean {
  return node.status !== 'changed' || node.markers.length > 0 || node.content !== undefined;
}

/**
 * The next (or previous) node with a difference of its own in preorder, looking inside collapsed
 * subtrees too, among the nodes the filter keeps; -1 when there is none.
 */
export function nextDifference(index: TreeIndex, from: number, direction: 1 | -1, keep: Uint8Array | null): number {
  for (let i = from + direction; i >= 0 && i < index.nodes.length; i += direction) {
    if ((keep === null || keep[i] === 1) && isOwnDifference(index.nodes[i]!)) return i;
  }
  return -1;
}

/** The nodes to expand so that node i is shown: all its ancestors. */
export function ancestors(index: TreeIndex, i: number): number[] {
  const out: number[] = [];
  for (let p = index.parent[i] ?? -1; p >= 0; p = index.parent[p]!) out.push(p);
  return out;
}

/** Expanded at start: every container when the report is small enough to read whole, else none. */
export function initialExpanded(index: TreeIndex, limit = 10_000): Set<number> {
  const expanded = new Set<number>();
  if (index.nodes.length > limit) return expanded;
  for (let i = 0; i < index.nodes.length; i++) if (index.size[i]! > 0) expanded.add(i);
  return expanded;
}
