/**
 * Validate a value against the published manifest JSON Schema (manifest.schema.json), for tests.
 * Kept out of the manifest index so that ajv stays a devDependency; import it by path.
 */
import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';

export const manifestSchema: Record<string, unknown> = JSON.parse(readSchema()) as Record<string, unknown>;

function readSchema(): string {
  try {
    return readFileSync(new URL('./manifest.schema.json', import.meta.url), 'utf8');
  } catch {
    // From dist: tsc does not copy JSON, so read it from the package's src.
    return readFileSync(new URL('../../src/manifest/manifest.schema.json', import.meta.url), 'utf8');
  }
}

const ajv = new Ajv2020.default({ allErrors: true, strict: true, allowUnionTypes: true });
const validate = ajv.compile(manifestSchema);

/** Errors as lines (`/artifacts/0/members/3/mode: must be <= 4095`); [] when valid. */
export function validateManifest(value: unknown): string[] {
  if (validate(value)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath === '' ? '(root)' : e.instancePath}: ${e.message ?? e.keyword}${e.keyword === 'additionalProperties' ? ` (${JSON.stringify(e.params.additionalProperty)})` : ''}`);
}
