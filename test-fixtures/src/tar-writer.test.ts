import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync, mkdirSync, symlinkSync, linkSync, chmodSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, expect } from 'vitest';
import { tarChecksum } from '@whydiff/formats';
import { writeTar, type TarMember, type TarFormat } from './tar-writer.js';

const TAR = '/usr/bin/tar';
const hasTar = existsSync(TAR) && /GNU tar/.test(execFileSync(TAR, ['--version']).toString());

const latin1 = (b: Uint8Array): string => Buffer.from(b).toString('latin1');
const field = (block: Uint8Array, offset: number, width: number): string => latin1(block.subarray(offset, offset + width));

/** Every header of an archive (following sizes, skipping data), as [offset, block]. */
function headers(tar: Uint8Array): [number, Uint8Array][] {
  const out: [number, Uint8Array][] = [];
  for (let at = 0; at + 512 <= tar.byteLength; ) {
    const block = tar.subarray(at, at + 512);
    if (block.every((b) => b === 0)) break;
    out.push([at, block]);
    const flag = String.fromCharCode(block[156]!);
    const sizeText = field(block, 124, 12);
    const size = block[124]! & 0x80 ? 0 : parseInt(sizeText, 8);
    at += 512 + ('12345'.includes(flag) && flag !== '' ? 0 : Math.ceil(size / 512) * 512);
  }
  return out;
}

const A60 = 'a'.repeat(60);
/** A tree every format can hold (v7 and ustar limits included). */
const simple: TarMember[] = [
  { path: 'proj/' },
  { path: 'proj/README.md', content: '# proj\n' },
  { path: 'proj/bin/', mode: 0o750, mtime: 1600000000 },
  { path: 'proj/bin/run', content: '#!/bin/sh\necho run\n', mode: 0o755 },
  { path: 'proj/link', type: 'symlink', linkTarget: 'README.md' },
  { path: 'proj/again.md', type: 'hardlink', linkTarget: 'proj/README.md' },
];
/** What only some formats hold: long names and targets, big ids, non-ASCII, devices. */
const hard: TarMember[] = [
  { path: 'p/' },
  { path: `p/${A60}/${A60}/short.txt`, content: 'x\n' },
  { path: 'p/héllo.txt', content: 'z\n', mtime: 1700000000.25 },
  { path: 'p/long-link', type: 'symlink', linkTarget: 'b'.repeat(150) },
  { path: 'p/big-uid', content: 'q', uid: 4000000 },
  { path: 'p/tty', type: 'char', devmajor: 4, devminor: 64, mode: 0o620 },
  { path: 'p/sda', type: 'block', devmajor: 8, devminor: 0, mode: 0o660 },
  { path: 'p/pipe', type: 'fifo' },
];

describe('writeTar: layout, without tar', () => {
  it('writes valid checksums, 512-byte blocks, two zero blocks and a 10240-byte record', () => {
    for (const format of ['v7', 'ustar', 'gnu', 'pax'] as const) {
      const tar = writeTar(simple, { format });
      expect(tar.byteLength % 10240).toBe(0);
      const hs = headers(tar);
      expect(hs.length).toBe(simple.length);
      for (const [, block] of hs) {
        const sum = tarChecksum(block);
        expect(sum.stored).toBe(sum.unsigned);
      }
      const last = hs.at(-1)!;
      const end = last[0] + 512; // the last member (a hardlink) has no data
      expect(tar.subarray(end, end + 1024).every((b) => b === 0)).toBe(true);
    }
  });

  it('writes the exact header GNU tar 1.34 writes for a small file (pax, every field at its offset)', () => {
    const tar = writeTar([{ path: 't/d/f.txt', content: 'hi\n' }]);
    expect(tar.byteLength).toBe(10240);
    const h = tar.subarray(0, 512);
    expect(field(h, 0, 100)).toBe('t/d/f.txt'.padEnd(100, '\0'));
    expect(field(h, 100, 8)).toBe('0000644\0');
    expect(field(h, 108, 8)).toBe('0001750\0'); // 1000
    expect(field(h, 116, 8)).toBe('0001750\0');
    expect(field(h, 124, 12)).toBe('00000000003\0');
    expect(field(h, 136, 12)).toBe('14524770400\0'); // 1700000000
    expect(field(h, 148, 8)).toBe('013664\0 '); // what GNU tar wrote for this same member
    expect(field(h, 156, 1)).toBe('0');
    expect(field(h, 157, 100)).toBe('\0'.repeat(100));
    expect(field(h, 257, 8)).toBe('ustar\x0000');
    expect(field(h, 265, 32)).toBe('builder'.padEnd(32, '\0'));
    expect(field(h, 297, 32)).toBe('builder'.padEnd(32, '\0'));
    expect(field(h, 329, 8)).toBe('0000000\0');
    expect(field(h, 337, 8)).toBe('0000000\0');
    expect(field(h, 345, 167)).toBe('\0'.repeat(167));
    expect(field(tar, 512, 512)).toBe('hi\n'.padEnd(512, '\0'));
    expect(tar.subarray(1024).every((b) => b === 0)).toBe(true);
  });

  it('puts pax records only where ustar cannot hold a value, in a PaxHeaders/<basename> header', () => {
    const tar = writeTar(hard);
    const hs = headers(tar);
    const xs = hs.filter(([, h]) => h[156] === 0x78);
    const recordsOf = (at: number, h: Uint8Array): string => latin1(tar.subarray(at + 512, at + 512 + parseInt(field(h, 124, 12), 8)));
    expect(xs.map(([at, h]) => [field(h, 0, 100).replace(/\0+$/, ''), recordsOf(at, h)])).toEqual([
      [`p/${A60}/${A60}/PaxHeaders/short.txt`.slice(0, 100), `143 path=p/${A60}/${A60}/short.txt\n`],
      ['p/PaxHeaders/h\xc3\xa9llo.txt', '21 path=p/h\xc3\xa9llo.txt\n23 mtime=1700000000.25\n'],
      ['p/PaxHeaders/long-link', `164 linkpath=${'b'.repeat(150)}\n`],
      ['p/PaxHeaders/big-uid', '15 uid=4000000\n'],
    ]);
    // The extended header itself: mode 0644, owner 0, the member's mtime, no names.
    const [, x] = xs[0]!;
    expect(field(x, 100, 8)).toBe('0000644\0');
    expect(field(x, 108, 16)).toBe('0000000\0'.repeat(2));
    expect(field(x, 136, 12)).toBe('14524770400\0');
    expect(field(x, 265, 80)).toBe('\0'.repeat(80));
    // The member's own header keeps the first 100 bytes of the name, and 0 for the uid.
    const big = hs.find(([, h]) => field(h, 0, 7) === 'p/big-u')![1];
    expect(field(big, 108, 8)).toBe('0000000\0');
    // 9 + 1 digit boundary: a record of 99 bytes would be "99 ..." but one of 100 is "100 ...".
    const around = writeTar([{ path: 'f', pax: { k: 'v'.repeat(93) } }]);
    expect(latin1(around.subarray(512, 612))).toBe(`99 k=${'v'.repeat(93)}\n\0`);
    const over = writeTar([{ path: 'f', pax: { k: 'v'.repeat(94) } }]);
    expect(latin1(over.subarray(512, 614))).toBe(`101 k=${'v'.repeat(94)}\n\0`);
  });

  it('gnu: writes ././@LongLink K then L records and base-256 ids', () => {
    const long = `p/${'c'.repeat(120)}`;
    const tar = writeTar([{ path: long, type: 'symlink', linkTarget: 'd'.repeat(101), uid: 4000000 }], { format: 'gnu' });
    const hs = headers(tar);
    expect(hs.map(([, h]) => [field(h, 0, 13), field(h, 156, 1)])).toEqual([
      ['././@LongLink', 'K'],
      ['././@LongLink', 'L'],
      [long.slice(0, 13), '2'],
    ]);
    expect(field(hs[0]![1], 124, 12)).toBe('00000000146\0'); // 101 bytes + NUL
    expect(field(hs[0]![1], 257, 8)).toBe('ustar  \0');
    expect(field(hs[0]![1], 265, 5)).toBe('root\0');
    expect(latin1(tar.subarray(512, 512 + 102))).toBe(`${'d'.repeat(101)}\0`);
    const member = hs[2]![1];
    expect([...member.subarray(108, 116)]).toEqual([0x80, 0, 0, 0, 0, 0x3d, 0x09, 0x00]); // as GNU tar wrote it
    expect(field(member, 0, 100)).toBe(long.slice(0, 100));
    expect(field(member, 329, 16)).toBe('\0'.repeat(16)); // GNU leaves devmajor/devminor NUL
  });

  it('ustar: splits long names into prefix and name, and throws on what ustar cannot hold', () => {
    const path = `${A60}/${A60}/short.txt`;
    const h = writeTar([{ path, content: '' }], { format: 'ustar' }).subarray(0, 512);
    expect(field(h, 345, 155).replace(/\0+$/, '')).toBe(`${A60}/${A60}`);
    expect(field(h, 0, 100).replace(/\0+$/, '')).toBe('short.txt');
    expect(() => writeTar([{ path: 'x'.repeat(101) }], { format: 'ustar' })).toThrow(/ustar cannot hold the name/);
    expect(() => writeTar([{ path: 'f', uid: 4000000 }], { format: 'ustar' })).toThrow(/ustar cannot hold uid 4000000/);
    expect(() => writeTar([{ path: 'l', type: 'symlink', linkTarget: 't'.repeat(101) }], { format: 'ustar' })).toThrow(/link target of 101 bytes/);
    expect(() => writeTar([{ path: 'f', pax: { a: 'b' } }], { format: 'ustar' })).toThrow(/pax records/);
  });

  it('v7: no magic, no owner names, NUL typeflag for files; throws on devices', () => {
    const h = writeTar([{ path: 'f', content: 'abc' }], { format: 'v7' }).subarray(0, 512);
    expect(h[156]).toBe(0);
    expect(field(h, 257, 72)).toBe('\0'.repeat(72));
    expect(() => writeTar([{ path: 'p', type: 'fifo' }], { format: 'v7' })).toThrow(/v7 cannot hold a fifo/);
  });

  it('writes a global header first when asked, and rejects bad members', () => {
    const tar = writeTar([{ path: 'f' }], { globalPax: { comment: 'fixture' } });
    expect(field(tar, 0, 20).replace(/\0+$/, '')).toBe('/tmp/GlobalHead.0.1');
    expect(field(tar, 156, 1)).toBe('g');
    expect(latin1(tar.subarray(512, 531))).toBe('19 comment=fixture\n');
    expect(() => writeTar([{ path: 'l', type: 'symlink' }])).toThrow(/linkTarget is required/);
    expect(() => writeTar([{ path: 'd/', content: 'x' }])).toThrow(/only a file has content/);
  });

  it('is deterministic', () => {
    expect(Buffer.from(writeTar(hard)).equals(Buffer.from(writeTar(hard)))).toBe(true);
  });
});

describe.skipIf(!hasTar)('writeTar: GNU tar reads what we write', () => {
  const listing = (tar: Uint8Array, ...flags: string[]): string[] => {
    const dir = mkdtempSync(join(tmpdir(), 'tar-writer-'));
    try {
      writeFileSync(join(dir, 'a.tar'), tar);
      return execFileSync(TAR, [...flags, '-f', join(dir, 'a.tar')], { env: { ...process.env, TZ: 'UTC', LC_ALL: 'C.UTF-8' } })
        .toString('utf8')
        .trimEnd()
        .split('\n');
    } finally {
      rmSync(dir, { recursive: true });
    }
  };

  /** The line `tar --list --verbose --numeric-owner --full-time` prints for a member. */
  function expectedLine(m: TarMember, numeric: boolean, format: TarFormat): string {
    const type = m.type ?? (m.path.endsWith('/') ? 'dir' : 'file');
    const letter = { file: '-', dir: 'd', symlink: 'l', hardlink: 'h', char: 'c', block: 'b', fifo: 'p', socket: 's' }[type];
    const mode = m.mode ?? (type === 'dir' ? 0o755 : type === 'symlink' ? 0o777 : 0o644);
    const rwx = [6, 3, 0].map((s) => ['r', 'w', 'x'].map((c, i) => ((mode >> s) & (4 >> i) ? c : '-')).join('')).join('');
    const owner = format === 'v7' || numeric ? `${m.uid ?? 1000}/${m.gid ?? 1000}` : `${m.uname ?? 'builder'}/${m.gname ?? 'builder'}`;
    const size = type === 'char' || type === 'block' ? `${m.devmajor},${m.devminor}` : String(typeof m.content === 'string' ? Buffer.byteLength(m.content) : 0);
    const mtime = m.mtime ?? 1700000000;
    const fraction = format === 'pax' && !Number.isInteger(mtime) ? String(mtime).slice(String(mtime).indexOf('.')) : '';
    const time = new Date(Math.floor(mtime) * 1000).toISOString().replace('T', ' ').slice(0, 19) + fraction;
    const link = type === 'symlink' ? ` -> ${m.linkTarget}` : type === 'hardlink' ? ` link to ${m.linkTarget}` : '';
    const tail = `${size} ${time} ${m.path}${link}`;
    // GNU tar aligns the size column to a width that grows; compare with single spaces.
    return `${letter}${rwx} ${owner} ${tail}`;
  }
  const squeeze = (lines: string[]): string[] => lines.map((l) => l.replace(/ +/g, ' '));

  for (const format of ['v7', 'ustar', 'gnu', 'pax'] as const) {
    it(`tar --list --verbose --numeric-owner --full-time lists exactly what we wrote (${format})`, () => {
      const members = format === 'v7' || format === 'ustar' ? simple : [...simple, ...hard];
      const tar = writeTar(members, { format });
      expect(squeeze(listing(tar, '--list', '--verbose', '--numeric-owner', '--full-time'))).toEqual(
        members.map((m) => expectedLine(m, true, format)),
      );
      expect(squeeze(listing(tar, '-tv', '--full-time'))).toEqual(members.map((m) => expectedLine(m, false, format)));
    });
  }

  it('extracts the content of members with pax paths', () => {
    const tar = writeTar(hard);
    const dir = mkdtempSync(join(tmpdir(), 'tar-writer-'));
    try {
      writeFileSync(join(dir, 'a.tar'), tar);
      const out = execFileSync(TAR, ['-xOf', join(dir, 'a.tar'), `p/${A60}/${A60}/short.txt`, 'p/héllo.txt']).toString();
      expect(out).toBe('x\nz\n');
    } finally {
      rmSync(dir, { recursive: true });
    }
  });

  /**
   * The strongest check: GNU tar archives a real directory holding the same tree, and its bytes
   * are ours. (Without devices, which need root, and without atime/ctime, which GNU tar adds.)
   */
  for (const format of ['pax', 'gnu', 'ustar', 'v7'] as const) {
    it(`writes the same bytes as GNU tar --format=${format === 'pax' ? 'posix' : format}`, () => {
      const dir = mkdtempSync(join(tmpdir(), 'tar-writer-'));
      try {
        const root = join(dir, 'root');
        mkdirSync(join(root, 'proj/bin'), { recursive: true });
        writeFileSync(join(root, 'proj/README.md'), '# proj\n');
        writeFileSync(join(root, 'proj/bin/run'), '#!/bin/sh\necho run\n');
        symlinkSync('README.md', join(root, 'proj/link'));
        linkSync(join(root, 'proj/README.md'), join(root, 'proj/again.md'));
        chmodSync(join(root, 'proj'), 0o755);
        chmodSync(join(root, 'proj/bin'), 0o755);
        chmodSync(join(root, 'proj/bin/run'), 0o755);
        chmodSync(join(root, 'proj/README.md'), 0o644);
        const names = ['proj/', 'proj/README.md', 'proj/bin/', 'proj/bin/run', 'proj/link', 'proj/again.md'];
        const members: TarMember[] = [
          { path: 'proj/' },
          { path: 'proj/README.md', content: '# proj\n' },
          { path: 'proj/bin/' },
          { path: 'proj/bin/run', content: '#!/bin/sh\necho run\n', mode: 0o755 },
          { path: 'proj/link', type: 'symlink', linkTarget: 'README.md' },
          { path: 'proj/again.md', type: 'hardlink', linkTarget: 'proj/README.md' },
        ];
        if (format === 'pax' || format === 'gnu') {
          const long = `proj/${A60}/${A60}/n.txt`;
          mkdirSync(join(root, `proj/${A60}/${A60}`), { recursive: true });
          writeFileSync(join(root, long), 'n\n');
          chmodSync(join(root, long), 0o644);
          symlinkSync('t'.repeat(140), join(root, 'proj/far'));
          writeFileSync(join(root, 'proj/naïve.txt'), 'é\n');
          chmodSync(join(root, 'proj/naïve.txt'), 0o644);
          names.push(long, 'proj/far', 'proj/naïve.txt');
          members.push(
            { path: long, content: 'n\n' },
            { path: 'proj/far', type: 'symlink', linkTarget: 't'.repeat(140) },
            { path: 'proj/naïve.txt', content: 'é\n' },
          );
        }
        const gnuFormat = format === 'pax' ? 'posix' : format;
        const owner = ['--owner=builder:1000', '--group=builder:1000']; // v7 keeps only the ids
        const pax = format === 'pax' ? ['--pax-option=delete=atime,delete=ctime'] : [];
        const args = ['-c', '-f', join(dir, 'gnu.tar'), `--format=${gnuFormat}`, ...owner, ...pax, '--mtime=@1700000000', '--no-recursion', '-C', root, ...names];
        execFileSync(TAR, args);
        const theirs = readFileSync(join(dir, 'gnu.tar'));
        const ours = writeTar(members, { format });
        expect(Buffer.from(ours).equals(theirs)).toBe(true);
      } finally {
        rmSync(dir, { recursive: true });
      }
    });
  }
});
