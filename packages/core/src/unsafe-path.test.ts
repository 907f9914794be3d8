import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { unsafePathReason } from './unsafe-path.js';

describe('unsafePathReason', () => {
  it('names what would escape or surprise an extractor', () => {
    expect(unsafePathReason('usr/bin/tool')).toBeNull();
    expect(unsafePathReason('a..b/..c/d..')).toBeNull();
    expect(unsafePathReason('/etc/passwd')).toBe('an absolute path');
    for (const name of ['C:\\Windows', 'c:/x', 'D:', '\\\\server\\share']) expect(unsafePathReason(name), name).toBe('a Windows drive or UNC path');
    for (const name of ['C:x', '1:/a', 'a:b:/c']) expect(unsafePathReason(name), name).toBeNull();
    for (const name of ['..', '../x', 'a/../b', 'a/..', 'a\\..\\b']) expect(unsafePathReason(name), name).toBe('a ".." component that climbs out of the extraction directory');
    expect(unsafePathReason('a\nb')).toBe('control characters (NUL, newline, escape...)');
  });

  it('finds a ".." component exactly where splitting the name at / and \\ finds one', () => {
    const name = fc.array(fc.constantFrom('.', '/', '\\', 'a'), { maxLength: 12 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(name, (n) => {
        const climbs = unsafePathReason(n) === 'a ".." component that climbs out of the extraction directory';
        const expected = !n.startsWith('/') && !n.startsWith('\\\\') && n.split(/[\\/]/).includes('..');
        expect(climbs).toBe(expected);
      }),
      { numRuns: 2000, seed: 20261128 },
    );
  });
});
