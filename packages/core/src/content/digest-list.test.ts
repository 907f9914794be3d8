import { describe, expect, it } from 'vitest';
import { onlyListsDigestsOf } from './digest-list.js';
import { diffText } from './text-diff.js';

const record = (core: string) =>
  `acme/__init__.py,sha256=kM55qqhSrc4b,20\nacme/core.py,sha256=${core},26\nacme-1.0.dist-info/RECORD,,\n`;

describe('onlyListsDigestsOf', () => {
  it("takes a wheel's RECORD whose changed lines are those of members that differ", () => {
    const { unified } = diffText(record('vh6JZpRWltx'), record('TQDORNqy7ds'));
    expect(onlyListsDigestsOf(unified, ['acme/core.py'])).toBe(true);
    expect(onlyListsDigestsOf(unified, ['acme/__init__.py'])).toBe(false);
    expect(onlyListsDigestsOf(unified, [])).toBe(false);
  });

  it('takes sha256sum and md5sums lines, names with ./ or * before them', () => {
    const a = 'aaaa  ./usr/bin/tool\nbbbb *docs/x.txt\ncccc  usr/lib/a.so\n';
    const b = 'aaab  ./usr/bin/tool\nbbbc *docs/x.txt\ncccc  usr/lib/a.so\n';
    expect(onlyListsDigestsOf(diffText(a, b).unified, ['usr/bin/tool', 'docs/x.txt'])).toBe(true);
  });

  it('does not take a line that names another member only as part of its own name', () => {
    const { unified } = diffText('x acme/core.pyc\n', 'y acme/core.pyc\n');
    expect(onlyListsDigestsOf(unified, ['acme/core.py'])).toBe(false);
  });

  it('does not take a list where some other line changed too (a version, a new name)', () => {
    const a = `Version: 1.0\n${record('vh6JZpRWltx')}`;
    const b = `Version: 1.1\n${record('TQDORNqy7ds')}`;
    expect(onlyListsDigestsOf(diffText(a, b).unified, ['acme/core.py'])).toBe(false);
  });
});
