/** `whydiff manifest ARTIFACT... [-o FILE]`: publishable fingerprints, one JSON document (whydiff.manifest/1). */
import { writeFile } from 'node:fs/promises';
import { buildManifest, serializeManifest, type Limits } from '@whydiff/core';
import type { Io } from './main.js';

export interface ManifestCommandOptions {
  /** Write the manifest here instead of stdout. */
  output?: string;
  limits: Partial<Limits>;
  /** The file name to record for an artifact by its path (the one read from standard input). */
  names?: ReadonlyMap<string, string>;
}

/** Exit status 0; errors (unreadable artifact, duplicate names) are thrown for main to report (2). */
export async function manifestCommand(artifacts: string[], options: ManifestCommandOptions, io: Io): Promise<number> {
  const manifest = await buildManifest(artifacts, { limits: options.limits, names: options.names });
  for (const artifact of manifest.artifacts) {
    for (const p of artifact.problems) {
      io.stderr(`whydiff: warning: ${artifact.name}${p.path === '' ? '' : `: ${p.path}`}${p.offset === null ? '' : `: offset ${p.offset}`}: ${p.message} (recorded in the manifest)\n`);
    }
  }
  const text = serializeManifest(manifest);
  if (options.output !== undefined) await writeFile(options.output, text);
  else io.stdout(text);
  return 0;
}
