/**
 * From findings (one per member and reason) to causes (one per reason): counts, a one-line summary
 * with numbers and an example, and the usual fix. The wording lives here and nowhere else.
 */
import { IdList, PathTable } from './path-table.js';
import type { Cause, CauseCategory, TimestampWhere } from './report-model.js';
import { groupDigits, plural } from './values.js';

/** One reason one member (or container, or the artifact: path ``) differs. */
export interface Finding {
  category: CauseCategory;
  where?: TimestampWhere;
  path: string;
  /** A short a/b example for the summary: two times, two modes, two owners... */
  example?: { a: string; b: string };
  /** For entry times: which times differ (ENTRY_TIME bits: modification, access, change, DOS). */
  times?: number;
  /**
   * Where the member lies (outer levels first, then its offset in its container): findings arrive
   * in no fixed order (members compared as both sides pass them), so the cause shows the example of
   * the lowest rank.
   */
  rank?: number;
}

/**
 * The times an entry may record. A pax header (GNU tar --format=posix) and Info-ZIP's extended
 * timestamp keep access and change (or creation) times beside the modification time, and they
 * change between builds even when the modification time is clamped. A zip's DOS date and time are
 * the modification time in the local time zone: alone (the UTC time of its extended timestamp the
 * same), they tell of another time zone.
 */
export const ENTRY_TIME = { modification: 1, access: 2, change: 4, dos: 8 } as const;

/** The kind of time a field named `raw.pax.atime`, `raw.extra.0.ctime`, `dosTime`, ... holds. */
export function entryTimeOf(field: string): number {
  // By its ending, not a slice: asked for every differing time field of every pair.
  if (field === 'atime' || field.endsWith('.atime')) return ENTRY_TIME.access;
  if (field === 'ctime' || field.endsWith('.ctime')) return ENTRY_TIME.change;
  if (field.endsWith('.dosTime') || field.endsWith('.dosDate') || field.endsWith('.dosDateTime')) return ENTRY_TIME.dos;
  return ENTRY_TIME.modification;
}

const ACCESS_AND_CHANGE = 'tar --pax-option=delete=atime,delete=ctime (or --format=gnu) and zip -X';
const LOCAL_TIME_REMEDY = 'zip writes DOS times in the local time zone: zip on both sides with the same TZ (TZ=UTC), or clamp the files\' times first (touch -d @$SOURCE_DATE_EPOCH)';

/** Only the DOS (local) time differs, not the UTC time beside it: another time zone. */
const onlyLocalTime = (times: number): boolean => times === ENTRY_TIME.dos;

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
    'pin the archiver and its format options: tar --format=gnu (or posix with --pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime), zip -X, gzip -n, cpio --reproducible (inode numbers renumbered)',
  'build-path': 'build in a fixed directory, or map it away: -ffile-prefix-map=$PWD=., -fdebug-prefix-map, RUSTFLAGS=--remap-path-prefix',
  'content-order': 'sort what the generator writes (dictionary keys, file lists, glob results) before writing it',
  'pyc-refs':
    "compile the .pyc files the same way on both sides (the same Python, one process, the same order: python -m compileall, not parallel or per-file compiles), or leave them out and compile them at install time; marshal sets FLAG_REF by an object's reference count while writing (CPython gh-78274)",
  added: 'check the build inputs and the file lists: a member exists on one side only',
  removed: 'check the build inputs and the file lists: a member exists on one side only',
  'file-type': 'check how the member is produced: the same path is another kind of file on each side',
  'symlink-target': 'create links with the same (preferably relative) target on both sides',
  'path-encoding': 'write names in one Unicode normalization (NFC) and set the zip UTF-8 flag (zip -UN=UTF8); avoid names that differ only in case',
  toolchain: 'use the same tools and versions on both sides (the same tar or zip program, the same Python for .pyc files); pin them in the build environment',
  content: 'the files really differ: compare the build inputs and the steps that write these files',
};

export function remedyFor(category: CauseCategory, where?: TimestampWhere, times = 0): string {
  const remedy = remedies[where !== undefined ? `${category}/${where}` : category] ?? remedies[category] ?? '';
  if (onlyLocalTime(times)) return LOCAL_TIME_REMEDY;
  if (!(times & (ENTRY_TIME.access | ENTRY_TIME.change))) return remedy;
  // Clamping the modification time leaves these: they are dropped, not clamped.
  return times & ENTRY_TIME.modification ? `${remedy}; access and change times are dropped by ${ACCESS_AND_CHANGE}` : `drop the access and change times: ${ACCESS_AND_CHANGE}`;
}

/**
 * A file on one side and a hard link on the other: tar and cpio store a hard-linked file's data
 * under the first of its names they meet and make the others links to it, so the roles swap with
 * the member order, or the files were linked in one tree and copies in the other.
 */
const hardLinkSwap = (group: Group): boolean =>
  group.example !== undefined && ((group.example.a === 'file' && group.example.b === 'hardlink') || (group.example.a === 'hardlink' && group.example.b === 'file'));
const HARD_LINK_NOTE = '; an archive stores the data of hard-linked files under the first of their names it meets, and links the others to it';
const HARD_LINK_REMEDY = 'store the members in one order (tar --sort=name) so that the same name holds the data; and link (or copy) the files alike in both trees';

/** `modification time`, or `times (modification, access)` when other times differ too. */
function timesText(times: number): string {
  if (onlyLocalTime(times)) return 'DOS time, which is local time, while the UTC time of the extended timestamp is the same (another time zone)';
  // A DOS time beside a UTC one that differs too is the same modification time.
  const kinds = times & ~ENTRY_TIME.dos;
  if (kinds === 0 || kinds === ENTRY_TIME.modification) return 'modification time';
  const names = (['modification', 'access', 'change'] as const).filter((name) => kinds & ENTRY_TIME[name]);
  return `times (${names.join(', ')})`;
}

/** "1 file differs", "2 files differ". */
const they = (n: number, one: string, verbOne: string, verbMany: string, many = `${one}s`) => `${plural(n, one, many)} ${n === 1 ? verbOne : verbMany}`;

/** One cause being gathered: its members and the example of the one that lies first. */
interface Group {
  category: CauseCategory;
  where?: TimestampWhere;
  /**
   * Member paths ('' for the artifact), as ids in the tally's PathTable. A path found again right
   * after itself (one pair, several fields) is not added again; other repeats are dropped when the
   * causes are made (inListingOrder). A set of every path seen was, for a build whose every mtime
   * differs, a second index of the archive.
   */
  ids: IdList;
  example?: { a: string; b: string };
  exampleRank: number;
  examplePath: string;
  /** Entry times seen differing (ENTRY_TIME bits), for the summary and the fix. */
  times: number;
}

function examples(named: string[]): string {
  const paths: string[] = [];
  for (const p of named) {
    if (p !== '') paths.push(p);
    if (paths.length > 3) break;
  }
  if (paths.length === 0) return '';
  const shown = paths.slice(0, 3).join(', ');
  return paths.length > 3 ? ` (${shown}, …)` : ` (${shown})`;
}

function exampleValues(group: Group): string {
  return group.example === undefined ? '' : `: ${group.example.a} vs ${group.example.b}`;
}

/** The one-line summary of a cause naming `paths`. `total` is the number of members in the levels it touches. */
function summarize(group: Group, paths: string[], allEntries: boolean, total: number): string {
  const { category, where } = group;
  // Members counted: the artifact itself ('') is named beside them by some causes, not counted as one.
  const n = paths.length > 1 && paths.includes('') ? paths.length - 1 : paths.length;
  const members = allEntries ? `all ${plural(n, 'entry', 'entries')}` : total > 0 ? `${groupDigits(n)} of ${plural(total, 'entry', 'entries')}` : plural(n, 'entry', 'entries');
  const onArtifact = paths.every((p) => p === '');
  const subject = onArtifact ? 'the artifact' : members;
  // "1 of 18 entries differs", "all 21 entries differ".
  const differ = onArtifact || n === 1 ? 'differs' : 'differ';
  switch (category) {
    case 'timestamp':
      switch (where) {
        case 'entry-mtime': return `${subject} ${differ} in their recorded ${timesText(group.times)}${exampleValues(group)}${allEntries ? '' : examples(paths)}`;
        case 'container-header': return `the container header records a different time (${onArtifact ? 'artifact' : paths.map((p) => p || 'artifact').join(', ')})${exampleValues(group)}`;
        case 'pyc-header': return `${they(n, '.pyc file', 'differs', 'differ')} only in the header's record of its source (mtime and size, or hash)${exampleValues(group)}${examples(paths)}`;
        default: return `${they(n, 'file', 'differs', 'differ')} only in a date or time written into the content${exampleValues(group)}${examples(paths)}`;
      }
    case 'permissions': return `${subject} ${differ} in permission bits${exampleValues(group)}${allEntries ? '' : examples(paths)}`;
    case 'ownership': return `${subject} ${differ} in owner or group${exampleValues(group)}${allEntries ? '' : examples(paths)}`;
    case 'entry-order': return `the same members are stored in another order${onArtifact ? '' : `; ${plural(n, 'member')} moved${examples(paths)}`}`;
    // Not "the same content": a level that differs (gzip's XFL) is a cause beside any other.
    case 'compression': return `${onArtifact ? 'the artifact is' : they(n, 'member', 'is', 'are')} compressed differently${exampleValues(group)}${onArtifact ? '' : examples(paths)}`;
    case 'container-metadata': return onArtifact ? `format-level fields differ${exampleValues(group)}` : `${subject} ${differ} in format-level fields${exampleValues(group)}${allEntries ? '' : examples(paths)}`;
    case 'build-path': return `${they(n, 'file', 'differs', 'differ')} only in an embedded build directory${exampleValues(group)}${examples(paths)}`;
    case 'content-order': return `${they(n, 'file', 'holds', 'hold')} the same lines in another order${examples(paths)}`;
    case 'pyc-refs': return `${they(n, '.pyc file', 'holds', 'hold')} the same code objects, written with other reference flags (marshal's FLAG_REF, which follows reference counts while compiling)${examples(paths)}`;
    case 'added': return `${plural(n, 'member')} only in b${examples(paths)}`;
    case 'removed': return `${plural(n, 'member')} only in a${examples(paths)}`;
    case 'file-type': return `${they(n, 'member', 'is', 'are')} another type of file${exampleValues(group)}${examples(paths)}${hardLinkSwap(group) ? HARD_LINK_NOTE : ''}`;
    case 'symlink-target': return `${they(n, 'link', 'points', 'point')} elsewhere${exampleValues(group)}${examples(paths)}`;
    case 'path-encoding': return `${n === 1 ? '1 member has a name that differs' : `${plural(n, 'member')} have names that differ`} only in Unicode normalization, case or code page${exampleValues(group)}${examples(paths)}`;
    case 'toolchain': return `${allEntries ? `all ${plural(n, 'entry', 'entries')} were` : they(n, 'member', 'was', 'were')} made by another tool or tool version${exampleValues(group)}${allEntries ? '' : examples(paths)}`;
    case 'content': return `${they(n, 'file', 'differs', 'differ')} in content${examples(paths)}`;
  }
}

/** Every cause category, in the order causes of equal count are listed (and --ignore names them). */
export const CAUSE_CATEGORIES: readonly CauseCategory[] = ['timestamp', 'permissions', 'ownership', 'entry-order', 'compression', 'container-metadata', 'build-path', 'content-order', 'pyc-refs', 'added', 'removed', 'file-type', 'symlink-target', 'path-encoding', 'toolchain', 'content'];

const keyOf = (category: CauseCategory, where?: TimestampWhere) => (where !== undefined ? `${category}/${where}` : category);

/**
 * Findings grouped into causes as they are found: a group holds each member's path once and one
 * example, so a build where every member's time differs in five header fields costs a path
 * per member, not five findings.
 */
export class CauseTally {
  private readonly groups = new Map<string, Group>();
  /** The table the causes' paths are held in (the comparison's: see Side.paths). */
  readonly paths: PathTable;
  /** Findings added so far, repeats included: tells whether a step found anything. */
  added = 0;

  constructor(paths: PathTable = new PathTable()) {
    this.paths = paths;
  }

  /** One finding per path per cause (a zip member's DOS time and extra-field time are one cause). */
  add(f: Finding): void {
    this.added += 1;
    const key = keyOf(f.category, f.where);
    let group = this.groups.get(key);
    if (group === undefined) {
      group = { category: f.category, ...(f.where !== undefined ? { where: f.where } : {}), ids: new IdList(), exampleRank: Infinity, examplePath: '', times: 0 };
      this.groups.set(key, group);
    }
    if (f.times !== undefined) group.times |= f.times;
    const id = this.paths.intern(f.path);
    if (group.ids.last() === id) return;
    group.ids.push(id);
    if (f.example === undefined) return;
    // Findings without a rank come from steps that run in a fixed order (layers, names, order, the
    // second pass): the first of them is shown. Ranked ones (member pairs) go by where they lie.
    const rank = f.rank ?? -1;
    const earlier = group.example === undefined || rank < group.exampleRank || (rank === group.exampleRank && f.rank !== undefined && f.path < group.examplePath);
    if (!earlier) return;
    group.example = f.example;
    group.exampleRank = rank;
    group.examplePath = f.path;
  }

  /** A copy that goes on apart from this tally (a provisional report of a comparison still reading). */
  copy(): CauseTally {
    const copy = new CauseTally(this.paths);
    for (const [key, group] of this.groups) {
      const ids = new IdList();
      for (const id of group.ids) ids.push(id);
      copy.groups.set(key, { ...group, ids });
    }
    copy.added = this.added;
    return copy;
  }

  /** Take a path's finding back from a cause (a provisional `content` finding refined by the second pass). */
  remove(category: CauseCategory, path: string): void {
    const group = this.groups.get(category);
    const id = this.paths.find(path);
    if (group === undefined || id < 0 || !group.ids.includes(id)) return;
    group.ids.retain((other) => other !== id);
    if (group.ids.length === 0) this.groups.delete(category);
  }

  /** Whether some cause names a path id (built when asked: a comparison that folds asks only when members moved). */
  namedIds(): (id: number) => boolean {
    const named = new Uint8Array(this.paths.size);
    for (const group of this.groups.values()) for (const id of group.ids) named[id] = 1;
    return (id) => named[id] === 1;
  }

  /** Cause keys (`category` or `category/where`) found, with at least one member. */
  keys(): string[] {
    return [...this.groups.keys()];
  }

  /**
   * The causes, biggest first (ties in category order, then by their first path), leaving out the
   * ignored categories. Each cause's paths go in listing order (`position`, by path id; the
   * artifact, '', first): members compared as both sides pass them arrive in no fixed order.
   * `membersInLevelsOf` is given the ids of the members a cause names. Only here are the paths made
   * strings again, for the report.
   */
  causes(ignore: ReadonlySet<string>, membersInLevelsOf: (ids: number[]) => { total: number; all: boolean }, position: (id: number) => number): Cause[] {
    const artifact = this.paths.find('');
    const at = (id: number) => (id === artifact ? -1 : position(id));
    const groups = [...this.groups.values()].filter((g) => !ignore.has(g.category)).map((group) => ({ group, ids: inListingOrder(group.ids, at) }));
    groups.sort((x, y) => at(x.ids[0]!) - at(y.ids[0]!));
    const causes: Cause[] = [];
    for (const { group, ids } of groups) {
      const { category, where } = group;
      const named = ids.map((id) => this.paths.text(id));
      const memberIds = ids.filter((id) => id !== artifact);
      const paths = memberIds.length === ids.length ? named : named.filter((p) => p !== '');
      const scope = memberIds.length > 0 ? membersInLevelsOf(memberIds) : { total: 0, all: false };
      const allEntries = scope.all && paths.length > 1 && category !== 'entry-order';
      causes.push({
        category,
        ...(where !== undefined ? { where } : {}),
        paths,
        count: paths.length === 0 ? 1 : paths.length,
        ...(allEntries ? { allEntries: true } : {}),
        summary: summarize(group, named, allEntries, scope.total),
        remedy: category === 'file-type' && hardLinkSwap(group) ? HARD_LINK_REMEDY : remedyFor(category, where, group.times),
      });
    }
    return causes.sort((x, y) => y.count - x.count || CAUSE_CATEGORIES.indexOf(x.category) - CAUSE_CATEGORIES.indexOf(y.category));
  }
}

/**
 * Path ids in listing order, each once. Each id's position is looked up once; most lists are in
 * that order already (pairs compared as the sides are read), and are then not sorted. Repeats of a
 * path share its position and so lie together; paths the listing does not place share one
 * position, and are told apart by a set.
 */
function inListingOrder(list: IdList, at: (id: number) => number): number[] {
  const ids = Array.from(list);
  let positions = ids.map(at);
  let sorted = ids;
  for (let i = 1; i < positions.length; i++) {
    if (positions[i - 1]! <= positions[i]!) continue;
    // Stable: paths at one position keep the order they were named in.
    const order = positions.map((_, j) => j).sort((x, y) => positions[x]! - positions[y]!);
    sorted = order.map((j) => ids[j]!);
    positions = order.map((j) => positions[j]!);
    break;
  }
  const out: number[] = [];
  let runAt = Number.NaN;
  let run: Set<number> | null = null;
  for (let i = 0; i < sorted.length; i++) {
    const id = sorted[i]!;
    if (positions[i] !== runAt) {
      runAt = positions[i]!;
      run = null;
      out.push(id);
      continue;
    }
    run ??= new Set([out[out.length - 1]!]);
    if (run.has(id)) continue;
    run.add(id);
    out.push(id);
  }
  return out;
}
