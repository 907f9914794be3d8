/**
 * Reading what verify checks against: a whydiff manifest (JSON) or what projects already publish,
 * a SHA256SUMS file (`sha256sum` output; BSD `SHA256 (name) = hex` lines too).
 */
import { readFile } from 'node:fs/promises';
import { WhydiffError } from '@whydiff/formats/errors';
import { MANIFEST_SCHEMA, type ChecksumList, type Manifest, type PublishedChecksum } from './model.js';

/** A manifest file or a checksum list, told apart by their first character. */
export async function readVerifyTarget(path: string): Promise<Manifest | ChecksumList> {
  const text = await readFile(path, 'utf8');
  return /^\s*\{/.test(text) ? parseManifest(text, path) : parseChecksums(text, path);
}

const invalid = (source: string, message: string) => new WhydiffError('MANIFEST_INVALID', `${source}: ${message}`);

/**
 * Parse and check the shape verify relies on (the full rules are manifest.schema.json). Messages
 * say which artifact and member is wrong.
 */
export function parseManifest(text: string, source = 'manifest'): Manifest {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw invalid(source, `not valid JSON (${(error as Error).message})`);
  }
  const m = value as Partial<Manifest> | null;
  if (m === null || typeof m !== 'object') throw invalid(source, 'expected a JSON object');
  if (m.schema !== MANIFEST_SCHEMA) throw invalid(source, `expected "schema": "${MANIFEST_SCHEMA}", found ${JSON.stringify(m.schema ?? null)}`);
  if (!Array.isArray(m.artifacts)) throw invalid(source, 'expected an "artifacts" array');
  m.artifacts.forEach((a, i) => {
    const where = `artifacts[${i}]`;
    if (typeof a?.name !== 'string') throw invalid(source, `${where}: expected a "name" string`);
    if (typeof a.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(a.sha256)) throw invalid(source, `${a.name}: expected "sha256" as 64 lower-case hex digits, found ${JSON.stringify(a.sha256 ?? null)}`);
    if (!Number.isSafeInteger(a.size) || a.size < 0) throw invalid(source, `${a.name}: expected "size" as a byte count, found ${JSON.stringify(a.size ?? null)}`);
    if (typeof a.contentDigest !== 'string') throw invalid(source, `${a.name}: expected a "contentDigest" string`);
    if (!Array.isArray(a.levels) || !Array.isArray(a.members) || !Array.isArray(a.problems)) throw invalid(source, `${a.name}: expected "levels", "problems" and "members" arrays`);
    a.members.forEach((member, j) => {
      if (typeof member?.path !== 'string' || typeof member.type !== 'string') throw invalid(source, `${a.name}: members[${j}]: expected "path" and "type" strings`);
    });
  });
  return m as Manifest;
}

/** `HEX  name` / `HEX *name` (sha256sum, text and binary mode) and `SHA256 (name) = HEX` (BSD). */
export function parseChecksums(text: string, source = 'checksums'): ChecksumList {
  const checksums: PublishedChecksum[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((line, i) => {
    if (line.trim() === '' || line.startsWith('#')) return;
    const gnu = /^\\?([0-9a-fA-F]{64}) [ *](.+)$/.exec(line);
    const bsd = /^SHA256 \((.+)\) = ([0-9a-fA-F]{64})$/.exec(line);
    if (gnu !== null) checksums.push({ name: unescapeName(gnu[2]!, line.startsWith('\\')), sha256: gnu[1]!.toLowerCase(), size: null });
    else if (bsd !== null) checksums.push({ name: bsd[1]!, sha256: bsd[2]!.toLowerCase(), size: null });
    else throw invalid(source, `line ${i + 1}: expected a whydiff manifest (JSON) or sha256sum lines "HEX  NAME", found ${JSON.stringify(line.slice(0, 80))}`);
  });
  if (checksums.length === 0) throw invalid(source, 'no checksums: expected sha256sum lines "HEX  NAME"');
  return { checksums };
}

/** sha256sum writes a leading backslash and escapes `\\` and newlines in names that hold them. */
function unescapeName(name: string, escaped: boolean): string {
  return escaped ? name.replace(/\\(\\|n|r)/g, (_, c: string) => (c === 'n' ? '\n' : c === 'r' ? '\r' : '\\')) : name;
}
