import { describe, it, expect } from 'vitest';
import { describeFilters, matcher, nextCategory, noFilters } from './filters.js';
import { NESTED_CHANGED, nestedReport } from './reports.fixture.js';

const report = nestedReport();
const byPath = (path: string) => report.differences.flatMap((d) => [d, ...d.children]).find((d) => d.path === path)!;

describe('matcher', () => {
  it('is null without a filter', () => {
    expect(matcher(noFilters, report.causes)).toBeNull();
  });
  it('keeps the paths of one cause', () => {
    const m = matcher({ ...noFilters, cause: report.causes[0]! }, report.causes)!;
    expect(m(byPath(NESTED_CHANGED))).toBe(true);
    expect(m(byPath('release/NOTES.txt'))).toBe(false);
  });
  it('keeps the paths of every cause of a category, and combines with a case-insensitive search', () => {
    const m = matcher({ ...noFilters, category: 'timestamp', search: 'NOTES' }, report.causes)!;
    expect(m(byPath('release/NOTES.txt'))).toBe(true);
    expect(m(byPath('release/bin/run'))).toBe(false);
    expect(m(byPath(NESTED_CHANGED))).toBe(false);
  });
  it('a cause on the artifact itself keeps the node of the artifact', () => {
    const m = matcher({ ...noFilters, cause: { category: 'compression', paths: [], count: 1, summary: '', remedy: '' } }, [])!;
    expect(m({ ...byPath('release/'), path: '' })).toBe(true);
    expect(m(byPath('release/'))).toBe(false);
  });
});

describe('nextCategory', () => {
  it('steps through the categories present, then off', () => {
    expect(nextCategory(report.causes, null)).toBe('content');
    expect(nextCategory(report.causes, 'content')).toBe('timestamp');
    expect(nextCategory(report.causes, 'timestamp')).toBeNull();
    expect(nextCategory([], null)).toBeNull();
  });
  it('says what is filtered', () => {
    expect(describeFilters({ cause: report.causes[1]!, category: 'content', search: 'py' })).toBe('cause: timestamp [entry-mtime] · category: content · search: "py"');
  });
});
