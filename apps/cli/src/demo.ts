/**
 * The bundled demo pair: generated on demand by the deterministic generators of
 * @whydiff/test-fixtures into the private temporary directory (so nothing binary is checked in).
 */
import { writeFile } from 'node:fs/promises';
import { demoFixtures } from '@whydiff/test-fixtures';
import { tempFile } from '@whydiff/core';

export interface DemoArtifact {
  /** Where the bytes were written. */
  path: string;
  /** What to call it in listings and reports: its fixture name, e.g. `demo/a.tar.gz`. */
  name: string;
}

export async function demoArtifacts(): Promise<{ a: DemoArtifact; b: DemoArtifact }> {
  const paths: Record<string, DemoArtifact> = {};
  for (const fixture of demoFixtures) {
    const name = fixture.name.split('/').pop()!;
    const path = tempFile(`-${name}`);
    await writeFile(path, await fixture.bytes(), { mode: 0o600 });
    paths[name.replace(/\..*$/, '')] = { path, name: fixture.name };
  }
  if (paths.a === undefined || paths.b === undefined) throw new Error('demo fixtures must hold a and b');
  return { a: paths.a, b: paths.b };
}
