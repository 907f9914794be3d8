/**
 * Filters on the tree: the paths of one cause (Enter on a cause), the paths of every cause of a
 * category (`f`), and a search on paths (`/`). They combine: a node must pass all that are set.
 */
import type { Cause, CauseCategory, DifferenceNode } from '@whydiff/core';

export interface Filters {
  /** The cause whose paths the tree is narrowed to (a cause on the artifact itself has path ``). */
  cause: Cause | null;
  category: CauseCategory | null;
  /** Case-insensitive substring of the member path; '' for none. */
  search: string;
}

export const noFilters: Filters = { cause: null, category: null, search: '' };

export function isFiltering(filters: Filters): boolean {
  return filters.cause !== null || filters.category !== null || filters.search !== '';
}

/** Paths a cause names: its members, or the artifact itself (path ``). */
function causePaths(cause: Cause): string[] {
  return cause.paths.length === 0 ? [''] : cause.paths;
}

/** The predicate a node must pass, or null when no filter is set. */
export function matcher(filters: Filters, causes: readonly Cause[]): ((node: DifferenceNode) => boolean) | null {
  if (!isFiltering(filters)) return null;
  const tests: ((node: DifferenceNode) => boolean)[] = [];
  if (filters.cause !== null) {
    const paths = new Set(causePaths(filters.cause));
    tests.push((node) => paths.has(node.path));
  }
  if (filters.category !== null) {
    const paths = new Set(causes.filter((c) => c.category === filters.category).flatMap(causePaths));
    tests.push((node) => paths.has(node.path));
  }
  if (filters.search !== '') {
    const needle = filters.search.toLowerCase();
    tests.push((node) => node.path.toLowerCase().includes(needle));
  }
  return (node) => tests.every((test) => test(node));
}

/** The categories `f` steps through: those in the report, in the order causes are listed, then none. */
export function nextCategory(causes: readonly Cause[], current: CauseCategory | null): CauseCategory | null {
  const categories = [...new Set(causes.map((c) => c.category))];
  if (categories.length === 0) return null;
  if (current === null) return categories[0]!;
  const at = categories.indexOf(current);
  return at < 0 || at + 1 >= categories.length ? null : categories[at + 1]!;
}

/** `cause: timestamp [entry-mtime] · category: ownership · search: "py"`. */
export function describeFilters(filters: Filters): string {
  const parts: string[] = [];
  if (filters.cause !== null) parts.push(`cause: ${filters.cause.category}${filters.cause.where ? ` [${filters.cause.where}]` : ''}`);
  if (filters.category !== null) parts.push(`category: ${filters.category}`);
  if (filters.search !== '') parts.push(`search: ${JSON.stringify(filters.search)}`);
  return parts.join(' · ');
}
