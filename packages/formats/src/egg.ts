/**
 * Python packages that are zip files: eggs (setuptools, `EGG-INFO/PKG-INFO`) and wheels (PEP 427:
 * `NAME-VERSION.dist-info/` with `WHEEL`, `METADATA` and `RECORD`). Recognition by member names,
 * the metadata headers (core metadata, RFC 822 style), and the wheel RECORD check: each file's
 * `sha256=` digest (urlsafe base64 without padding) against its content as it streams.
 */
import { createHash } from 'node:crypto';
import type { LayerInfo, MemberContent, Problem, RawFields, RawValue } from './entry.js';

export type PythonPackageKind = 'egg' | 'wheel';

export interface PythonPackageLayout {
  kind: PythonPackageKind;
  /** `EGG-INFO/PKG-INFO` or `X.dist-info/METADATA`. */
  metadataPath: string;
  /** Wheels: `X.dist-info/WHEEL`. */
  wheelPath: string | null;
  /** Wheels: `X.dist-info/RECORD`. */
  recordPath: string | null;
}

/** Which Python package these member paths make, if any (an egg wins over a wheel). */
/**
 * Whether a member may be an egg's or a wheel's metadata (`EGG-INFO/PKG-INFO`, `x.dist-info/RECORD`):
 * a file directly in a top-level EGG-INFO or *.dist-info directory. recognizePythonPackage needs
 * only these, so a reader can keep these paths instead of every member's.
 */
export function mayBePackageMetadata(path: string): boolean {
  return /^(?:EGG-INFO|[^/]+\.dist-info)\/[^/]+$/.test(path);
}

export function recognizePythonPackage(paths: Iterable<string>): PythonPackageLayout | null {
  const set = new Set(paths);
  if (set.has('EGG-INFO/PKG-INFO')) {
    return { kind: 'egg', metadataPath: 'EGG-INFO/PKG-INFO', wheelPath: null, recordPath: null };
  }
  for (const path of set) {
    const m = /^([^/]+\.dist-info)\/RECORD$/.exec(path);
    if (m === null) continue;
    const dir = m[1]!;
    if (set.has(`${dir}/WHEEL`)) {
      return { kind: 'wheel', metadataPath: `${dir}/METADATA`, wheelPath: `${dir}/WHEEL`, recordPath: path };
    }
  }
  return null;
}

export interface CoreMetadata {
  name: string | null;
  version: string | null;
  /** Every header as written (repeated headers become arrays), the description body left out. */
  headers: RawFields;
}

/** Parse PKG-INFO / METADATA / WHEEL: `Key: value` lines, continuation lines indented, a blank line ends the headers. */
export function parseCoreMetadata(text: string): CoreMetadata {
  const headers: RawFields = {};
  let last: string | null = null;
  for (const line of text.split(/\r?\n/)) {
    if (line === '') break; // the body (long description) follows
    if ((line.startsWith(' ') || line.startsWith('\t')) && last !== null) {
      const prev = headers[last];
      const add = `\n${line.trim()}`;
      if (Array.isArray(prev)) prev[prev.length - 1] = `${String(prev[prev.length - 1])}${add}`;
      else headers[last] = `${String(prev)}${add}`;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const key = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    const prev = headers[key];
    if (prev === undefined) headers[key] = value;
    else if (Array.isArray(prev)) prev.push(value);
    else headers[key] = [prev, value];
    last = key;
  }
  const first = (v: RawValue | undefined): string | null =>
    v === undefined ? null : Array.isArray(v) ? (v.length > 0 ? String(v[0]) : null) : String(v);
  return { name: first(headers.Name), version: first(headers.Version), headers };
}

/** The layer a reader reports for an egg or a wheel. */
export function pythonPackageLayer(layout: PythonPackageLayout, metadata: CoreMetadata | null, wheel: CoreMetadata | null): LayerInfo {
  const name = metadata?.name ?? null;
  const version = metadata?.version ?? null;
  const raw: RawFields = {
    name,
    version,
    metadataPath: layout.metadataPath,
    metadata: metadata?.headers ?? null,
  };
  if (layout.kind === 'wheel') {
    raw.recordPath = layout.recordPath;
    raw.wheelPath = layout.wheelPath;
    raw.wheel = wheel?.headers ?? null;
  }
  return { format: layout.kind, summary: `${layout.kind} ${name ?? '?'} ${version ?? '?'}`, raw };
}

export interface RecordRow {
  path: string;
  /** `sha256`, `sha384`, `sha512`, or null when the row has no hash (RECORD itself). */
  algorithm: string | null;
  /** The digest as written: urlsafe base64 without padding. */
  digest: string | null;
  size: number | null;
}

/** Split one CSV line (RFC 4180 quoting, which `csv.writer` uses for paths with commas or quotes). */
function csvFields(line: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(field);
      field = '';
    } else field += c;
  }
  out.push(field);
  return out;
}

export function parseRecord(text: string): Map<string, RecordRow> {
  const rows = new Map<string, RecordRow>();
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '') continue;
    const [path = '', hash = '', size = ''] = csvFields(line);
    const eq = hash.indexOf('=');
    rows.set(path, {
      path,
      algorithm: eq > 0 ? hash.slice(0, eq) : null,
      digest: eq > 0 ? hash.slice(eq + 1) : null,
      size: /^\d+$/.test(size) ? Number(size) : null,
    });
  }
  return rows;
}

/** Files a RECORD cannot hash: itself and its signatures (PEP 427). */
export function isRecordExempt(path: string, layout: PythonPackageLayout): boolean {
  if (layout.recordPath === null) return true;
  return path === layout.recordPath || path === `${layout.recordPath}.jws` || path === `${layout.recordPath}.p7s`;
}

const SUPPORTED = new Set(['sha256', 'sha384', 'sha512']);

/**
 * Pass the content through, hashing it; when it ends, compare with the RECORD row and push a
 * problem on a mismatch (digest or size) or when the row names an algorithm we cannot check.
 */
export async function* checkRecordedHash(
  content: MemberContent,
  row: RecordRow,
  problems: Problem[],
  offset: number,
): AsyncGenerator<Uint8Array> {
  if (row.algorithm === null || row.digest === null) {
    yield* content;
    problems.push({ code: 'WHEEL_RECORD_NO_HASH', message: `wheel: RECORD lists ${row.path} without a hash`, offset });
    return;
  }
  if (!SUPPORTED.has(row.algorithm)) {
    yield* content;
    problems.push({ code: 'WHEEL_RECORD_ALGORITHM', message: `wheel: RECORD uses hash algorithm ${row.algorithm}; expected sha256`, offset });
    return;
  }
  const hash = createHash(row.algorithm);
  let size = 0;
  for await (const chunk of content) {
    hash.update(chunk);
    size += chunk.byteLength;
    yield chunk;
  }
  const digest = hash.digest('base64url');
  if (digest !== row.digest) {
    problems.push({
      code: 'WHEEL_RECORD_MISMATCH',
      message: `wheel: ${row.algorithm} of ${row.path} does not match RECORD; expected ${row.digest}, got ${digest}`,
      offset,
    });
  } else if (row.size !== null && row.size !== size) {
    problems.push({
      code: 'WHEEL_RECORD_MISMATCH',
      message: `wheel: size of ${row.path} does not match RECORD; expected ${row.size}, got ${size}`,
      offset,
    });
  }
}
