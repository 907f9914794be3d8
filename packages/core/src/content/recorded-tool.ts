/**
 * Text that differs only in the lines where a build tool names itself: a jar's META-INF/MANIFEST.MF
 * (`Created-By: 17.0.2 (Eclipse Adoptium)`, `Build-Jdk-Spec`), a wheel's WHEEL
 * (`Generator: bdist_wheel (0.41.2)`), a Python package's PKG-INFO or METADATA
 * (`Metadata-Version`, which the packaging tool picks). Another tool version, not other content.
 */

/** Header keys (RFC 822 style, as manifests write them) whose value is the writing tool or its version. */
const TOOL_KEYS = new Set(['created-by', 'build-jdk', 'build-jdk-spec', 'generator', 'ant-version', 'archiver-version', 'metadata-version']);

const HEADER = /^([A-Za-z][\w-]*):[ \t]*(.*?)\r?$/;

/** The first differing `Key: value` line of each side, when every differing line is such a tool line; else null. */
export function recordedToolOnly(a: string, b: string): { a: string; b: string } | null {
  const linesA = a.split('\n');
  const linesB = b.split('\n');
  if (linesA.length !== linesB.length) return null;
  let first: { a: string; b: string } | null = null;
  for (let i = 0; i < linesA.length; i++) {
    if (linesA[i] === linesB[i]) continue;
    const ha = HEADER.exec(linesA[i]!);
    const hb = HEADER.exec(linesB[i]!);
    if (ha === null || hb === null || ha[1]!.toLowerCase() !== hb[1]!.toLowerCase() || !TOOL_KEYS.has(ha[1]!.toLowerCase())) return null;
    first ??= { a: `${ha[1]}: ${ha[2]}`, b: hb[2]! };
  }
  return first;
}
