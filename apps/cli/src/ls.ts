/** `whydiff ls`: the recursive listing, streamed as the walk reads. */
import { groupDigits, walkArtifact, type Limits } from '@whydiff/core';
import { entryJson, listingLine } from './listing.js';
import type { Io } from './main.js';

export interface ListOptions {
  /** The artifact's name in listings and errors. */
  name: string;
  json: boolean;
  limits: Partial<Limits>;
}

export async function listCommand(artifact: string, options: ListOptions, io: Io): Promise<number> {
  for await (const event of walkArtifact(artifact, { name: options.name, limits: options.limits })) {
    switch (event.kind) {
      case 'level':
        if (!options.json) io.stdout(`# ${event.container === '' ? options.name : event.container.slice(0, -2)}: ${event.format}\n`);
        break;
      case 'layer':
        if (!options.json && event.info.summary !== undefined) io.stdout(`#   ${event.info.summary}\n`);
        break;
      case 'layers-omitted':
        if (!options.json) io.stdout(`#   … and ${groupDigits(event.count)} more ${event.format} layers, not listed\n`);
        break;
      case 'problem': {
        const where = event.problem.path ?? (event.container === '' ? options.name : event.container.slice(0, -2));
        io.stderr(`whydiff: warning: ${where}${event.problem.offset !== undefined ? `: offset ${event.problem.offset}` : ''}: ${event.problem.message}\n`);
        break;
      }
      case 'entry':
        if (options.json) io.stdout(`${JSON.stringify(entryJson(event.entry))}\n`);
        else {
          io.stdout(`${listingLine(event.entry)}\n`);
          for (const p of event.entry.problems) io.stdout(`    ! ${p.code}${p.offset !== undefined ? ` at offset ${p.offset}` : ''}: ${p.message}\n`);
        }
        break;
    }
  }
  return 0;
}
