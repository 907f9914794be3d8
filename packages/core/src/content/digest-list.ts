/**
 * A list of other members' digests: a wheel's RECORD (`path,sha256=…,size`), SHA256SUMS and
 * md5sums (`digest  path`). When the members it lists differ, so do their lines; the list's own
 * difference then follows from theirs and is no cause of its own.
 */

/**
 * Whether every line a unified diff removes or adds names one of `members` (the names, as stored
 * in the same container, of the members that differ). False when nothing changed or some changed
 * line names none of them.
 */
export function onlyListsDigestsOf(unified: string, members: readonly string[]): boolean {
  if (members.length === 0) return false;
  let changed = 0;
  for (const line of unified.split('\n')) {
    if (line.startsWith('---') || line.startsWith('+++')) continue;
    if (!line.startsWith('-') && !line.startsWith('+')) continue;
    changed++;
    const text = line.slice(1);
    if (!members.some((name) => namesMember(text, name))) return false;
  }
  return changed > 0;
}

/** The name as a whole field of the line: `acme/core.py,` or `  acme/core.py`, not `acme/core.pyc`. */
function namesMember(line: string, name: string): boolean {
  for (let at = line.indexOf(name); at >= 0; at = line.indexOf(name, at + 1)) {
    const before = at === 0 ? '' : line[at - 1]!;
    const after = line[at + name.length] ?? '';
    if ((before === '' || /[\s,*/]/.test(before)) && (after === '' || /[\s,]/.test(after))) return true;
  }
  return false;
}
