/**
 * Folding (CompareOptions.fold): members whose differences repeat those of members listed are
 * counted instead of listed, and compared as both sides pass them (then let go). A folded report
 * must say everything the full one says: the same causes, paths, examples, stats and problems, and
 * the members it lists exactly as the full report lists them.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fixturePath, generateAll, generatedPairs } from '../../../test-fixtures/src/generate.js';
import { writeTar, type TarMember } from '../../../test-fixtures/src/tar-writer.js';
import { compare, compareSides, FOLD_AFTER } from './compare.js';
import { PathTable } from './path-table.js';
import { readSide } from './side.js';
import { validateReport } from './report-schema.js';
import type { DifferenceNode, Report } from './report-model.js';

beforeAll(async () => {
  await generateAll();
}, 60_000);

/** Every node, nested ones included, with markers in a fixed order (a pair compared while read gets its order marker last). */
function flat(nodes: DifferenceNode[]): Map<string, DifferenceNode> {
  const out = new Map<string, DifferenceNode>();
  const visit = (list: DifferenceNode[]) => {
    for (const node of list) {
      out.set(node.path, { ...node, markers: [...node.markers].sort(), children: [] });
      visit(node.children);
    }
  };
  visit(nodes);
  return out;
}

/**
 * Compare a and b listed and folded; the folded report must say what the listed one says (causes,
 * problems, stats) and list members exactly as it does. A comparison that fails must fail alike.
 */
async function foldedAlike(a: string, b: string, options: Parameters<typeof compare>[2] = {}): Promise<Report | null> {
  const full = await compare(a, b, { ...options, fold: false }).catch((error: Error) => error);
  const folded = await compare(a, b, { ...options, fold: true }).catch((error: Error) => error);
  if (full instanceof Error || folded instanceof Error) {
    expect(String(folded)).toBe(String(full));
    return null;
  }
  expect(validateReport(JSON.parse(JSON.stringify(folded)))).toEqual([]);
  expect(folded.causes).toEqual(full.causes);
  expect(folded.problems).toEqual(full.problems);
  expect({ ...folded.stats, seconds: 0, folded: undefined }).toEqual({ ...full.stats, seconds: 0 });
  const listed = flat(folded.differences);
  const all = flat(full.differences);
  for (const [path, node] of listed) expect(node, path).toEqual(all.get(path));
  expect(listed.size + (folded.stats.folded ?? 0)).toBe(all.size);
  return folded;
}

describe('fold: the folded report says what the full one says', async () => {
  const pairs = await generatedPairs();

  it('finds the generated pairs', () => {
    expect(pairs.length).toBeGreaterThan(40);
  });

  for (const [a, b] of pairs) {
    it(a.replace(/\/a\./, ' .'), async () => {
      await foldedAlike(fixturePath(a), fixturePath(b), { names: { a, b } });
    });
  }
});

/**
 * A folded comparison asked for a provisional report after every other member b reads (the
 * reports' timer advanced by hand): each report counts no more matched members than the next, and
 * the comparison ends with the report it gives when nobody asks. A failing one fails alike.
 */
async function withProvisionalReports(a: string, b: string, names: { a: string; b: string }): Promise<void> {
  const plain = await compare(a, b, { names, fold: true, thread: 'inline' }).catch((error: Error) => error);
  const partials: Report[] = [];
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  let asked: Report | Error;
  try {
    asked = await compare(a, b, {
      names,
      fold: true,
      thread: 'inline',
      onPartial: (r) => partials.push(r),
      onProgress: ({ side, entries }) => {
        if (side === 'b' && entries % 2 === 0) vi.advanceTimersByTime(60_000);
      },
    }).catch((error: Error) => error);
  } finally {
    vi.useRealTimers();
  }
  if (plain instanceof Error || asked instanceof Error) {
    expect(String(asked)).toBe(String(plain));
    return;
  }
  expect({ ...asked, stats: { ...asked.stats, seconds: 0 } }).toEqual({ ...plain, stats: { ...plain.stats, seconds: 0 } });
  const matched = partials.map((r) => r.stats.matched);
  expect(matched).toEqual([...matched].sort((x, y) => x - y));
  for (const partial of partials) expect(partial.stats.matched).toBeLessThanOrEqual(plain.stats.matched);
}

describe('fold: provisional reports change nothing in the comparison', async () => {
  const pairs = await generatedPairs();
  for (const [a, b] of pairs) {
    it(a.replace(/\/a\./, ' .'), async () => {
      await withProvisionalReports(fixturePath(a), fixturePath(b), { a, b });
    });
  }
});

/**
 * compare() lets each pair go once compared as both sides pass it (Differ.settle); compareSides
 * compares two sides read whole, every member held to the end. Listing every member, both must
 * give one report: settling changes when a pair is compared, never what the report says.
 */
describe('settling: a comparison that lets pairs go as they pass gives the report of sides read whole', async () => {
  const pairs = await generatedPairs();
  for (const [a, b] of pairs) {
    it(a.replace(/\/a\./, ' .'), async () => {
      const names = { a, b };
      const [pathA, pathB] = [fixturePath(a), fixturePath(b)];
      const settled = await compare(pathA, pathB, { names, fold: false, thread: 'inline' }).catch((error: Error) => error);
      const whole = await (async () => {
        const paths = new PathTable();
        const plainName = basename(pathA);
        const sides = await Promise.all([
          readSide({ side: 'a', path: pathA, name: a }, { paths, plainName, thread: 'inline' }),
          readSide({ side: 'b', path: pathB, name: b }, { paths, plainName, thread: 'inline' }),
        ]);
        return compareSides(...sides, { names, fold: false });
      })().catch((error: Error) => error);
      if (settled instanceof Error || whole instanceof Error) {
        expect(String(settled)).toBe(String(whole));
        return;
      }
      // A byte-identical pair is not read at all by compare().
      if (settled.identical) return;
      expect({ ...settled, stats: { ...settled.stats, seconds: 0 } }).toEqual({ ...whole, stats: { ...whole.stats, seconds: 0 } });
    });
  }
});

describe('fold: with options and other inputs', () => {
  let root = '';
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'whydiff-fold-dirs-'));
    for (const side of ['a', 'b']) {
      mkdirSync(join(root, side, 'lib'), { recursive: true });
      for (let i = 0; i < 8; i++) {
        writeFileSync(join(root, side, 'lib', `m${i}.py`), `print(${i})\n`);
        chmodSync(join(root, side, 'lib', `m${i}.py`), side === 'a' ? 0o644 : 0o664);
      }
      writeFileSync(join(root, side, 'VERSION'), side === 'a' ? '1.0\n' : '1.1\n');
      // Fixed times (files written a millisecond apart would otherwise make kinds of their own).
      const time = side === 'a' ? 1_700_000_000 : 1_700_003_600;
      for (const path of ['lib', 'VERSION', ...Array.from({ length: 8 }, (_, i) => `lib/m${i}.py`)]) utimesSync(join(root, side, path), time, time);
    }
    return () => rmSync(root, { recursive: true, force: true });
  });

  it('directories: the same causes, three of the eight mode changes listed', async () => {
    const report = (await foldedAlike(join(root, 'a'), join(root, 'b'), { names: { a: 'a', b: 'b' }, ignore: ['timestamp'] }))!;
    expect(report.causes.map((c) => `${c.category} ${c.count}`)).toEqual(['permissions 8', 'content 1']);
    expect(report.stats.folded).toBe(5);
  });

  it('with provisional reports, the same folded report', async () => {
    const pair = ['demo/a.tar.gz', 'demo/b.tar.gz'].map(fixturePath) as [string, string];
    const settled = await compare(...pair, { fold: true });
    const partials: Report[] = [];
    const kept = await compare(...pair, { fold: true, onPartial: (r) => partials.push(r) });
    expect({ ...kept, stats: { ...kept.stats, seconds: 0 } }).toEqual({ ...settled, stats: { ...settled.stats, seconds: 0 } });
    expect(kept.stats.folded).toBeGreaterThan(0);
  });

  it('a provisional report names what the pairs already let go showed, as a report of the members read so far would', async () => {
    // The demo's tarball: 18 members whose times and owners differ. A provisional report is asked
    // for (its timer advanced by hand) once both sides have read 10 of them: the pairs compared and
    // let go by then are in it, the members not yet read on both sides are not. (Which side reads
    // ahead in one thread depends on which of their first reads the thread pool ends first.)
    const pair = ['demo/a.tar.gz', 'demo/b.tar.gz'].map(fixturePath) as [string, string];
    const partials: Report[] = [];
    let final: Report;
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      // Asked for once both sides have read 5, 10 and 15 members (each report waits four times as long as the last took: 1 s of fake time is enough).
      const askAt = [5, 10, 15];
      const read = { a: 0, b: 0 };
      final = await compare(...pair, {
        fold: true,
        thread: 'inline',
        onPartial: (r) => partials.push(r),
        onProgress: ({ side, entries }) => {
          read[side] = entries;
          if (Math.min(read.a, read.b) !== askAt[0]) return;
          askAt.shift();
          vi.advanceTimersByTime(1000);
        },
      });
    } finally {
      vi.useRealTimers();
    }
    expect(partials.map((r) => r.stats.matched)).toEqual([5, 10, 15]);
    // Asking changed nothing in the comparison itself.
    const plain = await compare(...pair, { fold: true, thread: 'inline' });
    expect({ ...final, stats: { ...final.stats, seconds: 0 } }).toEqual({ ...plain, stats: { ...plain.stats, seconds: 0 } });
    const partial = partials[1]!;
    const times = partial.causes.find((c) => c.category === 'timestamp' && c.where === 'entry-mtime');
    const owners = partial.causes.find((c) => c.category === 'ownership');
    // Both sides had read 10 members or more.
    expect(times?.count).toBe(10);
    expect(owners?.count).toBe(10);
    expect(partial.stats.matched).toBe(10);
    expect(partial.causes.some((c) => c.category === 'added' || c.category === 'removed' || c.category === 'entry-order')).toBe(false);
  });

  it('--exclude and --ignore: members left out are neither compared nor folded', async () => {
    const pair = ['tar/umask/a.tar.gz', 'tar/umask/b.tar.gz'].map(fixturePath) as [string, string];
    const report = (await foldedAlike(...pair, { exclude: ['**/*.py'], ignore: ['timestamp'] }))!;
    expect(JSON.stringify(report)).not.toContain('.py"');
  });
});

describe('fold: which members are listed', () => {
  let root = '';
  const write = (name: string, members: TarMember[]) => {
    const path = join(root, name);
    writeFileSync(path, writeTar(members, { format: 'ustar' }));
    return path;
  };
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'whydiff-fold-'));
    return () => rmSync(root, { recursive: true, force: true });
  });

  it('lists the first members of each kind in archive order, whatever order they are compared in, and folds the rest', async () => {
    const files = Array.from({ length: 12 }, (_, i) => ({ path: `f${String(i).padStart(2, '0')}.txt`, content: `file ${i}\n` }));
    // b stores the members the other way round, one hour later; f05 and f07 also lose group write.
    const a = write('order-a.tar', files.map((f) => ({ ...f, mtime: 1_700_000_000, mode: 0o664 })));
    const b = write('order-b.tar', [...files].reverse().map((f) => ({ ...f, mtime: 1_700_003_600, mode: f.path === 'f05.txt' || f.path === 'f07.txt' ? 0o644 : 0o664 })));
    const report = (await foldedAlike(a, b, { names: { a: 'a', b: 'b' } }))!;
    // Every member's mtime differs and all but f11 moved (a longest increasing run keeps one);
    // f05 and f07 differ in mode too. The first FOLD_AFTER members of each kind are listed (order
    // is no part of a kind: the entry-order cause names every member that moved).
    expect(FOLD_AFTER).toBe(3);
    const listed = flat(report.differences);
    expect([...listed.keys()]).toEqual(['f00.txt', 'f01.txt', 'f02.txt', 'f05.txt', 'f07.txt']);
    expect(listed.get('f05.txt')!.markers).toEqual(['mode', 'mtime', 'order']);
    expect(report.stats).toMatchObject({ differing: 12, folded: 7 });
  });

  it('compares a member stored twice once, whether or not its twin was let go before the repeat came, and says it is stored twice', async () => {
    const a = write('dup-a.tar', [{ path: 'x.txt', content: 'x\n' }, { path: 'y.txt', content: 'y\n' }, { path: 'x.txt', content: 'x again\n' }]);
    const b = write('dup-b.tar', [{ path: 'x.txt', content: 'x\n' }, { path: 'y.txt', content: 'y\n' }]);
    const report = await compare(a, b, { names: { a: 'a', b: 'b' }, fold: true });
    expect(report.problems.map((p) => `${p.side} ${p.path} ${p.code}`)).toEqual(['a x.txt DUPLICATE_MEMBER']);
    expect(report.stats).toMatchObject({ entriesA: 2, entriesB: 2, matched: 2, added: 0, removed: 0 });
  });

  // Which copy of a member stored twice is compared depends on when the other side's copy comes
  // (and so, with the two sides read at once, on timing): before the repeat, the pair is compared
  // and let go, and the repeat is not compared. The repeat's problem says which, and the report
  // must agree with it, read in a worker or not. The two orders below make each case likely.
  const fillers = (n: number) => Array.from({ length: n }, (_, i) => ({ path: `f${String(i).padStart(2, '0')}.txt`, content: `${i}\n` }));
  const dupCases = [
    // b's x.txt comes first, long before a's second copy: most likely the first copy is compared.
    { name: 'late', a: [{ path: 'x.txt', content: 'x\n' }, ...fillers(40), { path: 'x.txt', content: 'x again\n' }], b: [{ path: 'x.txt', content: 'x\n' }, ...fillers(40)] },
    // a's two copies come before b's x.txt: most likely the second is compared in place of the first.
    { name: 'early', a: [{ path: 'x.txt', content: 'x\n' }, { path: 'x.txt', content: 'x again\n' }, ...fillers(40)], b: [...fillers(40), { path: 'x.txt', content: 'x\n' }] },
  ];
  for (const c of dupCases) {
    for (const thread of ['inline', 'worker'] as const) {
      it(`says which copy of a member stored twice it compared, and compares that one (${c.name} repeat, ${thread})`, async () => {
        const report = await compare(write(`dup-${c.name}-a.tar`, c.a), write(`dup-${c.name}-b.tar`, c.b), { names: { a: 'a', b: 'b' }, fold: true, thread });
        const problems = report.problems.filter((p) => p.code === 'DUPLICATE_MEMBER');
        expect(problems).toHaveLength(1);
        const secondAt = c.name === 'late' ? 41 * 1024 : 1024; // each member here is a header and one block
        const notCompared = `the archive holds x.txt more than once; the copy at offset ${secondAt} came after an earlier one had been compared with the other side's, and is not compared`;
        const inPlace = `the archive holds x.txt more than once; the copy at offset ${secondAt} is compared in place of an earlier one`;
        expect([notCompared, inPlace]).toContain(problems[0]!.message);
        // Whichever it says, the report agrees: only the second copy differs from b's in size (x.txt
        // may be listed either way, for its place in the archive: the order cause).
        const sizes = flat(report.differences).get('x.txt')?.fields.find((f) => f.field === 'size');
        expect(sizes === undefined ? null : [sizes.a, sizes.b]).toEqual(problems[0]!.message === inPlace ? [8, 2] : null);
        expect(report.stats).toMatchObject({ entriesA: 41, entriesB: 41 });
      });
    }
  }
});
