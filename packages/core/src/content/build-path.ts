/**
 * Content that differs only in an embedded build directory (`/build/pkg-1a2b` vs
 * `/build/pkg-9z8y`): compiled code, `#!` lines, .pc files, RECORD, generated config. The
 * analysis finds the absolute path where the two sides first part, takes the directory prefix
 * that precedes their common tail (`/home/alice/build/src/x.c` vs `/builds/ci/42/src/x.c` gives
 * `/home/alice/build` and `/builds/ci/42`), and accepts it only when replacing every occurrence
 * of A's prefix with B's makes the contents equal. Up to MAX_PAIRS such prefix pairs (a source and
 * a build directory, say) are found in turn. Works on bytes too (as latin1), with prefixes of
 * equal or different lengths.
 */
import { asString } from './bytes.js';

export interface BuildPathPair {
  a: string;
  b: string;
  /** Occurrences of `a` in A's content. */
  occurrences: number;
}

export interface BuildPathFinding extends BuildPathPair {
  /** Every prefix pair found, the first one (also at the top level) first. */
  pairs: BuildPathPair[];
}

const MAX_PAIRS = 4;

/** Roots where build directories live; a prefix under one needs no other evidence of being a directory. */
const BUILD_ROOTS = /^\/(build|builds|tmp|var\/tmp|home|Users|root|private|var\/folders|workspace|workspaces|github|__w|usr\/src|src|srv|opt\/build|mnt|work|data|var\/lib\/jenkins|buildbot|sandbox)(\/|$)/;
/** System directories: two paths under these differ by what was installed, not where it was built. */
const SYSTEM_ROOTS = /^\/(usr\/(lib|lib64|share|include|bin|sbin|local\/lib)|lib|lib64|bin|sbin|etc|System|Library|opt\/homebrew|nix\/store)(\/|$)/;

export function buildPathOnly(a: string | Uint8Array, b: string | Uint8Array): BuildPathFinding | null {
  const target = asString(b);
  let current = asString(a);
  if (current === target) return null;
  const pairs: BuildPathPair[] = [];
  while (pairs.length < MAX_PAIRS) {
    const pair = findPrefixPair(current, target);
    if (pair === null) return null;
    const parts = current.split(pair.a);
    pairs.push({ ...pair, occurrences: parts.length - 1 });
    current = parts.join(pair.b);
    if (current === target) {
      const first = pairs[0] ?? { a: '', b: '', occurrences: 0 };
      return { a: first.a, b: first.b, occurrences: first.occurrences, pairs };
    }
  }
  return null;
}

/** Characters of a path token (no whitespace, quotes, NUL, `=`, `:`, `;`, brackets). */
function isPathChar(code: number): boolean {
  return (
    (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a) ||
    code === 0x2f || code === 0x2e || code === 0x5f || code === 0x2d || code === 0x2b || code === 0x7e || code === 0x40 || code === 0x25
  );
}

/** The build-directory prefixes at the first place the two texts part, or null when that is no such path. */
function findPrefixPair(a: string, b: string): { a: string; b: string } | null {
  const common = Math.min(a.length, b.length);
  let i = 0;
  while (i < common && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  let start = i;
  while (start > 0 && isPathChar(a.charCodeAt(start - 1))) start--;
  // The absolute path begins at the token's first `/` before the difference (`-I/build/x` → `/build/x`).
  const slash = a.slice(start, i).indexOf('/');
  if (slash < 0) return null;
  const pathStart = start + slash;
  const tokenA = a.slice(pathStart, tokenEnd(a, i));
  const tokenB = b.slice(pathStart, tokenEnd(b, i));
  let k = 0;
  while (k < tokenA.length && k < tokenB.length && tokenA.charCodeAt(tokenA.length - 1 - k) === tokenB.charCodeAt(tokenB.length - 1 - k)) k++;
  // Cut the common tail at its first `/`, so the prefixes end at a directory boundary.
  const tail = tokenA.slice(tokenA.length - k);
  const cut = tail.indexOf('/');
  const keep = cut < 0 ? 0 : k - cut;
  const prefixA = tokenA.slice(0, tokenA.length - keep);
  const prefixB = tokenB.slice(0, tokenB.length - keep);
  if (prefixA.length < 2 || prefixB.length < 2) return null;
  if (SYSTEM_ROOTS.test(prefixA) && SYSTEM_ROOTS.test(prefixB)) return null;
  const isDirectory = (text: string, prefix: string): boolean => BUILD_ROOTS.test(prefix) || text.includes(`${prefix}/`);
  if (!isDirectory(a, prefixA) && !isDirectory(b, prefixB)) return null;
  return { a: prefixA, b: prefixB };
}

function tokenEnd(text: string, from: number): number {
  let end = from;
  while (end < text.length && isPathChar(text.charCodeAt(end))) end++;
  return end;
}
