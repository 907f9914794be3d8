/**
 * Checking JSON against the schemas we publish (report.schema.json, manifest.schema.json), for
 * tests: every JSON test validates what users would see. Test-only (kept out of core's index and
 * build), so ajv stays a devDependency.
 */
import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';

/**
 * A schema file read next to the calling module in src (tests run there); from dist, where tsc
 * does not copy JSON, from the package's src (`fromDist`, relative to the same module).
 */
export function readSchema(file: URL, fromDist: URL): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    text = readFileSync(fromDist, 'utf8');
  }
  return JSON.parse(text) as Record<string, unknown>;
}

/**
 * A validator returning errors as lines, one per failed check, with the JSON pointer of the value
 * (`/causes/0/category: must be one of "timestamp", ...; found "mtime"`); [] when valid.
 */
export function schemaValidator(schema: Record<string, unknown>): (value: unknown) => string[] {
  // ajv's CommonJS module exports the class both as module.exports and as `.default`.
  const ajv = new Ajv2020.default({ allErrors: true, strict: true, allowUnionTypes: true, verbose: true });
  const validate = ajv.compile(schema);
  return (value) => {
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
  };
}
