/**
 * Validate a value against the published manifest JSON Schema (manifest.schema.json), for tests.
 * Kept out of the manifest index so that ajv stays a devDependency; import it by path.
 */
import { readSchema, schemaValidator } from '../schema-check.js';

export const manifestSchema = readSchema(new URL('./manifest.schema.json', import.meta.url), new URL('../../src/manifest/manifest.schema.json', import.meta.url));

/** Errors as lines (`/artifacts/0/members/3/mode: must be <= 4095`); [] when valid. */
export const validateManifest: (value: unknown) => string[] = schemaValidator(manifestSchema);
