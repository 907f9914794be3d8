/**
 * verify: check an artifact against a published manifest (or checksum). When the bytes differ, the
 * artifact is read and compared with the manifest's record of it by the same differ as `compare`,
 * so the causes are named alike; what only the published bytes could show is said to be beyond
 * what the manifest records, never guessed.
 */
import { basename } from 'node:path';
import { WhydiffError } from '@whydiff/formats/errors';
import { compareSides, TOOL_VERSION } from '../compare.js';
import type { Limits } from '../limits.js';
import { REPORT_SCHEMA, type ArtifactSummary, type Cause, type DifferenceNode, type Report } from '../report-model.js';
import { entryAsRead, hashFile, readSide, type Side } from '../side.js';
import { manifestArtifact } from './build.js';
import { manifestSide } from './manifest-side.js';
import { PathTable } from '../path-table.js';
import { removeCopies, seekableInput, type SeekableInput } from '../seekable-input.js';
import type { ChecksumList, Manifest, ManifestArtifact, PublishedChecksum } from './model.js';

export interface VerifyOptions {
  /** The manifest entry to check against (default: the artifact's file name, else the only entry). */
  name?: string;
  /** The manifest as named in the report (default `manifest`). */
  manifestName?: string;
  /** The artifact as named in the report (default: the path as given). */
  artifactName?: string;
  limits?: Partial<Limits>;
}

export interface VerifyResult {
  /** Size and sha256 equal to the published ones. */
  match: boolean;
  /**
   * The content digests agree: every member's path, type and content (or link target) was
   * reproduced, whatever else differs. null when only a checksum was published (nothing to tell).
   */
  contentIdentical: boolean | null;
  /** What the artifact was checked against: a whydiff manifest (members too) or a checksum (bytes only). */
  basis: 'manifest' | 'checksum';
  /** The name of the entry checked against. */
  entry: string;
  /** The verdict in one line. */
  message: string;
  /** The comparison with the published record, in the report model every presenter reads. */
  report: Report;
}

/** Marker on a difference node whose bytes differ for reasons the manifest cannot show. */
export const BEYOND_MANIFEST = 'beyond manifest';

export async function verify(artifactPath: string, published: Manifest | ChecksumList, options: VerifyOptions = {}): Promise<VerifyResult> {
  // A pipe is hashed and then read again: from a copy (seekable-input.ts).
  const input = await seekableInput(artifactPath, options.limits);
  try {
    return await verifySeekable(input, published, { ...options, name: options.name ?? basename(artifactPath), named: options.name !== undefined, artifactName: options.artifactName ?? artifactPath });
  } finally {
    await removeCopies([input]);
  }
}

async function verifySeekable(input: SeekableInput, published: Manifest | ChecksumList, options: VerifyOptions & { name: string; named: boolean; artifactName: string }): Promise<VerifyResult> {
  const started = performance.now();
  const manifestName = options.manifestName ?? 'manifest';
  const artifactName = options.artifactName;
  const artifactPath = input.path;
  if (input.stats.isDirectory()) {
    throw new WhydiffError('VERIFY_DIRECTORY', `verify: ${artifactPath} is a directory; verify checks an artifact file`, { artifact: artifactPath });
  }
  const isManifest = 'artifacts' in published;
  const entries: Array<ManifestArtifact | PublishedChecksum> = isManifest ? published.artifacts : published.checksums;
  const entry = findEntry(entries, options.name, options.named, manifestName);
  const digest = await hashFile(artifactPath);
  const publishedName = `${manifestName}: ${entry.name}`;
  const match = digest.sha256 === entry.sha256 && (entry.size === null || digest.size === entry.size);
  const base = { basis: isManifest ? ('manifest' as const) : ('checksum' as const), entry: entry.name };

  if (match) {
    const members = 'members' in entry ? entry.members.length : 0;
    return {
      ...base,
      match: true,
      contentIdentical: isManifest ? true : null,
      message: `${artifactName}: matches ${entry.name} in ${manifestName} (sha256 ${digest.sha256}, ${digest.size} bytes)`,
      report: bytesOnlyReport(
        { name: publishedName, size: digest.size, sha256: entry.sha256, format: 'format' in entry ? entry.format : 'checksum', entries: members },
        { name: artifactName, size: digest.size, sha256: digest.sha256, format: 'format' in entry ? entry.format : 'checksum', entries: members },
        [],
        started,
      ),
    };
  }

  if (!('members' in entry)) {
    const sizes = entry.size === null ? `${digest.size} bytes; no size published` : `${entry.size} bytes published, ${digest.size} bytes here`;
    const cause: Cause = {
      category: 'content',
      paths: [],
      count: 1,
      summary: `the artifact's sha256 differs from the published checksum (${entry.sha256.slice(0, 12)}… vs ${digest.sha256.slice(0, 12)}…, ${sizes}); a checksum records no members, so why is beyond what it records`,
      remedy: 'publish a whydiff manifest (whydiff manifest ARTIFACT... -o manifest.json) next to the checksums: verify then explains a mismatch member by member; or compare with the published artifact itself (whydiff PUBLISHED REBUILT)',
    };
    return {
      ...base,
      match: false,
      contentIdentical: null,
      message: `${artifactName}: does not match ${entry.name} in ${manifestName}; a checksum records the artifact's bytes only: a member-level explanation needs a whydiff manifest`,
      report: bytesOnlyReport(
        { name: publishedName, size: entry.size ?? 0, sha256: entry.sha256, format: 'checksum', entries: 0 },
        { name: artifactName, size: digest.size, sha256: digest.sha256, format: 'checksum', entries: 0 },
        [cause],
        started,
      ),
    };
  }

  // Both sides as the manifest sees them: the published record, and the artifact's record made the same way.
  const plainName = entry.format === 'file' ? entry.members[0]?.path : undefined;
  const read = await readSide({ side: 'b', path: artifactPath, name: artifactName }, { limits: options.limits, plainName, digest });
  const record = manifestArtifact(read, entry.name);
  const paths = new PathTable();
  const a = manifestSide(entry, 'a', publishedName, paths);
  const b = manifestSide(record, 'b', artifactName, paths);
  b.path = artifactPath;
  b.problems = read.problems;
  b.bytesRead = read.bytesRead;
  const report = await compareSides(a, b, { limits: options.limits }, { contentPass: false, residual: false, started });
  const contentIdentical = entry.contentDigest === record.contentDigest;
  report.contentIdentical = contentIdentical;
  explainContent(report);
  explainBeyond(report, a, b);
  return {
    ...base,
    match: false,
    contentIdentical,
    message: `${artifactName}: does not match ${entry.name} in ${manifestName}; ${contentIdentical ? 'the content was reproduced (the content digests agree): only metadata differs' : 'the content differs (the content digests disagree)'}`,
    report,
  };
}

function findEntry<T extends { name: string }>(entries: readonly T[], name: string, named: boolean, manifestName: string): T {
  const exact = entries.filter((e) => e.name === name);
  // Checksum files often name artifacts with a directory (`./dist/x.tar.gz`).
  const found = exact.length > 0 ? exact : entries.filter((e) => basename(e.name) === name);
  if (found.length === 1) return found[0]!;
  if (found.length > 1) throw new WhydiffError('VERIFY_AMBIGUOUS_ENTRY', `verify: ${manifestName} lists ${name} ${found.length} times; name the entry to check with --name`);
  if (!named && entries.length === 1) return entries[0]!;
  const listed = entries.slice(0, 5).map((e) => e.name).join(', ') + (entries.length > 5 ? `, … (${entries.length} in all)` : '');
  throw new WhydiffError('VERIFY_NO_ENTRY', `verify: ${manifestName} has no entry named ${name}; it lists ${listed || 'nothing'} (name the entry to check with --name)`);
}

/** The bytes alone: equal (no causes) or not (the one cause given). */
function bytesOnlyReport(a: ArtifactSummary, b: ArtifactSummary, causes: Cause[], started: number): Report {
  const identical = causes.length === 0;
  const differences: DifferenceNode[] = identical
    ? []
    : [{ path: '', status: 'changed', markers: [BEYOND_MANIFEST], typeA: null, typeB: null, fields: artifactFields(a, b), children: [] }];
  return {
    schema: REPORT_SCHEMA,
    tool: { name: 'whydiff', version: TOOL_VERSION },
    a,
    b,
    identical,
    contentIdentical: identical,
    causes,
    differences,
    problems: [],
    stats: { entriesA: a.entries, entriesB: b.entries, matched: 0, differing: 0, added: 0, removed: 0, bytesReadA: 0, bytesReadB: b.size, seconds: Math.round(performance.now() - started) / 1000 },
  };
}

function artifactFields(a: { size: number; sha256: string }, b: { size: number; sha256: string }): DifferenceNode['fields'] {
  const fields: DifferenceNode['fields'] = [];
  if (a.size !== b.size) fields.push({ field: 'size', a: a.size, b: b.size });
  if (a.sha256 !== b.sha256) fields.push({ field: 'sha256', a: a.sha256, b: b.sha256 });
  return fields;
}

/** Members whose sha256 differs: the manifest knows that, not how (no second pass over bytes it lacks). */
function explainContent(report: Report): void {
  for (const cause of report.causes) {
    if (cause.category !== 'content') continue;
    const one = cause.count === 1;
    cause.summary += `; the manifest records ${one ? 'its' : 'their'} sha256, not ${one ? 'its' : 'their'} bytes, so how ${one ? 'it differs' : 'they differ'} (a build path, an embedded time, a real change) is beyond what it records`;
    cause.remedy = `compare with the published artifact to see the differing bytes (whydiff PUBLISHED REBUILT); ${cause.remedy}`;
  }
  visit(report.differences, (node) => {
    if (node.markers.includes('content') && node.content === undefined) {
      node.content = { kind: 'omitted', reason: "the manifest records this member's sha256, not its bytes" };
    }
  });
}

/**
 * Bytes that differ while every member the manifest lists matches: the artifact itself, or a
 * nested archive whose members all match. `compare` would name the compressor or the container's
 * headers from both artifacts' bytes; the manifest holds neither, so this says so.
 */
function explainBeyond(report: Report, a: Side, b: Side): void {
  const explained = report.causes.flatMap((c) => c.paths);
  const beyond: string[] = [];
  const nested = [...a.entries.keys()]
    .filter((path) => {
      const ea = entryAsRead(a, path)!;
      const eb = entryAsRead(b, path);
      return eb !== undefined && ea.type === 'file' && eb.type === 'file' && ea.sha256 !== eb.sha256 && a.levels.has(`${ea.path}!/`) && b.levels.has(`${ea.path}!/`);
    })
    .sort((x, y) => y.split('!/').length - x.split('!/').length);
  for (const path of nested) {
    const inside = `${path}!/`;
    if (![...explained, ...beyond].some((p) => p.startsWith(inside))) beyond.push(path);
  }
  const onArtifact = report.causes.length === 0 && beyond.length === 0;
  if (!onArtifact && beyond.length === 0) return;
  const n = beyond.length;
  report.causes.push({
    category: 'container-metadata',
    paths: beyond,
    count: onArtifact ? 1 : n,
    summary: onArtifact
      ? "the artifact's bytes differ beyond what the manifest records: every member it lists matches (path, type, content, time, mode, owner, order), so the difference lies in bytes it does not record: the compression, the container's headers or padding"
      : `${n === 1 ? '1 nested archive differs' : `${n} nested archives differ`} beyond what the manifest records: ${n === 1 ? 'its' : 'their'} members all match, so the difference lies in ${n === 1 ? 'its' : 'their'} compression or container headers (${beyond.slice(0, 3).join(', ')}${n > 3 ? ', …' : ''})`,
    remedy: 'compare with the published artifact itself to see which bytes differ: whydiff PUBLISHED REBUILT',
  });
  if (onArtifact) {
    report.differences.unshift({ path: '', status: 'changed', markers: [BEYOND_MANIFEST], typeA: null, typeB: null, fields: artifactFields(a, b), children: [] });
    return;
  }
  const wanted = new Set(beyond);
  visit(report.differences, (node) => {
    if (wanted.has(node.path) && !node.markers.includes(BEYOND_MANIFEST)) node.markers.push(BEYOND_MANIFEST);
  });
}

function visit(nodes: DifferenceNode[], fn: (node: DifferenceNode) => void): void {
  for (const node of nodes) {
    fn(node);
    visit(node.children, fn);
  }
}
