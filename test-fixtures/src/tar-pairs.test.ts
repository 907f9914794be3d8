import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { gunzipSync, inflateSync } from 'node:zlib';
import { describe, it, expect } from 'vitest';
import type { Fixture } from './fixture.js';
import { tarFixtures, tinyPng } from './tar-pairs.js';
import { demoFixtures } from './demo.js';

const TAR = '/usr/bin/tar';
const hasTar = existsSync(TAR) && /GNU tar/.test(execFileSync(TAR, ['--version']).toString());
const hasBzip2 = existsSync('/usr/bin/bzip2');
const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
const all = [...tarFixtures, ...demoFixtures];
const byName = new Map(all.map((f) => [f.name, f]));
const bytesOf = async (name: string): Promise<Uint8Array> => {
  const f = byName.get(name);
  if (f === undefined) throw new Error(`no fixture ${name}`);
  return f.bytes();
};

/** `tar tv` of an archive, each line split into its columns. */
interface Line { mode: string; owner: string; size: string; time: string; name: string }
function list(archive: Uint8Array, ...flags: string[]): Line[] {
  const dir = mkdtempSync(join(tmpdir(), 'tar-pairs-'));
  try {
    writeFileSync(join(dir, 'x'), archive);
    const out = execFileSync(TAR, ['-tv', '--full-time', ...flags, '-f', join(dir, 'x')], { env: { ...process.env, TZ: 'UTC' } }).toString();
    return out.trimEnd().split('\n').map((l) => {
      const [mode, owner, size, date, time, ...name] = l.split(/ +/);
      return { mode: mode!, owner: owner!, size: size!, time: `${date} ${time}`, name: name.join(' ') };
    });
  } finally {
    rmSync(dir, { recursive: true });
  }
}
function extract(archive: Uint8Array, member: string, ...flags: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'tar-pairs-'));
  try {
    writeFileSync(join(dir, 'x'), archive);
    return execFileSync(TAR, ['-xO', ...flags, '-f', join(dir, 'x'), member]).toString();
  } finally {
    rmSync(dir, { recursive: true });
  }
}
/** Which columns differ between two listings of the same members in the same order, and on how many lines. */
function columnDiff(a: Line[], b: Line[]): Record<string, number> {
  expect(b.length).toBe(a.length);
  const diff: Record<string, number> = {};
  a.forEach((la, i) => {
    const lb = b[i]!;
    for (const k of ['mode', 'owner', 'size', 'time', 'name'] as const) if (la[k] !== lb[k]) diff[k] = (diff[k] ?? 0) + 1;
  });
  return diff;
}

describe('tar fixtures', () => {
  it('are all named tar/<case>/{a,b}.* or demo/{a,b}.tar.gz, once each, with an about', () => {
    expect(new Set(all.map((f) => f.name)).size).toBe(all.length);
    for (const f of all) {
      expect(f.name).toMatch(/^(tar\/[a-z0-9-]+|demo)\/[ab]\.tar(\.gz|\.bz2)?$/);
      expect(f.about.length).toBeGreaterThan(10);
    }
    expect(all.length).toBe(20 * 2 + 2 * 2 + 2 + 2);
  });

  it('are deterministic: generated twice, the same bytes', async () => {
    for (const f of all) expect(sha(await f.bytes()), f.name).toBe(sha(await f.bytes()));
  });

  it('pairs differ in their bytes', async () => {
    const pairs = all.filter((f) => /\/a\.tar/.test(f.name) && byName.has(f.name.replace('/a.', '/b.')));
    expect(pairs.length).toBe(20 + 2 + 1);
    for (const a of pairs) expect(sha(await a.bytes()), a.name).not.toBe(sha(await bytesOf(a.name.replace('/a.', '/b.'))));
  });

  it('the logo is a PNG whose IDAT zlib inflates to one RGBA pixel', () => {
    const png = Buffer.from(tinyPng());
    expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    expect(png.subarray(12, 16).toString()).toBe('IHDR');
    // IDAT data starts at 8 + (12 + 13) + 8 = 41 and is 16 bytes: zlib header 2, block header 5, pixel 5, Adler-32 4.
    expect(png.readUInt32BE(33)).toBe(16);
    expect(png.subarray(37, 41).toString()).toBe('IDAT');
    expect([...inflateSync(png.subarray(41, 57))]).toEqual([0, 0xff, 0x88, 0, 0xff]);
    expect(png.subarray(-8, -4).toString()).toBe('IEND');
  });
});

describe.skipIf(!hasTar)('tar -tvzf shows the single intended difference', () => {
  const pair = async (c: string, ext = 'tar.gz'): Promise<[Uint8Array, Uint8Array]> => [await bytesOf(`tar/${c}/a.${ext}`), await bytesOf(`tar/${c}/b.${ext}`)];
  const same = (a: Uint8Array, b: Uint8Array): void => expect(sha(gunzipSync(a))).toBe(sha(gunzipSync(b)));

  it('member-mtimes: every time column, nothing else', async () => {
    const [a, b] = await pair('member-mtimes');
    const la = list(a, '-z');
    expect(columnDiff(la, list(b, '-z'))).toEqual({ time: la.length });
    expect(la[0]!.time).toBe('2023-11-14 22:13:20');
  });

  it('gzip-mtime, gzip-fname-os, gzip-level: the same tar inside, only the gzip header or body differs', async () => {
    let [a, b] = await pair('gzip-mtime');
    same(a, b);
    expect(Buffer.from(a.subarray(4, 8)).readUInt32LE(0)).toBe(1700000000);
    expect(Buffer.from(b.subarray(4, 8)).readUInt32LE(0)).toBe(1700003600);
    expect(Buffer.from(a.subarray(10)).equals(Buffer.from(b.subarray(10)))).toBe(true);
    [a, b] = await pair('gzip-fname-os');
    same(a, b);
    expect([a[3], a[9], b[3], b[9]]).toEqual([0x08, 3, 0x00, 0]); // FLG.FNAME and OS
    [a, b] = await pair('gzip-level');
    same(a, b);
    expect([a[8], b[8]]).toEqual([0, 2]); // XFL
    expect(Buffer.from(a.subarray(10)).equals(Buffer.from(b.subarray(10)))).toBe(false);
  });

  it('umask: only modes, 0644/0755 vs 0664/0775', async () => {
    const [a, b] = await pair('umask');
    const la = list(a, '-z');
    const lb = list(b, '-z');
    expect(columnDiff(la, lb)).toEqual({ mode: la.length - 1 }); // all but the symlink (lrwxrwxrwx)
    expect(la.find((l) => l.name === 'acme-tool/bin/acme')!.mode).toBe('-rwxr-xr-x');
    expect(lb.find((l) => l.name === 'acme-tool/bin/acme')!.mode).toBe('-rwxrwxr-x');
  });

  it('owner: only the owner column, names and ids', async () => {
    const [a, b] = await pair('owner');
    const la = list(a, '-z');
    expect(columnDiff(la, list(b, '-z'))).toEqual({ owner: la.length });
    expect(columnDiff(list(a, '-z', '--numeric-owner'), list(b, '-z', '--numeric-owner'))).toEqual({ owner: la.length });
    expect(list(b, '-z')[0]!.owner).toBe('root/root');
  });

  it('order: the same lines in another order', async () => {
    const [a, b] = await pair('order');
    const la = list(a, '-z').map((l) => JSON.stringify(l));
    const lb = list(b, '-z').map((l) => JSON.stringify(l));
    expect(lb).not.toEqual(la);
    expect([...lb].sort()).toEqual([...la].sort());
  });

  it('format: the same listing, pax vs GNU magic', async () => {
    const [a, b] = await pair('format');
    expect(columnDiff(list(a, '-z'), list(b, '-z'))).toEqual({});
    expect(Buffer.from(gunzipSync(a).subarray(257, 265)).toString('latin1')).toBe('ustar\x0000');
    expect(Buffer.from(gunzipSync(b).subarray(257, 265)).toString('latin1')).toBe('ustar  \0');
  });

  it('added-removed: b lists one member more', async () => {
    const [a, b] = await pair('added-removed');
    const la = list(a, '-z');
    const lb = list(b, '-z');
    expect(lb.slice(0, la.length)).toEqual(la);
    expect(lb.slice(la.length).map((l) => l.name)).toEqual(['acme-tool/src/acme/zz_debug.py']);
  });

  it('symlink-target: one line, the target', async () => {
    const [a, b] = await pair('symlink-target');
    const la = list(a, '-z');
    const lb = list(b, '-z');
    expect(columnDiff(la, lb)).toEqual({ name: 1 });
    expect(la.find((l) => l.name.startsWith('acme-tool/bin/acme-cli'))!.name).toBe('acme-tool/bin/acme-cli -> acme');
    expect(lb.find((l) => l.name.startsWith('acme-tool/bin/acme-cli'))!.name).toBe('acme-tool/bin/acme-cli -> ./acme');
  });

  it('file-type: one path is a symlink in a and a file in b', async () => {
    const [a, b] = await pair('file-type');
    const la = list(a, '-z');
    const lb = list(b, '-z');
    const i = la.findIndex((l) => l.name.startsWith('acme-tool/bin/acme-cli'));
    expect([la[i]!.mode, la[i]!.name]).toEqual(['lrwxrwxrwx', 'acme-tool/bin/acme-cli -> acme']);
    expect([lb[i]!.mode, lb[i]!.name]).toEqual(['-rwxr-xr-x', 'acme-tool/bin/acme-cli']);
    expect(columnDiff(la.toSpliced(i, 1), lb.toSpliced(i, 1))).toEqual({});
  });

  it('content: the same listing, one file\'s text differs', async () => {
    const [a, b] = await pair('content');
    const la = list(a, '-z');
    const lb = list(b, '-z');
    expect(columnDiff(la, lb)).toEqual({ size: 1 }); // "hello" → "hi" is 3 bytes shorter
    expect(extract(a, 'acme-tool/src/acme/util.py', '-z')).toContain('f"hello, {name}"');
    expect(extract(b, 'acme-tool/src/acme/util.py', '-z')).toContain('f"hi, {name}"');
    expect(extract(a, 'acme-tool/src/acme/cli.py', '-z')).toBe(extract(b, 'acme-tool/src/acme/cli.py', '-z'));
  });

  it('nested: the outer archives list the same members; the inner ones differ in one file', async () => {
    const [a, b] = await pair('nested');
    const diff = columnDiff(list(a, '-z'), list(b, '-z'));
    expect(Object.keys(diff).filter((k) => k !== 'size')).toEqual([]); // the inner .tar.gz may change size
    const inner = (outer: Uint8Array): Uint8Array => {
      const dir = mkdtempSync(join(tmpdir(), 'tar-pairs-'));
      try {
        writeFileSync(join(dir, 'x'), outer);
        return execFileSync(TAR, ['-xOzf', join(dir, 'x'), 'release/dist/inner.tar.gz']);
      } finally {
        rmSync(dir, { recursive: true });
      }
    };
    expect(Buffer.from(inner(a).subarray(0, 2)).toString('hex')).toBe('1f8b');
    expect(columnDiff(list(inner(a), '-z'), list(inner(b), '-z'))).toEqual({});
    expect(extract(inner(a), 'acme-tool/src/acme/__init__.py', '-z')).toBe('__version__ = "1.0.0"\n');
    expect(extract(inner(b), 'acme-tool/src/acme/__init__.py', '-z')).toBe('__version__ = "1.0.1"\n');
  });

  it.skipIf(!hasBzip2)('bzip2 pairs: member-mtimes and content, and the multi-stream file lists the whole tree', async () => {
    const [ma, mb] = await pair('member-mtimes', 'tar.bz2');
    const la = list(ma, '-j');
    expect(columnDiff(la, list(mb, '-j'))).toEqual({ time: la.length });
    const [ca, cb] = await pair('content', 'tar.bz2');
    expect(columnDiff(list(ca, '-j'), list(cb, '-j'))).toEqual({ size: 1 });
    const multi = await bytesOf('tar/multistream/a.tar.bz2');
    expect(Buffer.from(multi).toString('latin1').split('BZh9').length - 1).toBe(3);
    expect(list(multi, '-j')).toEqual(list(await bytesOf('tar/plain/a.tar')));
    expect(la).toEqual(list(await bytesOf('tar/plain/a.tar')));
  });

  it('demo: b differs in mtimes (all), one mode, owner names, build-info.json and the nested plugins zip; gzip MTIME too', async () => {
    const a = await bytesOf('demo/a.tar.gz');
    const b = await bytesOf('demo/b.tar.gz');
    const la = list(a, '-z');
    const lb = list(b, '-z');
    expect(la.length).toBe(18);
    expect(columnDiff(la, lb)).toEqual({ time: 18, owner: 18, mode: 1, size: 1 });
    expect(la[0]).toEqual({ mode: 'drwxr-xr-x', owner: 'alice/alice', size: '0', time: '2023-11-14 22:13:20', name: 'myapp-1.0.0/' });
    expect(lb[0]).toEqual({ mode: 'drwxr-xr-x', owner: 'ci/ci', size: '0', time: '2023-11-16 22:13:20', name: 'myapp-1.0.0/' });
    expect(columnDiff(list(a, '-z', '--numeric-owner'), list(b, '-z', '--numeric-owner')).owner).toBeUndefined();
    expect(extract(a, 'myapp-1.0.0/build-info.json', '-z')).toContain('"/home/alice/build"');
    expect(extract(b, 'myapp-1.0.0/build-info.json', '-z')).toContain('"/builds/ci/42"');
    expect([Buffer.from(a).readUInt32LE(4), Buffer.from(b).readUInt32LE(4)]).toEqual([1700000012, 1700172815]);
  });
});

// Keep the Fixture type honest: every generator returns bytes.
const _check: Fixture[] = all;
void _check;
