/**
 * Writes every generated fixture under test-fixtures/out/. The list is data: each generator module
 * exports its fixtures; nothing registers itself on import.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Fixture } from './fixture.js';

export const outDir = fileURLToPath(new URL('../out/', import.meta.url));

export async function allFixtures(): Promise<Fixture[]> {
  const modules = await Promise.all([
    import('./tar-pairs.js').then((m) => m.tarFixtures),
    import('./demo.js').then((m) => m.demoFixtures),
    import('./zip-pairs.js').then((m) => m.zipFixtures),
    import('./pkg-pairs.js').then((m) => m.pkgFixtures),
    import('./cause-pairs.js').then((m) => m.causeFixtures),
    import('./hostile.js').then((m) => m.hostileFixtures),
    import('./regressions.js').then((m) => m.regressionFixtures),
  ]);
  return modules.flat();
}

/** Write every fixture (skipping files whose bytes are already right); returns the paths written. */
export async function generateAll(dir = outDir): Promise<string[]> {
  const written: string[] = [];
  for (const fixture of await allFixtures()) {
    const path = join(dir, fixture.name);
    const bytes = await fixture.bytes();
    const existing = await readFile(path).catch(() => null);
    if (existing !== null && Buffer.compare(existing, bytes) === 0) continue;
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, bytes);
    written.push(path);
  }
  return written;
}

/** Path of a generated fixture (after generateAll ran). */
export function fixturePath(name: string): string {
  return join(outDir, name);
}

/** Every generated pair, by name: `dir/a.ext` with its `dir/b.ext`. */
export async function generatedPairs(): Promise<Array<[string, string]>> {
  const names = new Set((await allFixtures()).map((f) => f.name));
  return [...names].filter((n) => /(^|\/)a\.[^/]+$/.test(n) && names.has(n.replace(/a(\.[^/]+)$/, 'b$1'))).map((n) => [n, n.replace(/a(\.[^/]+)$/, 'b$1')]);
}
