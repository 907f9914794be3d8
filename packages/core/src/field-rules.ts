/**
 * Which cause a differing field belongs to. Ordered tables (first match wins), so the reasons are
 * data. A field is named by its dotted path (`mtime`, `raw.pax.mtime`, `raw.local.compressedSize`,
 * `layer.gzip.MTIME`); rules look at its segments, so `longnames` is not mistaken for `gname`.
 *
 * `derived` fields follow from another difference (a header checksum changes with the mtime, a
 * CRC and sizes with the content, offsets and ids with everything before them, a link name with
 * the link target): they are shown, never causes themselves.
 */
import type { CauseCategory, TimestampWhere } from './report-model.js';

export type FieldVerdict =
  | { kind: 'cause'; category: CauseCategory; where?: TimestampWhere }
  | { kind: 'derived' }
  /** Compression method or encoding: a cause (compression) when the content is the same. */
  | { kind: 'compressed' };

interface FieldRule {
  /** Tested against the whole dotted name. */
  name?: RegExp;
  /** Tested against each segment of the name; one match is enough. */
  segment?: RegExp;
  /** Tested against the last segment only. */
  last?: RegExp;
  verdict: FieldVerdict;
}

const derived: FieldVerdict = { kind: 'derived' };
const metadata: FieldVerdict = { kind: 'cause', category: 'container-metadata' };

/** Segments whose values follow from content, sizes, positions or names compared elsewhere. */
const DERIVED_SEGMENT =
  /^(chksum|checksum|crc|crc32|hcrc|FHCRC|index|id|nlink|heap|padding|paddingBytes|members|hash|digest|sha1|sha256|md5|check|source|end|entries|entriesOnDisk|entriesTotal|codeSha256|namesize|filesize|realsize|archivedChecksum|extractedChecksum)$|(Offset|offset|Length|length|Size|size|Count|count)$/;
const TIME_LAST = /^(mtime|atime|ctime|birthtime|time|date|dosTime|dosDate|dosDateTime|modified|created|creation-time|creationTime|MTIME)$|[a-z](Time|Date|Mtime)$/;

export const memberFieldRules: readonly FieldRule[] = [
  // .pyc header: the source mtime (and size) of the module it was compiled from; the magic is the Python version.
  { name: /^raw\.pyc\.(magic|magicHex|pythonVersion|version)$/, verdict: { kind: 'cause', category: 'toolchain' } },
  { name: /^raw\.pyc\.codeSha256$/, verdict: derived },
  // PEP 552 flags: `kind` says the same in words (timestamp, hash-checked, hash-unchecked).
  { name: /^raw\.pyc\.flags$/, verdict: derived },
  // A zip member's "version made by": the writing program's host system and the spec version it
  // follows, so another zip program (Info-ZIP 3.0 writes 798, Python's zipfile 788); host is its high byte.
  { name: /^raw\.versionMadeBy$/, verdict: { kind: 'cause', category: 'toolchain' } },
  { name: /^raw\.host$/, verdict: derived },
  // How a tar header pads and ends its numbers (present where not as GNU tar writes them): each tar
  // program has its own (bsdtar "000644 \0", GNU tar "0000644\0"), in every header of an archive.
  { last: /^numberForm$/, verdict: { kind: 'cause', category: 'toolchain' } },
  // Stray bytes where a tar header has no field (after a name's NUL, in its padding): a writer that
  // does not clear its buffers. Named by the region they lie in, which is not the name itself.
  { segment: /^slack$/, verdict: metadata },
  // Inode and device numbers (cpio's c_ino and c_dev, a xar TOC's inode and deviceno) are the build
  // file system's: another checkout, another machine, other numbers.
  { last: /^(ino|inode|dev|deviceno)$/, verdict: metadata },
  { name: /^raw\.pyc\./, verdict: { kind: 'cause', category: 'timestamp', where: 'pyc-header' } },
  { name: /^(size|sha256)$/, verdict: derived },
  // A tar meta header's own name (pax 'x', GNU 'L'): made from a template, not only from the member's
  // path; GNU tar's old default, %d/PaxHeaders.%p/%f, holds the process id.
  { name: /^raw\.meta\.\d+\.name$/, verdict: metadata },
  { segment: /^(method|methodName|compressionMethod|encoding|deflateLevel|level)$/, verdict: { kind: 'compressed' } },
  { segment: DERIVED_SEGMENT, verdict: derived },
  // Names and link names follow from the path and link target, which are compared themselves.
  { last: /^(name|prefix|path|linkname|linkpath|link|typeLink|gnuLongName|gnuLongLink|nameBytes|nameHex|pathBytes|rawName)$/, verdict: derived },
  { last: TIME_LAST, verdict: { kind: 'cause', category: 'timestamp', where: 'entry-mtime' } },
  { last: /^(uid|gid|uname|gname|user|group|owner)$/, verdict: { kind: 'cause', category: 'ownership' } },
  { last: /^(mode|stMode|externalAttributes|externalAttributesHex|permissions)$/, verdict: { kind: 'cause', category: 'permissions' } },
  { name: /^linkTarget$/, verdict: { kind: 'cause', category: 'symlink-target' } },
  { name: /.*/, verdict: metadata },
];

export const layerFieldRules: readonly FieldRule[] = [
  // gzip XFL is the one trace of the compression level a gzip header keeps. FLG follows from which
  // optional fields are present (compared themselves); the names follow from the numbers.
  { last: /^XFL$/, verdict: { kind: 'cause', category: 'compression' } },
  { last: /^(FLG|member|decoder|blockSize|OSName|XFLName)$/, verdict: derived },
  // A zip's prefix (offsets counted from after prepended bytes) follows from those bytes, which
  // leadingBytes counts and names.
  { name: /^layer\.zip\.prefixBytes$/, verdict: derived },
  { segment: DERIVED_SEGMENT, verdict: derived },
  { segment: /^(toc|tocLengthCompressed|tocLengthUncompressed|tocSha1|tocChecksum)$/i, verdict: derived },
  { last: TIME_LAST, verdict: { kind: 'cause', category: 'timestamp', where: 'container-header' } },
  { last: /^level$/i, verdict: { kind: 'cause', category: 'compression' } },
  { name: /.*/, verdict: metadata },
];

/** An inode number field (cpio's raw.ino, a xar TOC's raw.inode): its example and folding say so. */
export const INODE_FIELD = /\.(ino|inode)$/;

/** Verdicts by rule table and field name: a comparison asks about the same few names for every member. */
const verdicts = new WeakMap<readonly FieldRule[], Map<string, FieldVerdict>>();

export function judgeField(field: string, rules: readonly FieldRule[]): FieldVerdict {
  let known = verdicts.get(rules);
  if (known === undefined) verdicts.set(rules, (known = new Map()));
  let verdict = known.get(field);
  if (verdict === undefined) known.set(field, (verdict = judgeAfresh(field, rules)));
  return verdict;
}

function judgeAfresh(field: string, rules: readonly FieldRule[]): FieldVerdict {
  const segments = field.split('.');
  const last = segments[segments.length - 1] ?? field;
  for (const rule of rules) {
    if (rule.name !== undefined && !rule.name.test(field)) continue;
    if (rule.segment !== undefined && !segments.some((s) => rule.segment!.test(s))) continue;
    if (rule.last !== undefined && !rule.last.test(last)) continue;
    return rule.verdict;
  }
  return metadata;
}

/**
 * A time, owner or mode recorded on one side only (an extra field present vs absent, pax atime
 * kept or deleted) is a format choice, not a different value.
 */
export function recordedOnOneSideOnly(a: unknown, b: unknown): boolean {
  return (a === null || a === undefined) !== (b === null || b === undefined);
}
