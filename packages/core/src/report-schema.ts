/**
 * Validate a value against the published Report JSON Schema (report.schema.json), for tests. Kept
 * out of core's index so that ajv stays a devDependency; import it by path.
 */
import { readSchema, schemaValidator } from './schema-check.js';

export const reportSchema = readSchema(new URL('./report.schema.json', import.meta.url), new URL('../src/report.schema.json', import.meta.url));

/** Errors as lines (`/causes/0/category: must be one of ...; found "mtime"`); [] when valid. */
export const validateReport: (value: unknown) => string[] = schemaValidator(reportSchema);
