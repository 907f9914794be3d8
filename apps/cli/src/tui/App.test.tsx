import { describe, it, expect, vi, beforeAll, onTestFinished } from 'vitest';

// Colour on for this file (chalk decides at load time), so that `color: false` is seen to remove it.
vi.hoisted(() => {
  process.env.FORCE_COLOR = '1';
});

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { render } from 'ink-testing-library';
import { compare, type Report } from '@whydiff/core';
import { demoArtifacts } from '../demo.js';
import { App, type AppProps } from './App.js';
import { writeJsonReport } from './run-tui.js';
import { groupDigits, orderCauses } from './format.js';
import { buildIndex } from './tree-model.js';
import { nestedReport, syntheticReport } from './reports.fixture.js';

const KEY = { down: '\u001B[B', up: '\u001B[A', enter: '\r', tab: '\t', esc: '\u001B', pageDown: '\u001B[6~', end: "\u001B[F", left: "\u001B[D" };
const ANSI = /\u001B\[[0-9;]*m/g;

const tick = () => new Promise((r) => setTimeout(r, 30));

function mount(report: Report | null, props: Partial<AppProps> = {}) {
  const onQuit = vi.fn();
  const onExport = vi.fn(async (file: string) => `wrote ${file}`);
  const app = render(
    <App names={{ a: 'a/release.tar.bz2', b: 'b/release.tar.bz2' }} report={report} progress={{}} color={false} columns={120} rows={40} onQuit={onQuit} onExport={onExport} {...props} />,
  );
  const frame = () => (app.lastFrame() ?? '').replace(ANSI, '');
  // Each key is handled by the screen as last drawn: wait for the frame it causes (or, for a key
  // that changes nothing, a while) before the next one, so a slow machine cannot reorder them.
  const press = async (...keys: string[]) => {
    for (const key of keys) {
      const drawn = app.frames.length;
      app.stdin.write(key);
      for (let waited = 0; app.frames.length === drawn && waited < 400; waited += 5) await new Promise((r) => setTimeout(r, 5));
      await tick();
    }
  };
  return { ...app, frame, press, onQuit, onExport };
}

/** The tree row that carries the selection mark. */
const selectedLine = (frame: string) => frame.split('\n').find((l) => /^›[ ▾▸]+[~+-] /.test(l));

describe('App on the demo pair (a real comparison)', () => {
  let demo: Report;
  beforeAll(async () => {
    const { a, b } = await demoArtifacts();
    demo = await compare(a.path, b.path, { names: { a: a.name, b: b.name } });
  });

  // The demo pair grows with the project: what these tests expect is read from its report.
  it('first screen: both artifacts, the verdict, the causes biggest first with their fixes, the tree', async () => {
    const { frame } = mount(demo);
    await tick();
    const lines = frame().split('\n');
    const causes = orderCauses(demo.causes);
    expect(lines[0]).toBe(`a: demo/a.tar.gz  tar.gz, ${groupDigits(demo.a.size)} bytes, sha256 ${demo.a.sha256.slice(0, 12)}`);
    expect(lines[1]).toBe(`b: demo/b.tar.gz  tar.gz, ${groupDigits(demo.b.size)} bytes, sha256 ${demo.b.sha256.slice(0, 12)}`);
    expect(lines[2]).toMatch(new RegExp(`^verdict: differ {3}${demo.stats.entriesA} in a, ${demo.stats.entriesB} in b; ${demo.stats.matched} matched`));
    expect(lines[4]).toBe(`Causes (${demo.causes.length})  Enter: show a cause's paths`);
    expect(lines[5]).toMatch(new RegExp(`^› timestamp \\[entry-mtime\\] {2}${demo.stats.entriesA} members \\(all\\) {2}all ${demo.stats.entriesA} entries differ in their recorded modification time`));
    expect(lines[6]).toMatch(/^ {4}fix: set SOURCE_DATE_EPOCH/);
    expect(lines[7]).toMatch(new RegExp(`^ {2}${causes[1]!.category}`));
    expect(frame()).toContain('~ myapp-1.0.0/bin/myapp-migrate  [mode, owner, mti');
  });

  it('folded as the command line folds: the tree lists the first members of each kind and its title counts the rest', async () => {
    const { a, b } = await demoArtifacts();
    const folded = await compare(a.path, b.path, { names: { a: a.name, b: b.name }, fold: true });
    expect(folded.stats.folded).toBeGreaterThan(0);
    const { frame, press } = mount(folded);
    const listed = groupDigits(buildIndex(folded.differences).nodes.length);
    const more = `${groupDigits(folded.stats.folded!)} folded`;
    expect(frame()).toContain(`Differences (${listed} listed, ${more})`);
    // The timestamp cause names every member; the tree shows those of its members that are listed.
    await press(KEY.enter);
    expect(frame()).toContain(`Differences: `);
    expect(frame()).toContain(`, ${more}`);
    expect(frame()).toContain('filter: cause: timestamp');
    await press(KEY.esc, '?');
    expect(frame()).toContain('Folded: members that differ as members listed do are counted, not listed');
  });

  it('Enter on a cause shows only its paths; Esc shows everything again', async () => {
    const { frame, press } = mount(demo);
    const total = groupDigits(buildIndex(demo.differences).nodes.length);
    const at = orderCauses(demo.causes).findIndex((c) => c.category === 'permissions');
    await press(...Array<string>(at).fill(KEY.down), KEY.enter);
    expect(frame()).toContain(`Differences: 1 of ${total} shown`);
    expect(frame()).toContain('filter: cause: permissions (Esc clears)');
    expect(selectedLine(frame())).toMatch(/^› +~ myapp-1\.0\.0\/bin\/myapp-migrate/);
    expect(frame()).not.toContain('CHANGELOG.md');
    expect(frame()).toMatch(/mode +0755 +0775/);
    await press(KEY.esc);
    expect(frame()).toContain(`Differences (${total})`);
    expect(frame()).toContain('CHANGELOG.md');
  });

  it('`f` steps through the categories', async () => {
    const { frame, press } = mount(demo);
    const categories = [...new Set(orderCauses(demo.causes).map((c) => c.category))];
    await press('f');
    expect(frame()).toContain(`filter: category: ${categories[0]} (Esc clears)`);
    await press(...Array<string>(categories.indexOf('permissions')).fill('f'));
    expect(frame()).toContain('filter: category: permissions (Esc clears)');
    expect(frame()).toMatch(/Differences: 1 of \d+ shown/);
    await press(...Array<string>(categories.length - categories.indexOf('permissions')).fill('f'));
    expect(frame()).toContain('category filter off');
  });

  it('`/` filters the tree by path as you type (ignoring case); Enter keeps the filter, Esc drops it', async () => {
    const { frame, press } = mount(demo);
    await press('/', 'SERVER');
    expect(frame()).toMatch(/Differences: 1 of \d+ shown/);
    expect(frame()).toContain('filter: search: "SERVER" (Esc clears)');
    expect(frame()).toContain('~ myapp-1.0.0/myapp/server.py');
    expect(frame()).not.toContain('LICENSE');
    expect(frame()).toContain('/ SERVER');
    await press(KEY.enter);
    expect(frame()).not.toContain('/ SERVER');
    expect(frame()).toContain('filter: search: "SERVER" (Esc clears)');
    await press(KEY.esc);
    expect(frame()).toContain('LICENSE');
  });

  it('`e` asks for a file name and writes the JSON report there', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'whydiff-tui-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    const file = join(dir, 'report.json');
    // Relative names land in the temporary directory, whatever the prompt ends up holding.
    const { frame, press } = mount(demo, { onExport: (f) => writeJsonReport(demo, f.startsWith('/') ? f : join(dir, f)) });
    await press('e');
    expect(frame()).toContain('write the JSON report to: whydiff-report.json (Enter), or type a path; Esc cancels');
    await press(file, KEY.enter);
    await tick();
    expect(frame()).toContain(`wrote the JSON report to ${file}`);
    const written = JSON.parse(await readFile(file, 'utf8')) as Report;
    expect(written.schema).toBe('whydiff.report/1');
    expect(written.causes.map((c) => c.category)).toEqual(demo.causes.map((c) => c.category));
  });
});

describe('App on a nested pair', () => {
  it('opens nested archives at start and names the changed member inside', async () => {
    const { frame } = mount(nestedReport());
    await tick();
    expect(frame()).toContain('› timestamp [entry-mtime]  7 members (all)  all 7 entries differ in their recorded modification time');
    expect(frame()).toContain('  content  1 member  1 file differs in content (release/dist/inner.tgz!/acme/src/version.py)');
    expect(frame()).toMatch(/▾ ~ release\/dist\/inner\.tgz {2}\[mtime, content\]/);
    expect(frame()).toMatch(/ {2}~ acme\/src\/version\.py {2}\[content\]/);
  });

  it('`n` goes to the next difference, into collapsed archives; `N` back', async () => {
    const { frame, press } = mount(nestedReport());
    await press(KEY.tab, KEY.down, KEY.down, KEY.down, KEY.down, KEY.down); // release/dist/inner.tgz
    await press(KEY.left);
    expect(frame()).toContain('▸ ~ release/dist/inner.tgz (1)');
    await press('n');
    expect(selectedLine(frame())).toMatch(/^› {4}~ acme\/src\/version\.py/);
    expect(frame()).toContain('-__version__ = "1.0.0"');
    await press('n');
    expect(selectedLine(frame())).toMatch(/release\/zz-last\.txt/);
    await press('N', 'N');
    expect(selectedLine(frame())).toMatch(/release\/dist\/inner\.tgz/);
  });

  it('`?` shows help naming every key, `?` hides it, `q` quits', async () => {
    const { frame, press, onQuit } = mount(nestedReport());
    await press('?');
    expect(frame()).toContain('  q Ctrl-C  quit (exit status 0 identical, 1 different)');
    expect(frame()).toContain('  /         search member paths');
    expect(frame()).not.toContain('Causes (2)');
    await press('j'); // keys other than ?, Esc and q do nothing under the help
    await press('?');
    expect(frame()).toContain('Causes (2)');
    expect(onQuit).not.toHaveBeenCalled();
    await press('q');
    expect(onQuit).toHaveBeenCalledTimes(1);
  });

  it('keys that arrive in one chunk (typed fast, or sent by a script) each count', async () => {
    const { frame, press } = mount(nestedReport());
    await press(`${KEY.tab}jjj`);
    expect(selectedLine(frame())).toMatch(/~ release\/bin\/run/);
  });

  it('Enter on an empty export prompt writes whydiff-report.json; Esc cancels the prompt', async () => {
    const { frame, press, onExport } = mount(nestedReport());
    await press('e', KEY.esc);
    expect(frame()).not.toContain('write the JSON report to');
    expect(onExport).not.toHaveBeenCalled();
    await press('e', KEY.enter);
    expect(onExport).toHaveBeenCalledWith('whydiff-report.json');
    expect(frame()).toContain('wrote whydiff-report.json');
  });

  it('Ctrl-C quits too, even in a prompt', async () => {
    const { press, onQuit } = mount(nestedReport());
    await press('/', '\u0003');
    expect(onQuit).toHaveBeenCalledTimes(1);
  });

  it('fits 80×24: no line wider than 80, no more than 23 lines, and the detail pane takes the tree\'s place on Tab', async () => {
    const { frame, press } = mount(nestedReport(), { columns: 80, rows: 24 });
    await tick();
    const lines = frame().split('\n');
    expect(lines.length).toBeLessThanOrEqual(23);
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(80);
    expect(frame()).toContain('  content  1 member');
    expect(frame()).toContain('› timestamp [entry-mtime]  7 members (all)');
    await press(KEY.tab, KEY.tab);
    expect(frame()).toContain('Detail');
    expect(frame()).not.toContain('Differences (8)');
  });

  it('with color off no colour escape is written; with it on, removed lines are red', async () => {
    const plain = mount(nestedReport(), { color: false });
    await plain.press('n', 'n', 'n', 'n', 'n', 'n');
    expect(plain.frame()).toContain('-__version__');
    expect(plain.lastFrame()).not.toMatch(/\u001B\[(3[0-7]|9[0-7])m/);
    const coloured = mount(nestedReport(), { color: true });
    await coloured.press('n', 'n', 'n', 'n', 'n', 'n');
    expect(coloured.lastFrame()).toContain('\u001B[31m-__version__ = "1.0.0"');
  });
});

describe('while reading', () => {
  it('shows a progress line per side, then the report when it arrives', async () => {
    const app = mount(null, {
      progress: { a: { side: 'a', entries: 1234, bytes: 5 * 1024 * 1024, artifactBytes: 10 * 1024 * 1024 }, b: { side: 'b', entries: 7, bytes: 100, artifactBytes: 0 } },
    });
    await tick();
    expect(app.frame()).toMatch(/reading {2}a: 1,234 entries, 5\.0 MiB \[######------\] {3}b: 7 entries, 100 B$/m);
    expect(app.frame()).toContain('verdict: reading…');
    app.rerender(
      <App names={{ a: 'a', b: 'b' }} report={nestedReport()} progress={{}} color={false} columns={120} rows={40} onQuit={() => {}} onExport={async () => ''} />,
    );
    await tick();
    expect(app.frame()).toContain('verdict: differ');
    expect(app.frame()).toContain('Causes (2)');
    expect(app.frame()).toMatch(/▾ ~ release\/dist\/inner\.tgz/);
  });
});

describe('filling in while reading', () => {
  it('shows the provisional causes and tree under the progress line, and will not export them', async () => {
    const app = mount(nestedReport(), {
      reading: true,
      progress: { a: { side: 'a', entries: 40, bytes: 4096, artifactBytes: 0 }, b: { side: 'b', entries: 38, bytes: 4000, artifactBytes: 0 } },
    });
    await tick();
    expect(app.frame()).toMatch(/reading {2}a: 40 entries/);
    expect(app.frame()).toContain('Causes (2)');
    expect(app.frame()).toMatch(/▾ ~ release\/dist\/inner\.tgz/);
    await app.press('e');
    expect(app.frame()).toContain('the report is not ready yet');
    expect(app.onExport).not.toHaveBeenCalled();
  });
});

describe('scale', () => {
  it('renders only the visible rows of a 100,000-member report, and scrolls to the end', async () => {
    const { frame, press } = mount(syntheticReport(100_000), { columns: 120, rows: 40 });
    await tick();
    const rows = () => frame().split('\n').filter((l) => /~ pkg\/file-\d{6}\.txt/.test(l));
    // 39 lines: header 3, status 1, causes 1+2, footer 1 leave 31 for the body: its title and 30 rows.
    expect(rows()).toHaveLength(30);
    expect(frame()).toContain('Differences (100,000)  1/100,000');
    await press(KEY.tab, KEY.end);
    expect(rows()).toHaveLength(30);
    expect(rows().at(-1)).toMatch(/^› +~ pkg\/file-100000\.txt/);
    expect(rows()[0]).toMatch(/pkg\/file-099971\.txt/);
    await press(KEY.pageDown.replace('6', '5')); // PgUp
    expect(selectedLine(frame())).toMatch(/pkg\/file-099970\.txt/);
  });
});

