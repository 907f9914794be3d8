/**
 * From findings (one per member and reason) to causes (one per reason): counts, a one-line summary
 * with numbers and an example, and the usual fix. The wording lives here and nowhere else.
 */
import type { Cause, CauseCategory, TimestampWhere } from './report-model.js';

/** One reason one member (or container, or the artifact: path ``) differs. */
export interface Finding {
  category: CauseCategory;
  where?: TimestampWhere;
  path: string;
  /** A short a/b example for the summary: two times, two modes, two owners... */
  example?: { a: string; b: string };
}

const remedies: Record<string, string> = {
  'timestamp/entry-mtime':
    'set SOURCE_DATE_EPOCH and clamp member times: tar --mtime=@$SOURCE_DATE_EPOCH --clamp-mtime; for zip, touch -d @$SOURCE_DATE_EPOCH before zipping (or strip-nondeterminism)',
  'timestamp/container-header':
    'do not record the time in the container: gzip -n (or --no-name), GZIP=-n for tar -z, pigz -n; for xar/pkg, set SOURCE_DATE_EPOCH',
  'timestamp/pyc-header':
    'compile with python -m compileall --invalidation-mode checked-hash (or set SOURCE_DATE_EPOCH, which makes py_compile use hash-based .pyc)',
  'timestamp/embedded-in-content':
    'use SOURCE_DATE_EPOCH instead of the current time when generating files (date -d @$SOURCE_DATE_EPOCH, __DATE__ replaced by a fixed value)',
  permissions: 'build with umask 022 (or normalise modes: tar --mode=go-w,a+rX; chmod before zipping)',
  ownership: 'record a fixed owner: tar --owner=0 --group=0 --numeric-owner (or fakeroot)',
  'entry-order': 'add members in sorted order: tar --sort=name; for zip, sort the file list (find . | LC_ALL=C sort | zip -X -@)',
  compression: 'use the same compressor, version and level on both sides (gzip -9 vs -6, zip -6); pin the tool versions',
  'container-metadata':
    'pin the archiver and its format options: tar --format=gnu (or posix with --pax-option=delete=atime,delete=ctime), zip -X, gzip -n',
  'build-path': 'build in a fixed directory, or map it away: -ffile-prefix-map=$PWD=., -fdebug-prefix-map, RUSTFLAGS=--remap-path-prefix',
  'content-order': 'sort what the generator writes (dictionary keys, file lists, glob results) before writing it',
  added: 'check the build inputs and the file lists: a member exists on one side only',
  removed: 'check the build inputs and the file lists: a member exists on one side only',
  'file-type': 'check how the member is produced: the same path is another kind of file on each side',
  'symlink-target': 'create links with the same (preferably relative) target on both sides',
  'path-encoding': 'write names in one Unicode normalization (NFC) and set the zip UTF-8 flag (zip -UN=UTF8); avoid names that differ only in case',
  toolchain: 'use the same tool versions on both sides (pin the Python/compiler version in the build environment)',
  content: 'the files really differ: compare the build inputs and the steps that write these files',
};

export function remedyFor(category: CauseCategory, where?: TimestampWhere): string {
  return remedies[where !== undefined ? `${category}/${where}` : category] ?? remedies[category] ?? '';
}

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
/** "1 file differs", "2 files differ". */
const they = (n: number, one: string, verbOne: string, verbMany: string, many = `${one}s`) => `${plural(n, one, many)} ${n === 1 ? verbOne : verbMany}`;

function examples(findings: Finding[]): string {
  const paths = findings.map((f) => f.path).filter((p) => p !== '');
  if (paths.length === 0) return '';
  const shown = paths.slice(0, 3).join(', ');
  return paths.length > 3 ? ` (${shown}, …)` : ` (${shown})`;
}

function exampleValues(findings: Finding[]): string {
  const ex = findings.find((f) => f.example !== undefined)?.example;
  return ex === undefined ? '' : `: ${ex.a} vs ${ex.b}`;
}

/** The one-line summary of a cause. `total` is the number of members in the levels it touches. */
function summarize(category: CauseCategory, where: TimestampWhere | undefined, findings: Finding[], allEntries: boolean, total: number): string {
  const n = findings.length;
  const members = allEntries ? `all ${plural(n, 'entry', 'entries')}` : total > 0 ? `${n.toLocaleString('en-US')} of ${plural(total, 'entry', 'entries')}` : plural(n, 'entry', 'entries');
  const onArtifact = findings.every((f) => f.path === '');
  const subject = onArtifact ? 'the artifact' : members;
  switch (category) {
    case 'timestamp':
      switch (where) {
        case 'entry-mtime': return `${subject} differ in their recorded modification time${exampleValues(findings)}${allEntries ? '' : examples(findings)}`;
        case 'container-header': return `the container header records a different time (${onArtifact ? 'artifact' : findings.map((f) => f.path || 'artifact').join(', ')})${exampleValues(findings)}`;
        case 'pyc-header': return `${they(n, '.pyc file', 'differs', 'differ')} only in the header's source mtime/size${exampleValues(findings)}${examples(findings)}`;
        default: return `${they(n, 'file', 'differs', 'differ')} only in a date or time written into the content${exampleValues(findings)}${examples(findings)}`;
      }
    case 'permissions': return `${subject} differ in permission bits${exampleValues(findings)}${allEntries ? '' : examples(findings)}`;
    case 'ownership': return `${subject} differ in owner or group${exampleValues(findings)}${allEntries ? '' : examples(findings)}`;
    case 'entry-order': return `the same members are stored in another order${onArtifact ? '' : `; ${plural(n, 'member')} moved${examples(findings)}`}`;
    case 'compression': return `the same content is compressed differently${exampleValues(findings)}${onArtifact ? ' (the artifact)' : examples(findings)}`;
    case 'container-metadata': return `format-level fields differ${exampleValues(findings)}${examples(findings)}`;
    case 'build-path': return `${they(n, 'file', 'differs', 'differ')} only in an embedded build directory${exampleValues(findings)}${examples(findings)}`;
    case 'content-order': return `${they(n, 'file', 'holds', 'hold')} the same lines in another order${examples(findings)}`;
    case 'added': return `${plural(n, 'member')} only in b${examples(findings)}`;
    case 'removed': return `${plural(n, 'member')} only in a${examples(findings)}`;
    case 'file-type': return `${they(n, 'member', 'is', 'are')} another type of file${exampleValues(findings)}${examples(findings)}`;
    case 'symlink-target': return `${they(n, 'link', 'points', 'point')} elsewhere${exampleValues(findings)}${examples(findings)}`;
    case 'path-encoding': return `${n === 1 ? '1 member has a name that differs' : `${plural(n, 'member')} have names that differ`} only in Unicode normalization, case or code page${exampleValues(findings)}${examples(findings)}`;
    case 'toolchain': return `${they(n, 'file', 'was', 'were')} made by another tool version${exampleValues(findings)}${examples(findings)}`;
    case 'content': return `${they(n, 'file', 'differs', 'differ')} in content${examples(findings)}`;
  }
}

/** Group findings into causes, biggest first (ties in category order). */
export function buildCauses(findings: Finding[], membersInLevelsOf: (paths: string[]) => { total: number; all: boolean }): Cause[] {
  const groups = new Map<string, Finding[]>();
  const seen = new Set<string>();
  for (const f of findings) {
    const key = f.where !== undefined ? `${f.category}/${f.where}` : f.category;
    // One finding per path per cause (a zip member's DOS time and extra-field time are one cause).
    const once = `${key}\u0000${f.path}`;
    if (seen.has(once)) continue;
    seen.add(once);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [f]);
    else group.push(f);
  }
  const causes: Cause[] = [];
  for (const group of groups.values()) {
    const { category, where } = group[0]!;
    const paths = group.map((f) => f.path).filter((p) => p !== '');
    const scope = paths.length > 0 ? membersInLevelsOf(paths) : { total: 0, all: false };
    const allEntries = scope.all && paths.length > 1 && category !== 'entry-order';
    causes.push({
      category,
      ...(where !== undefined ? { where } : {}),
      paths,
      count: paths.length === 0 ? 1 : paths.length,
      ...(allEntries ? { allEntries: true } : {}),
      summary: summarize(category, where, group, allEntries, scope.total),
      remedy: remedyFor(category, where),
    });
  }
  const order: CauseCategory[] = ['timestamp', 'permissions', 'ownership', 'entry-order', 'compression', 'container-metadata', 'build-path', 'content-order', 'added', 'removed', 'file-type', 'symlink-target', 'path-encoding', 'toolchain', 'content'];
  return causes.sort((x, y) => y.count - x.count || order.indexOf(x.category) - order.indexOf(y.category));
}
