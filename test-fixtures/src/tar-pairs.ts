/**
 * Pairs of tar archives (tar/<case>/a.* and b.*) that differ in exactly ONE thing each, the way
 * two builds of the same project differ: the cause the differ must name. A base tree of a small
 * Python project, written with fixed times, owners and order, then varied one knob at a time.
 */
import { crc32 } from 'node:zlib';
import type { Fixture } from './fixture.js';
import { writeTar, type TarMember, type TarFormat, type TarOptions } from './tar-writer.js';
import { writeGzip, writeGzipMembers, type GzipOptions } from './gzip-writer.js';
import { writeBzip2, writeBzip2Streams } from './bzip2-writer.js';

/** 2023-11-14T22:13:20Z, the base build time; the "rebuild" one hour later. */
export const BUILD_TIME = 1700000000;
export const REBUILD_TIME = BUILD_TIME + 3600;

/** What `tar czf` gives: GNU tar pipes into gzip, so no FNAME and MTIME 0; Unix; level 6. */
export const TAR_CZF: GzipOptions = { mtime: 0, os: 3, level: 6 };

export interface TreeOptions {
  mtime?: number;
  /** 0o022 gives 0644/0755, 0o002 gives 0664/0775. */
  umask?: number;
  owner?: { uid: number; gid: number; uname: string; gname: string };
  /** The target of acme-tool/bin/acme-cli. */
  cliTarget?: string;
  /** acme-tool/bin/acme-cli as a symlink (default) or as a copy of bin/acme (`tar -h` dereferences). */
  cliAsFile?: boolean;
  version?: string;
  /** One more module, as when a build picks up a stray file. */
  extra?: boolean;
}

const PYPROJECT = (version: string): string => `[project]
name = "acme-tool"
version = "${version}"
description = "Small command line helpers"
requires-python = ">=3.9"

[project.scripts]
acme = "acme.cli:main"
`;

const CLI_PY = `import argparse

from acme.util import greet


def main(argv=None):
    parser = argparse.ArgumentParser(prog="acme")
    parser.add_argument("name", nargs="?", default="world")
    args = parser.parse_args(argv)
    print(greet(args.name))
    return 0
`;

const UTIL_PY = `def greet(name):
    """Return a friendly greeting."""
    return f"hello, {name}"
`;

const BIN_ACME = `#!/usr/bin/env python3
import sys

from acme.cli import main

sys.exit(main())
`;

const README = `# acme-tool

Small command line helpers.

    pip install acme-tool
    acme world
`;

const LICENSE = `MIT License

Copyright (c) 2023 Acme

Permission is hereby granted, free of charge, to any person obtaining a copy of this software.
`;

const DEFAULTS_JSON = `${JSON.stringify({ greeting: 'hello', color: false, retries: 3 }, null, 2)}\n`;

/** The members of the base tree, in `tar --sort=name` order. */
export function projectTree(options: TreeOptions = {}): TarMember[] {
  const umask = options.umask ?? 0o022;
  const mtime = options.mtime ?? BUILD_TIME;
  const owner = options.owner ?? { uid: 1000, gid: 1000, uname: 'builder', gname: 'builder' };
  const version = options.version ?? '1.0.0';
  const dir = (path: string): TarMember => ({ path, type: 'dir', mode: 0o777 & ~umask, mtime, ...owner });
  const file = (path: string, content: string | Uint8Array, exec = false): TarMember => ({
    path,
    content,
    mode: (exec ? 0o777 : 0o666) & ~umask,
    mtime,
    ...owner,
  });
  const cli: TarMember = options.cliAsFile
    ? file('acme-tool/bin/acme-cli', BIN_ACME, true)
    : { path: 'acme-tool/bin/acme-cli', type: 'symlink', linkTarget: options.cliTarget ?? 'acme', mtime, ...owner };
  const members: TarMember[] = [
    dir('acme-tool/'),
    file('acme-tool/LICENSE', LICENSE),
    file('acme-tool/README.md', README),
    dir('acme-tool/assets/'),
    file('acme-tool/assets/logo.png', tinyPng()),
    dir('acme-tool/bin/'),
    file('acme-tool/bin/acme', BIN_ACME, true),
    cli,
    dir('acme-tool/config/'),
    file('acme-tool/config/defaults.json', DEFAULTS_JSON),
    file('acme-tool/pyproject.toml', PYPROJECT(version)),
    dir('acme-tool/src/'),
    dir('acme-tool/src/acme/'),
    file('acme-tool/src/acme/__init__.py', `__version__ = "${version}"\n`),
    file('acme-tool/src/acme/cli.py', CLI_PY),
    file('acme-tool/src/acme/util.py', UTIL_PY),
  ];
  if (options.extra) members.push(file('acme-tool/src/acme/zz_debug.py', 'DEBUG = True\n'));
  return members;
}

/**
 * A 1×1 opaque orange PNG, every byte made here: signature, IHDR, IDAT holding a zlib stream with
 * one stored (uncompressed) deflate block, IEND. (Stored, so no compressor version shows in it.)
 */
export function tinyPng(): Uint8Array {
  const chunk = (type: string, data: number[]): number[] => {
    const body = [...type].map((c) => c.charCodeAt(0)).concat(data);
    return [...be32(data.length), ...body, ...be32(crc32(Uint8Array.from(body)))]; // length, type+data, CRC
  };
  const scanline = [0, 0xff, 0x88, 0x00, 0xff]; // filter 0 (none), then R G B A
  const zlib = [
    0x78, 0x01, //                   CMF (deflate, 32K window), FLG (no dictionary, check bits)
    0x01, //                         BFINAL 1, BTYPE 00: a stored block
    0x05, 0x00, 0xfa, 0xff, //       LEN 5, NLEN = ~LEN
    ...scanline,
    ...be32(adler32(scanline)), //   Adler-32 of the data, big-endian
  ];
  return Uint8Array.from([
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, // PNG signature
    // IHDR: width 1, height 1, bit depth 8, colour type 6 (RGBA), deflate, filter 0, no interlace
    ...chunk('IHDR', [...be32(1), ...be32(1), 8, 6, 0, 0, 0]),
    ...chunk('IDAT', zlib),
    ...chunk('IEND', []),
  ]);
}

function be32(v: number): number[] {
  return [(v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff];
}

function adler32(data: number[]): number {
  let a = 1;
  let b = 0;
  for (const d of data) {
    a = (a + d) % 65521;
    b = (b + a) % 65521;
  }
  return ((b << 16) | a) >>> 0;
}

/** A tar of the tree (pax by default, like `tar --format=posix`). */
function tar(options: TreeOptions = {}, format: TarFormat = 'pax', order?: (m: TarMember[]) => TarMember[], writer: Omit<TarOptions, 'format'> = {}): Uint8Array {
  const members = projectTree(options);
  return writeTar(order ? order(members) : members, { ...writer, format });
}

/**
 * "Filesystem order": what `tar czf` without --sort gives, the order readdir() returned (here a
 * fixed shuffle that keeps every directory before what it holds).
 */
function readdirOrder(members: TarMember[]): TarMember[] {
  const order = [
    'acme-tool/', 'acme-tool/src/', 'acme-tool/src/acme/', 'acme-tool/src/acme/util.py', 'acme-tool/src/acme/__init__.py',
    'acme-tool/src/acme/cli.py', 'acme-tool/pyproject.toml', 'acme-tool/bin/', 'acme-tool/bin/acme-cli', 'acme-tool/bin/acme',
    'acme-tool/README.md', 'acme-tool/config/', 'acme-tool/config/defaults.json', 'acme-tool/assets/',
    'acme-tool/assets/logo.png', 'acme-tool/LICENSE',
  ];
  return order.map((path) => {
    const m = members.find((x) => x.path === path);
    if (m === undefined) throw new Error(`tar-pairs: no member ${path}`);
    return m;
  });
}

const gz = (bytes: Uint8Array, options: GzipOptions = TAR_CZF): Uint8Array => writeGzip(bytes, options);

/**
 * GNU tar --format=posix keeps each file's access and change times in its pax header (atime,
 * ctime, with fractions): reading and copying the tree at build time sets them, whatever the
 * modification times are clamped to.
 */
const paxAccessTimes = (at: number) => (members: TarMember[]): TarMember[] =>
  members.map((m) => ({ ...m, pax: { ...m.pax, atime: `${at}.25`, ctime: `${at}.5` } }));

interface Case {
  name: string;
  about: string;
  a: () => Uint8Array;
  b: () => Uint8Array;
}

const ROOT = { uid: 0, gid: 0, uname: 'root', gname: 'root' };

/** The gzip pairs: `tar/<name>/a.tar.gz` and `b.tar.gz`. */
const gzipCases: Case[] = [
  {
    name: 'member-mtimes',
    about: 'every member mtime differs (built an hour later, no SOURCE_DATE_EPOCH); nothing else',
    a: () => gz(tar()),
    b: () => gz(tar({ mtime: REBUILD_TIME })),
  },
  {
    name: 'gzip-mtime',
    about: 'only the gzip header MTIME differs (`gzip acme-tool-1.0.0.tar` an hour apart); same tar inside',
    a: () => gz(tar(), { ...TAR_CZF, fname: 'acme-tool-1.0.0.tar', mtime: BUILD_TIME }),
    b: () => gz(tar(), { ...TAR_CZF, fname: 'acme-tool-1.0.0.tar', mtime: REBUILD_TIME }),
  },
  {
    name: 'gzip-fname-os',
    about: 'gzip header only: a from `gzip acme-tool-1.0.0.tar` on Linux (FNAME, OS 3), b from a tool on Windows that stores no name (OS 0 FAT)',
    a: () => gz(tar(), { ...TAR_CZF, fname: 'acme-tool-1.0.0.tar' }),
    b: () => gz(tar(), { ...TAR_CZF, os: 0 }),
  },
  {
    name: 'umask',
    about: 'modes differ: built under umask 022 (0644/0755) vs 002 (0664/0775)',
    a: () => gz(tar({ umask: 0o022 })),
    b: () => gz(tar({ umask: 0o002 })),
  },
  {
    name: 'owner',
    about: 'owner differs: builder:builder 1000/1000 vs root:root 0/0 (built in a container as root)',
    a: () => gz(tar()),
    b: () => gz(tar({ owner: ROOT })),
  },
  {
    name: 'order',
    about: 'member order differs: sorted by name vs readdir order (no --sort=name)',
    a: () => gz(tar()),
    b: () => gz(tar({}, 'pax', readdirOrder)),
  },
  {
    name: 'format',
    about: 'tar format differs: POSIX pax (magic "ustar\\0" "00") vs GNU (magic "ustar  \\0"); same members',
    a: () => gz(tar({}, 'pax')),
    b: () => gz(tar({}, 'gnu')),
  },
  {
    name: 'number-form',
    about: 'the same members written by GNU tar ("0000644\\0") and by bsdtar, libarchive ("000644 \\0", size and mtime ending in a space)',
    a: () => gz(tar()),
    b: () => gz(tar({}, 'pax', undefined, { numbers: 'libarchive' })),
  },
  {
    name: 'uncleared-names',
    about: "b's writer reuses its header buffer: after a name shorter than the one before, that one's last bytes stay past the NUL",
    a: () => gz(tar()),
    b: () => gz(tar({}, 'pax', undefined, { unclearedNames: true })),
  },
  {
    name: 'pax-times',
    about: 'pax headers hold atime and ctime (GNU tar --format=posix), an hour apart; the mtimes are the same',
    a: () => gz(tar({}, 'pax', paxAccessTimes(BUILD_TIME))),
    b: () => gz(tar({}, 'pax', paxAccessTimes(REBUILD_TIME))),
  },
  {
    name: 'pax-header-names',
    about: "pax headers named by GNU tar's old template %d/PaxHeaders.%p/%f: the process ids differ (4242, 4243)",
    a: () => gz(tar({}, 'pax', paxAccessTimes(BUILD_TIME), { paxHeaders: 'PaxHeaders.4242' })),
    b: () => gz(tar({}, 'pax', paxAccessTimes(BUILD_TIME), { paxHeaders: 'PaxHeaders.4243' })),
  },
  {
    name: 'record-size',
    about: 'the same members; the end padded to 10,240-byte records (GNU tar -b 20) vs 512-byte ones (-b 1)',
    a: () => gz(tar()),
    b: () => gz(tar({}, 'pax', undefined, { recordSize: 512 })),
  },
  {
    name: 'gzip-level',
    about: 'gzip level differs: -6 (XFL 0) vs -9 (XFL 2); same tar inside',
    a: () => gz(tar(), { ...TAR_CZF, level: 6 }),
    b: () => gz(tar(), { ...TAR_CZF, level: 9 }),
  },
  {
    name: 'gzip-members',
    about: 'the same tar gzipped as one member vs two (the first 10,240 bytes, then the rest: a stream written in pieces)',
    a: () => gz(tar()),
    b: () => {
      const bytes = tar();
      return writeGzipMembers([{ data: bytes.subarray(0, 10240), options: TAR_CZF }, { data: bytes.subarray(10240), options: TAR_CZF }]);
    },
  },
  {
    name: 'order-and-level',
    about: 'two knobs at once: member order (sorted vs readdir) and gzip level (-6, XFL 0, vs -9, XFL 2)',
    a: () => gz(tar()),
    b: () => gz(tar({}, 'pax', readdirOrder), { ...TAR_CZF, level: 9 }),
  },
  {
    name: 'added-removed',
    about: 'b has one member more: acme-tool/src/acme/zz_debug.py',
    a: () => gz(tar()),
    b: () => gz(tar({ extra: true })),
  },
  {
    name: 'symlink-target',
    about: 'the symlink acme-tool/bin/acme-cli points to "acme" in a and "./acme" in b',
    a: () => gz(tar()),
    b: () => gz(tar({ cliTarget: './acme' })),
  },
  {
    name: 'file-type',
    about: 'acme-tool/bin/acme-cli is a symlink in a and a regular file (a copy, as `tar -h` stores it) in b',
    a: () => gz(tar()),
    b: () => gz(tar({ cliAsFile: true })),
  },
  {
    name: 'content',
    about: 'one file\'s text differs: src/acme/util.py says "hello" in a and "hi" in b',
    a: () => gz(tar()),
    b: () => gz(writeTar(projectTree().map((m) => (m.path.endsWith('/util.py') ? { ...m, content: UTIL_PY.replace('hello', 'hi') } : m)))),
  },
  {
    name: 'nested',
    about: 'a release tar.gz holding dist/inner.tar.gz; the inner archives differ in one file (src/acme/__init__.py version 1.0.0 vs 1.0.1)',
    a: () => gz(outer(gz(tar()))),
    b: () => gz(outer(gz(writeTar(projectTree().map((m) => (m.path.endsWith('__init__.py') ? { ...m, content: '__version__ = "1.0.1"\n' } : m)))))),
  },
];

/** A release archive that carries the source tarball. */
function outer(inner: Uint8Array): Uint8Array {
  return writeTar([
    { path: 'release/' },
    { path: 'release/NOTES.txt', content: 'acme-tool release bundle\n' },
    { path: 'release/dist/' },
    { path: 'release/dist/inner.tar.gz', content: inner },
  ]);
}

/** The bzip2 pairs: `tar/<name>/a.tar.bz2` and `b.tar.bz2`, next to the gzip ones of the same case. */
const bzip2Cases: Case[] = [
  {
    name: 'member-mtimes',
    about: 'every member mtime differs; bzip2 -9 (which stores no name and no time)',
    a: () => writeBzip2(tar()),
    b: () => writeBzip2(tar({ mtime: REBUILD_TIME })),
  },
  {
    name: 'content',
    about: 'one file\'s text differs (src/acme/util.py); bzip2 -9',
    a: () => writeBzip2(tar()),
    b: () => writeBzip2(writeTar(projectTree().map((m) => (m.path.endsWith('/util.py') ? { ...m, content: UTIL_PY.replace('hello', 'hi') } : m)))),
  },
];

/**
 * pbzip2-style: the tar cut into three pieces, each compressed as a whole bzip2 stream, the
 * streams written one after the other. `bzip2 -d` reads it as one file.
 */
function multistream(): Uint8Array {
  const bytes = tar();
  const third = Math.ceil(bytes.byteLength / 3);
  return writeBzip2Streams([bytes.subarray(0, third), bytes.subarray(third, 2 * third), bytes.subarray(2 * third)], { level: 9 });
}

export const tarFixtures: Fixture[] = [
  ...gzipCases.flatMap((c) => [
    { name: `tar/${c.name}/a.tar.gz`, about: `${c.name} (a): ${c.about}`, bytes: c.a },
    { name: `tar/${c.name}/b.tar.gz`, about: `${c.name} (b): ${c.about}`, bytes: c.b },
  ]),
  ...bzip2Cases.flatMap((c) => [
    { name: `tar/${c.name}/a.tar.bz2`, about: `${c.name} (a, bzip2): ${c.about}`, bytes: c.a },
    { name: `tar/${c.name}/b.tar.bz2`, about: `${c.name} (b, bzip2): ${c.about}`, bytes: c.b },
  ]),
  { name: 'tar/multistream/a.tar.bz2', about: 'the base tree in three concatenated bzip2 streams (pbzip2 style); a single file, no pair', bytes: multistream },
  { name: 'tar/plain/a.tar', about: 'the base tree as a plain pax tar, no compression; a single file', bytes: () => tar() },
];
