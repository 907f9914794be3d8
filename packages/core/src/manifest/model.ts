/**
 * The manifest: a published fingerprint of release artifacts, detailed enough to explain a
 * rebuild's mismatch without the published bytes. One entry per artifact (one per platform is the
 * common case) with every member at every nesting level, in archive order.
 */

export const MANIFEST_SCHEMA = 'whydiff.manifest/1';

export interface Manifest {
  schema: typeof MANIFEST_SCHEMA;
  artifacts: ManifestArtifact[];
}

export interface ManifestArtifact {
  /** The artifact's file name (no directory): what `verify` looks it up by. */
  name: string;
  /** Bytes on disk. */
  size: number;
  /** sha256 of the artifact's bytes, lower-case hex. */
  sha256: string;
  /** Detected format chain (`tar.gz`, `zip`, `xar`, `file` for a file that is no archive). */
  format: string;
  /**
   * sha256 over the sorted lines `path TAB type TAB (sha256 | link target | "archive" | "")` of
   * every member at every level: the same whatever the times, modes, owners, order and compression.
   */
  contentDigest: string;
  /** The artifact (container ``) and every nested archive opened (`dist/inner.tar.gz!/`). */
  levels: ManifestLevel[];
  /** Damage met while reading (reading went on). */
  problems: ManifestProblem[];
  /** Every member at every level in archive order, a nested archive's members right after it. */
  members: ManifestMember[];
}

export interface ManifestLevel {
  /** `` for the artifact, `outer/path!/` for a nested archive. */
  container: string;
  format: string;
}

export interface ManifestProblem {
  path: string;
  offset: number | null;
  code: string;
  message: string;
}

export interface ManifestMember {
  /** Full path as stored, nested levels joined with `!/`. */
  path: string;
  type: string;
  size: number;
  /** sha256 of the content (regular files); null when there is none. */
  sha256: string | null;
  linkTarget: string | null;
  /** Permission bits. */
  mode: number;
  uid: number | null;
  gid: number | null;
  uname: string | null;
  gname: string | null;
  /** Seconds since the epoch (fractional where the format stores a fraction). */
  mtime: number | null;
  /** The member's header format and variant (`tar/pax`, `tar/gnu`, `zip`, `cpio/odc`). */
  format: string;
}

/** What projects already publish: a checksum (and maybe a size) per artifact, no members. */
export interface ChecksumList {
  checksums: PublishedChecksum[];
}

export interface PublishedChecksum {
  name: string;
  sha256: string;
  /** Bytes, when published (`--size`); SHA256SUMS files carry none. */
  size: number | null;
}
