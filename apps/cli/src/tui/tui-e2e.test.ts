/**
 * End to end: the built CLI in a real terminal (tmux, 120×40) on a generated pair of nested
 * tar.bz2 releases whose members' mtimes all differ and where one file inside the nested .tgz
 * changed. The first screen names the timestamp cause and the changed nested file, `?` shows help
 * naming `q`, and `q` quits with exit status 1, with CI=true in the environment. Skipped only when tmux is not installed
 * (.ci/run installs it).
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeBzip2, writeGzip, writeTar, type TarMember } from '@whydiff/test-fixtures';

const hasTmux = spawnSync('tmux', ['-V']).status === 0;
const root = fileURLToPath(new URL('../../../../', import.meta.url));
const bin = join(root, 'apps/cli/bin/whydiff.js');
/** A server of our own, so no session of the user's is touched. */
const socket = `whydiff-e2e-${process.pid}`;

const BUILD = 1700000000; // 2023-11-14T22:13:20Z
const REBUILD = BUILD + 3600;

function release(mtime: number, version: string): Uint8Array {
  const own = { uid: 1000, gid: 1000, uname: 'builder', gname: 'builder' };
  // The inner source tarball was made once, with fixed times: only version.py differs inside.
  const inner = writeTar([
    { path: 'acme/', type: 'dir', mode: 0o755, mtime: BUILD, ...own },
    { path: 'acme/README.md', content: '# acme\n', mode: 0o644, mtime: BUILD, ...own },
    { path: 'acme/src/', type: 'dir', mode: 0o755, mtime: BUILD, ...own },
    { path: 'acme/src/version.py', content: `__version__ = "${version}"\n`, mode: 0o644, mtime: BUILD, ...own },
  ]);
  const members: TarMember[] = [
    { path: 'release/', type: 'dir', mode: 0o755, mtime, ...own },
    { path: 'release/NOTES.txt', content: 'acme release bundle\n', mode: 0o644, mtime, ...own },
    { path: 'release/bin/', type: 'dir', mode: 0o755, mtime, ...own },
    { path: 'release/bin/run', content: '#!/bin/sh\nexec python3 -m acme "$@"\n', mode: 0o755, mtime, ...own },
    { path: 'release/dist/', type: 'dir', mode: 0o755, mtime, ...own },
    { path: 'release/dist/acme-src.tgz', content: writeGzip(inner, { mtime: 0, os: 3 }), mode: 0o644, mtime, ...own },
  ];
  return writeBzip2(writeTar(members));
}

function tmux(...args: string[]): string {
  return execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
}

const screen = (): string => tmux('capture-pane', '-t', 'e2e', '-p');

async function waitFor(what: (text: string) => boolean, label: string, ms = 20_000): Promise<string> {
  const until = Date.now() + ms;
  let text = '';
  while (Date.now() < until) {
    text = screen();
    if (what(text)) return text;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${label}; the screen shows:\n${text}`);
}

describe.skipIf(!hasTmux)('whydiff in a terminal (tmux)', () => {
  let dir = '';
  beforeAll(async () => {
    execFileSync(process.execPath, ['apps/cli/scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
    expect(existsSync(join(root, 'apps/cli/bundle/whydiff.js'))).toBe(true);
    dir = await mkdtemp(join(tmpdir(), 'whydiff-e2e-'));
    await writeFile(join(dir, 'a.tar.bz2'), release(BUILD, '1.0.0'));
    await writeFile(join(dir, 'b.tar.bz2'), release(REBUILD, '1.0.1'));
  }, 120_000);

  afterAll(async () => {
    spawnSync('tmux', ['-L', socket, 'kill-server']);
    if (dir !== '') await rm(dir, { recursive: true, force: true });
  });

  it('first screen: the timestamp cause and the changed nested file; ? shows help naming q; q exits 1', async () => {
    const status = join(dir, 'status');
    // CI=true on purpose: Ink draws only the last frame when it believes it runs in CI, and CI
    // machines set it. A terminal on both ends must get the live screen all the same.
    const command = `cd '${dir}' && CI=true node '${bin}' a.tar.bz2 b.tar.bz2; echo $? > '${status}'; sleep 30`;
    tmux('new-session', '-d', '-s', 'e2e', '-x', '120', '-y', '40', 'sh', '-c', command);

    // The footer is the TUI's own (the text report has none): wait for the first full screen.
    // Ink may paint the header before the tree: wait until the tree's nested row is on screen too.
    const first = await waitFor((t) => t.includes('? help  q quit') && t.includes('Causes (') && t.includes('acme/src/version.py  [content]'), 'the first screen of the TUI');
    expect(first).toMatch(/^a: a\.tar\.bz2 {2}tar\.bz2, [\d,]+ bytes, sha256 [0-9a-f]{12}$/m);
    expect(first).toMatch(/^verdict: differ\b/m);
    expect(first).toMatch(/timestamp \[entry-mtime\] {2}6 members \(all\)/);
    expect(first).toMatch(/content {2}1 member {2}.*release\/dist\/acme-src\.tgz!\/acme\/src\/version\.py/);
    expect(first).toMatch(/▾ ~ release\/dist\/acme-src\.tgz {2}\[/);
    expect(first).toMatch(/^ +~ acme\/src\/version\.py {2}\[content\]/m);

    tmux('send-keys', '-t', 'e2e', '?');
    const help = await waitFor((t) => t.includes('Keys'), 'the help');
    expect(help).toMatch(/q Ctrl-C {2}quit/);
    expect(help).not.toContain('Causes (');

    tmux('send-keys', '-t', 'e2e', 'q');
    const until = Date.now() + 10_000;
    while (!existsSync(status) && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    expect((await readFile(status, 'utf8')).trim()).toBe('1');
  }, 60_000);
});
