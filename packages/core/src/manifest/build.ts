/**
 * buildManifest: one pass per artifact (hash, then one walk), every member recorded in archive
 * order, and a serializer whose bytes depend on the artifacts only (fixed key order, one member a
 * line, no times of our own).
 */
import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { WhydiffError } from '@whydiff/formats/errors';
import type { Limits } from '../limits.js';
import { removeCopies, seekableInput } from '../seekable-input.js';
import { entryAsRead, readSide, type Side } from '../side.js';
import { MANIFEST_SCHEMA, type Manifest, type ManifestArtifact, type ManifestLevel, type ManifestMember } from './model.js';

export interface ManifestOptions {
  limits?: Partial<Limits>;
  /**
   * The file name to record for an artifact, by the path given for it: for a path whose own name
   * says nothing (STDIN, a pipe like /dev/fd/63). Any other artifact is recorded under its path's
   * base name, which is what verify finds it by.
   */
  names?: ReadonlyMap<string, string>;
}

/** A manifest of these artifact files, in the order given. */
export async function buildManifest(paths: readonly string[], options: ManifestOptions = {}): Promise<Manifest> {
  const artifacts: ManifestArtifact[] = [];
  /** The artifacts so far by the file name each is recorded under. */
  const seen = new Map<string, string>();
  for (const path of paths) {
    const given = options.names?.get(path);
    const name = given ?? basename(path);
    // Messages name an artifact as the caller did: its path, or the name given for it.
    const shown = given ?? path;
    const earlier = seen.get(name);
    if (earlier !== undefined) {
      throw new WhydiffError('MANIFEST_DUPLICATE_NAME', `manifest: ${earlier} and ${shown} have the same file name ${JSON.stringify(name)}; verify finds artifacts by file name, so give each a name of its own`);
    }
    seen.set(name, shown);
    const info = await stat(path);
    if (info.isDirectory()) {
      throw new WhydiffError('MANIFEST_DIRECTORY', `manifest: ${shown} is a directory; a manifest records artifact files (archive the directory first)`, { artifact: shown });
    }
    // Fingerprinted as it is read: one pass over the file, not a hash first and a walk after. A
    // pipe is read from a copy (seekable-input.ts), removed once recorded.
    const input = await seekableInput(path, options.limits, info);
    try {
      const side = await readSide({ side: 'a', path: input.path, name: shown }, { limits: options.limits, hashWhileReading: true, plainName: name });
      artifacts.push(manifestArtifact(side, name));
    } finally {
      await removeCopies([input]);
    }
  }
  return { schema: MANIFEST_SCHEMA, artifacts };
}

/** The library name the issue uses; the same function. */
export const createManifest = buildManifest;

/** What a manifest records of a side read from disk. */
export function manifestArtifact(side: Side, name: string): ManifestArtifact {
  const levels: ManifestLevel[] = [];
  const members: ManifestMember[] = [];
  // Archive order: a level's members in stored order, a nested archive's members right after it.
  const visit = (container: string) => {
    const level = side.levels.get(container);
    if (level === undefined) return;
    levels.push({ container, format: level.format });
    for (const path of level.order) {
      const e = entryAsRead(side, path)!;
      members.push({
        path, type: e.type, size: e.size, sha256: e.sha256, linkTarget: e.linkTarget, mode: e.mode,
        uid: e.uid, gid: e.gid, uname: e.uname, gname: e.gname, mtime: e.mtime, format: e.format,
      });
      visit(`${path}!/`);
    }
  };
  visit('');
  return {
    name,
    size: side.size,
    sha256: side.sha256,
    format: side.plainFile ? 'file' : (side.levels.get('')?.format ?? 'unknown'),
    contentDigest: contentDigest(members, levels),
    levels,
    problems: side.problems.map((p) => ({ path: p.path, offset: p.offset, code: p.code, message: p.message })),
    members,
  };
}

/** Escapes that keep one member on one line and its fields apart. */
const escapeField = (value: string) => value.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');

/**
 * sha256 over the sorted lines `path TAB type TAB what` (UTF-8, each ending in LF, sorted by their
 * bytes), where `what` is the content's sha256, else the link target, else empty. Paths are in
 * Unicode NFC (macOS writes NFD: the same name, another encoding); `\`, TAB, LF and CR in a field
 * are written `\\`, `\t`, `\n`, `\r`. A member opened as a nested archive has `archive`: its
 * members stand for its content, so the digest does not change with the nested archive's own
 * times or compression.
 */
export function contentDigest(members: readonly ManifestMember[], levels: readonly ManifestLevel[]): string {
  const nested = new Set(levels.map((l) => l.container));
  const lines = members.map((m) => {
    const what = nested.has(`${m.path}!/`) ? 'archive' : (m.sha256 ?? m.linkTarget ?? '');
    return Buffer.from(`${escapeField(m.path.normalize('NFC'))}\t${m.type}\t${escapeField(what)}\n`, 'utf8');
  });
  lines.sort(Buffer.compare);
  const hash = createHash('sha256');
  for (const line of lines) hash.update(line);
  return hash.digest('hex');
}

/** The manifest as published: fixed key order, one level, problem or member a line, LF, no trailing spaces. */
export function serializeManifest(manifest: Manifest): string {
  const out = ['{', `  "schema": ${JSON.stringify(manifest.schema)},`, '  "artifacts": ['];
  manifest.artifacts.forEach((a, i) => {
    out.push('    {');
    out.push(`      "name": ${JSON.stringify(a.name)},`);
    out.push(`      "size": ${JSON.stringify(a.size)},`);
    out.push(`      "sha256": ${JSON.stringify(a.sha256)},`);
    out.push(`      "format": ${JSON.stringify(a.format)},`);
    out.push(`      "contentDigest": ${JSON.stringify(a.contentDigest)},`);
    out.push(`      "levels": ${lines(a.levels.map((l) => ({ container: l.container, format: l.format })))},`);
    out.push(`      "problems": ${lines(a.problems.map((p) => ({ path: p.path, offset: p.offset, code: p.code, message: p.message })))},`);
    out.push(`      "members": ${lines(a.members.map(memberRecord))}`);
    out.push(i < manifest.artifacts.length - 1 ? '    },' : '    }');
  });
  out.push('  ]', '}');
  return `${out.join('\n')}\n`;
}

/** A member with its keys in the published order, whatever order they came in. */
function memberRecord(m: ManifestMember): ManifestMember {
  return {
    path: m.path, type: m.type, size: m.size, sha256: m.sha256, linkTarget: m.linkTarget, mode: m.mode,
    uid: m.uid, gid: m.gid, uname: m.uname, gname: m.gname, mtime: m.mtime, format: m.format,
  };
}

function lines(items: readonly object[]): string {
  if (items.length === 0) return '[]';
  return `[\n${items.map((item) => `        ${JSON.stringify(item)}`).join(',\n')}\n      ]`;
}
