/**
 * A manifest entry as a Side, so the one differ compares it: levels with their member order, and
 * entries carrying exactly the fields a manifest records (no raw header fields, no layers).
 */
import { PathList, PathTable } from '../path-table.js';
import type { Level, Side } from '../side.js';
import type { WalkEntry } from '../walk.js';
import type { ManifestArtifact } from './model.js';

/** `paths`: the table the other side of the comparison records into (see Side.paths). */
export function manifestSide(artifact: ManifestArtifact, side: 'a' | 'b', name: string, paths: PathTable = new PathTable()): Side {
  const levels = new Map<string, Level>();
  for (const l of artifact.levels) {
    levels.set(l.container, { container: l.container, depth: l.container.split('!/').length - 1, format: l.format, layers: [], layerCounts: new Map(), order: new PathList(paths) });
  }
  // Deepest first, so a member takes the innermost level whose container its path starts with.
  const containers = [...levels.keys()].filter((c) => c !== '').sort((x, y) => y.length - x.length);
  const result: Side = {
    side, name, path: '', size: artifact.size, sha256: artifact.sha256, isDirectory: false,
    levels, paths, entries: new Map(), problems: [], bytesRead: 0, plainFile: artifact.format === 'file',
  };
  for (const m of artifact.members) {
    const container = containers.find((c) => m.path.startsWith(c)) ?? '';
    const entry: WalkEntry = {
      path: m.path, memberPath: m.path.slice(container.length), container, depth: levels.get(container)?.depth ?? 0,
      type: m.type as WalkEntry['type'], mode: m.mode, uid: m.uid, gid: m.gid, uname: m.uname, gname: m.gname, mtime: m.mtime,
      size: m.size, linkTarget: m.linkTarget, format: m.format, offset: 0, raw: {}, problems: [], sha256: m.sha256,
    };
    // As readSide does: the first occurrence keeps its place, the last one is compared.
    if (!result.entries.has(m.path)) levels.get(container)?.order.push(m.path);
    result.entries.set(m.path, entry);
  }
  return result;
}
