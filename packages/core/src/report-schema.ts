/**
 * Validate a value against the published Report JSON Schema (report.schema.json), for tests: every
 * JSON test checks its output against the schema users see. Kept out of core's index so that ajv
 * stays a devDependency; import it by path.
 */
import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';

/**
 * The schema as published: next to this file in src (tests run there); from dist, tsc does not
 * copy JSON, so read it from the package's src.
 */
export const reportSchema: Record<string, unknown> = JSON.parse(readSchema()) as Record<string, unknown>;

function readSchema(): string {
  try {
    return readFileSync(new URL('./report.schema.json', import.meta.url), 'utf8');
  } catch {
    return readFileSync(new URL('../src/report.schema.json', import.meta.url), 'utf8');
  }
}

// ajv's CommonJS module exports the class both as module.exports and as `.default`.
const ajv = new Ajv2020.default({ allErrors: true, strict: true, allowUnionTypes: true, verbose: true });
const validate = ajv.compile(reportSchema);

/**
 * Errors as lines, one per failed check, with the JSON pointer of the value
 * (`/causes/0/category: must be one of "timestamp", ...; found "mtime"`); [] when valid.
 */
export function validateReport(value: unknown): string[] {
  if (validate(value)) return [];
  return (validate.errors ?? []).map((error) => {
    const where = error.instancePath === '' ? '(root)' : error.instancePath;
    const found = `found ${JSON.stringify(error.data)}`;
    switch (error.keyword) {
      case 'enum':
        return `${where}: must be one of ${(error.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}; ${found}`;
      case 'const':
        return `${where}: must be ${JSON.stringify(error.params.allowedValue)}; ${found}`;
      case 'additionalProperties':
        return `${where}: unknown property ${JSON.stringify(error.params.additionalProperty)}`;
      default:
        return `${where}: ${error.message ?? error.keyword}`;
    }
  });
}
