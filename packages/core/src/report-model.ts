/**
 * The Report: what a comparison finds, as plain data. Presenters (text, markdown, JSON, the TUI)
 * are pure functions of it; its JSON form is published as a JSON Schema (report.schema.json).
 */
import type { RawValue } from '@whydiff/formats';

export const REPORT_SCHEMA = 'whydiff.report/1';

export type CauseCategory =
  | 'timestamp'
  | 'permissions'
  | 'ownership'
  | 'entry-order'
  | 'compression'
  | 'container-metadata'
  | 'build-path'
  | 'content-order'
  | 'pyc-refs'
  | 'added'
  | 'removed'
  | 'file-type'
  | 'symlink-target'
  | 'path-encoding'
  | 'toolchain'
  | 'content';

export type TimestampWhere = 'entry-mtime' | 'container-header' | 'pyc-header' | 'embedded-in-content';

/** One reason the artifacts differ, with the usual fix. */
export interface Cause {
  category: CauseCategory;
  /** For timestamps: where the time is recorded. */
  where?: TimestampWhere;
  /** Every affected member path as stored, nested joined with `!/`; [] for the artifact itself. */
  paths: string[];
  /** Number of paths (or 1 for a cause on the artifact itself). */
  count: number;
  /** True when the cause touches every member of the archive it is in. */
  allEntries?: boolean;
  /** One line in plain words with numbers and examples. */
  summary: string;
  /** The usual fix. */
  remedy: string;
}

export interface ArtifactSummary {
  /** As the user named it. */
  name: string;
  size: number;
  sha256: string;
  /** Detected format chain, e.g. `tar.gz`, `zip`, `egg`, `pkg`, `directory`, `text`. */
  format: string;
  /** Members read, at every nesting level. */
  entries: number;
}

/** One field whose value differs between the two sides. */
export interface FieldDifference {
  /** `mtime`, `mode`, `uname`, ..., or a raw header field as `raw.<name>` (`raw.pax.mtime`). */
  field: string;
  a: RawValue;
  b: RawValue;
  /** True when the difference follows from another one (a header checksum, a size, an offset): shown, never a cause. */
  derived?: true;
}

export type ContentDiff =
  /** Unified diff of text, with line numbers in the hunk headers. */
  | { kind: 'text'; unified: string; truncated: boolean }
  /** Differing regions of binary content as hex (16 bytes a row). */
  | { kind: 'binary'; regions: { offset: number; a: string; b: string }[]; truncated: boolean }
  /** A .pyc: header fields, then whether the marshalled code differs. */
  /** sameObjects: the code differs in its bytes only, the objects are the same (marshal's reference flags, pyc-marshal.ts). */
  | { kind: 'pyc'; header: FieldDifference[]; codeDiffers: boolean; sameObjects?: boolean }
  /** Parsed XML (xar TOC, Distribution, PackageInfo) or JSON: changes by node or key path. */
  | { kind: 'xml' | 'json'; changes: { path: string; a: string | null; b: string | null }[]; truncated: boolean }
  /** Content not shown: too large, unreadable, or the diff budget is spent. */
  | { kind: 'omitted'; reason: string };

/** A member (or the artifact, path ``) that differs, with its nested differences below it. */
export interface DifferenceNode {
  path: string;
  status: 'changed' | 'added' | 'removed';
  /** Short markers for what differs: mtime, mode, owner, order, content, type, link, header, ... */
  markers: string[];
  typeA: string | null;
  typeB: string | null;
  fields: FieldDifference[];
  content?: ContentDiff;
  /** Differences inside this member when it is an archive itself (paths under `path!/`). */
  children: DifferenceNode[];
}

/** Damaged or unreadable input, reported while the rest is compared. */
export interface ReportProblem {
  side: 'a' | 'b';
  path: string;
  offset: number | null;
  code: string;
  message: string;
}

export interface Report {
  schema: typeof REPORT_SCHEMA;
  tool: { name: 'whydiff'; version: string };
  a: ArtifactSummary;
  b: ArtifactSummary;
  /** Byte-identical artifacts. */
  identical: boolean;
  /** Every member's content equal: the builds differ only in metadata (or not at all). */
  contentIdentical: boolean;
  causes: Cause[];
  differences: DifferenceNode[];
  problems: ReportProblem[];
  stats: {
    entriesA: number;
    entriesB: number;
    matched: number;
    differing: number;
    added: number;
    removed: number;
    bytesReadA: number;
    bytesReadB: number;
    seconds: number;
    /**
     * Present when the comparison folded (CompareOptions.fold): differing members not listed in
     * `differences`, because FOLD_AFTER members listed already show differences of the same kind.
     * Their paths are in their causes; `differing` counts them.
     */
    folded?: number;
  };
}

/** Progress while comparing, for UIs. */
export interface Progress {
  side: 'a' | 'b';
  entries: number;
  /** Content bytes read so far. */
  bytes: number;
  /** What `bytes` will reach, for a bar: the artifact's size when its content is stored as is (tar, cpio); 0 when unknown (compressed, a directory). */
  artifactBytes: number;
}
