/**
 * Which cause a differing field belongs to. An ordered table (first match wins), so the reasons
 * are data: each rule names the fields it covers by their dotted name (`mtime`, `raw.pax.mtime`,
 * `raw.extra.0x5455.mtime`, `layer.gzip.MTIME`).
 *
 * `derived` fields follow from another difference (a header checksum changes with the mtime, a
 * CRC and sizes with the content, offsets with everything before them): they are shown, never
 * causes themselves.
 */
import type { CauseCategory, TimestampWhere } from './report-model.js';

export type FieldVerdict =
  | { kind: 'cause'; category: CauseCategory; where?: TimestampWhere }
  | { kind: 'derived' }
  /** Compressed sizes and methods: a cause (compression) only when the content is the same. */
  | { kind: 'compressed' };

interface FieldRule {
  test: RegExp;
  verdict: FieldVerdict;
}

const derived: FieldVerdict = { kind: 'derived' };
const entryTime: FieldVerdict = { kind: 'cause', category: 'timestamp', where: 'entry-mtime' };

export const memberFieldRules: readonly FieldRule[] = [
  // .pyc header: the source mtime (and size) of the module it was compiled from; the magic is the Python version.
  { test: /^raw\.pyc\.(magic|magicHex|pythonVersion|version)$/, verdict: { kind: 'cause', category: 'toolchain' } },
  { test: /^raw\.pyc\.codeSha256$/, verdict: derived },
  { test: /^raw\.pyc\./, verdict: { kind: 'cause', category: 'timestamp', where: 'pyc-header' } },
  { test: /^(size|sha256|raw\.pax\.size|raw\.size)$/, verdict: derived },
  { test: /(^|\.)(compressedSize|csize|method|compressionMethod|deflateLevel|archivedChecksum|archived-checksum|length)$/i, verdict: { kind: 'compressed' } },
  { test: /(chksum|checksum|crc|offset|Offset|realsize|nlink|ino|dataDescriptor|size|Size|headerLength|namesize|filesize|check)$/i, verdict: derived },
  { test: /^(mtime|atime|ctime)$|time|date|Time|Date/, verdict: entryTime },
  { test: /^(uid|gid|uname|gname)$|uid|gid|uname|gname|user|group|owner/i, verdict: { kind: 'cause', category: 'ownership' } },
  { test: /^mode$|mode|attributes|attr|permissions/i, verdict: { kind: 'cause', category: 'permissions' } },
  { test: /^linkTarget$|linkname|linkpath|link/i, verdict: { kind: 'cause', category: 'symlink-target' } },
  { test: /^type$|typeflag/i, verdict: { kind: 'cause', category: 'file-type' } },
  { test: /^(path|raw\.name|raw\.pax\.path|raw\.prefix|raw\.gnuLongName)$/, verdict: derived },
  { test: /.*/, verdict: { kind: 'cause', category: 'container-metadata' } },
];

export const layerFieldRules: readonly FieldRule[] = [
  // gzip XFL follows from the compression level; lengths, checksums and offsets from the content.
  { test: /(^|\.)(XFL|member|offset|decoder|blockSize)$/, verdict: derived },
  { test: /(chksum|checksum|crc|length|Length|size|Size|offset|heap|sha1|sha256|md5|hash)/i, verdict: derived },
  { test: /MTIME|time|date|Time|Date/, verdict: { kind: 'cause', category: 'timestamp', where: 'container-header' } },
  { test: /level/i, verdict: { kind: 'cause', category: 'compression' } },
  { test: /.*/, verdict: { kind: 'cause', category: 'container-metadata' } },
];

export function judgeField(field: string, rules: readonly FieldRule[]): FieldVerdict {
  for (const rule of rules) if (rule.test.test(field)) return rule.verdict;
  return { kind: 'cause', category: 'container-metadata' };
}
