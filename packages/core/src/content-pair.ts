/**
 * What a content difference is: the diff to show and the cause it belongs to. A build path, a
 * date, the same lines in another order, or a tool naming itself (a jar manifest's Created-By)
 * are named as such; anything else is content.
 */
import type { Finding } from './causes.js';
import { buildPathOnly, diffContent, embeddedTimestampOnly, recordedToolOnly, sameLinesOtherOrder, sniffContent, asString } from './content/index.js';
import type { ContentDiff } from './report-model.js';

export interface ContentVerdict {
  diff: ContentDiff;
  finding: Omit<Finding, 'path'>;
}

export function diffContentPair(a: Uint8Array, b: Uint8Array, path: string, options: { maxLines: number }): ContentVerdict {
  const diff = diffContent(a, b, path, { maxLines: options.maxLines, labelA: `a/${path}`, labelB: `b/${path}` });
  const kind = sniffContent(a, path);
  // Build paths are found in binaries too (compiled code keeps them); dates and line order only in text.
  const buildPath = buildPathOnly(a, b);
  if (buildPath !== null) {
    return { diff, finding: { category: 'build-path', example: { a: buildPath.a, b: buildPath.b } } };
  }
  if (diff.kind === 'pyc' && diff.sameObjects === true) return { diff, finding: { category: 'pyc-refs' } };
  if (kind !== 'binary' && kind !== 'pyc') {
    const time = embeddedTimestampOnly(a, b);
    if (time !== null) return { diff, finding: { category: 'timestamp', where: 'embedded-in-content', example: { a: time.a, b: time.b } } };
    const order = sameLinesOtherOrder(asString(a), asString(b));
    if (order !== null) return { diff, finding: { category: 'content-order', example: { a: `${order.lines} lines`, b: `${order.moved} in other places` } } };
    const tool = recordedToolOnly(asString(a), asString(b));
    if (tool !== null) return { diff, finding: { category: 'toolchain', example: tool } };
  }
  return { diff, finding: { category: 'content' } };
}
