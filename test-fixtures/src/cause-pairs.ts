/**
 * Pairs for the causes the single-format pairs do not cover, each differing in one thing:
 * a build path captured in a file, a date written into a file, lines in another order, names in
 * another Unicode normalization, a .pyc from another Python, a .pyc written with other reference
 * flags by the same one, a change three archives down, plain files, and an identical pair. Names:
 * `cause/<case>/a.<ext>` and `b.<ext>`.
 */
import type { Fixture } from './fixture.js';
import { writeGzip } from './gzip-writer.js';
import { writeTar, type TarMember } from './tar-writer.js';
import { writeZip, type ZipEntry } from './zip-writer.js';
import { marshalAssignModule, writePyc } from './pyc-writer.js';
import { writeEgg, ZIP_BUILD_TIME } from './zip-pairs.js';

const TIME = 1700000000;
/** gzip header as `tar czf` writes it with GNU gzip: no name, MTIME 0, OS Unix. */
const gz = (tar: Uint8Array) => writeGzip(tar, { mtime: 0, os: 3 });
const file = (path: string, content: string | Uint8Array, mode = 0o644): TarMember => ({ path, content, mode, mtime: TIME });

/** A small project; `extra` members are added to (or replace) the common ones. */
function project(extra: TarMember[]): Uint8Array {
  const base: TarMember[] = [
    { path: 'acme-2.0/', type: 'dir', mode: 0o755, mtime: TIME },
    file('acme-2.0/README.md', '# acme\n\nThe acme tool.\n'),
    file('acme-2.0/acme.py', 'def main():\n    print("acme")\n'),
  ];
  const byPath = new Map(base.map((m) => [m.path, m]));
  for (const m of extra) byPath.set(m.path, m);
  return gz(writeTar([...byPath.values()]));
}

const pkgconfig = (prefix: string) =>
  `prefix=${prefix}/install\nlibdir=\${prefix}/lib\nincludedir=\${prefix}/include\n\nName: acme\nVersion: 2.0\nLibs: -L\${libdir} -lacme\nCflags: -I\${includedir}\n`;

const versionFile = (built: string) => `acme 2.0\nBuilt on ${built} by make\n`;

const FILE_LIST = ['acme.py', 'cli.py', 'config.py', 'io.py', 'util.py'];
const sources = (names: string[]) => `${names.join('\n')}\n`;

/** The same module compiled by two Pythons: 3.11 and 3.12 magic numbers, same code bytes. */
const pyc = (python: '3.11' | '3.12') => writePyc({ python, kind: 'timestamp', sourceMtime: TIME, sourceSize: 6 }, marshalAssignModule('x', 1));
/** The same code object, its int constant written with FLAG_REF or without (every later reference index one less). */
const pycRefs = (valueRef: boolean) => writePyc({ python: '3.12', kind: 'timestamp', sourceMtime: TIME, sourceSize: 6 }, marshalAssignModule('x', 1, 'm.py', { valueRef }));

/** A zip holding an egg: the middle of the three-level pair. */
function depsZip(coreValue: string): Uint8Array {
  const egg = writeZip([
    { name: 'EGG-INFO/PKG-INFO', data: 'Metadata-Version: 1.1\nName: acme\nVersion: 2.0\n', mtime: TIME },
    { name: 'acme/__init__.py', data: '', mtime: TIME },
    { name: 'acme/core.py', data: `VALUE = ${coreValue}\n`, mtime: TIME },
  ]);
  const entries: ZipEntry[] = [{ name: 'acme-2.0-py3.11.egg', data: egg, mtime: TIME, method: 'stored' }];
  return writeZip(entries);
}

function pair(name: string, about: string, ext: string, a: () => Uint8Array, b: () => Uint8Array): Fixture[] {
  return [
    { name: `cause/${name}/a.${ext}`, about: `${about} (a)`, bytes: a },
    { name: `cause/${name}/b.${ext}`, about: `${about} (b)`, bytes: b },
  ];
}

const nfc = 'acme-2.0/docs/caf\u00e9.md';
const nfd = 'acme-2.0/docs/cafe\u0301.md';

export const causeFixtures: Fixture[] = [
  ...pair('build-path', 'acme.pc records the build directory', 'tar.gz',
    () => project([file('acme-2.0/lib/pkgconfig/acme.pc', pkgconfig('/build/acme-1a2b'))]),
    () => project([file('acme-2.0/lib/pkgconfig/acme.pc', pkgconfig('/build/acme-9z8y'))])),
  ...pair('embedded-time', 'VERSION records when it was built', 'tar.gz',
    () => project([file('acme-2.0/VERSION', versionFile('Tue Nov 14 22:13:20 UTC 2023'))]),
    () => project([file('acme-2.0/VERSION', versionFile('Wed Nov 15 09:41:07 UTC 2023'))])),
  ...pair('content-order', 'SOURCES lists the same files in readdir order', 'tar.gz',
    () => project([file('acme-2.0/SOURCES', sources(FILE_LIST))]),
    () => project([file('acme-2.0/SOURCES', sources(['util.py', 'acme.py', 'io.py', 'cli.py', 'config.py']))])),
  ...pair('path-encoding', 'a name written NFC on Linux and NFD by macOS', 'tar.gz',
    () => project([file(nfc, '# Café\n')]),
    () => project([file(nfd, '# Café\n')])),
  ...pair('toolchain', 'a .pyc compiled by Python 3.11 and by 3.12', 'tar.gz',
    () => project([file('acme-2.0/__pycache__/acme.cpython.pyc', pyc('3.11'))]),
    () => project([file('acme-2.0/__pycache__/acme.cpython.pyc', pyc('3.12'))])),
  ...pair('pyc-refs', "a .pyc compiled twice by one Python: the same code objects, written with other reference flags (marshal's FLAG_REF)", 'tar.gz',
    () => project([file('acme-2.0/__pycache__/acme.cpython.pyc', pycRefs(true))]),
    () => project([file('acme-2.0/__pycache__/acme.cpython.pyc', pycRefs(false))])),
  ...pair('three-levels', 'a file inside an egg inside a zip inside the tar.gz changed', 'tar.gz',
    () => project([file('acme-2.0/vendor/deps.zip', depsZip('1'))]),
    () => project([file('acme-2.0/vendor/deps.zip', depsZip('2'))])),
  ...pair('egg-in-tar', 'a tar.gz holding an egg built twice (member times and .pyc header)', 'tar.gz',
    () => project([file('acme-2.0/dist/acme-1.0.0-py3.11.egg', writeEgg(ZIP_BUILD_TIME))]),
    () => project([file('acme-2.0/dist/acme-1.0.0-py3.11.egg', writeEgg(ZIP_BUILD_TIME + 3600))])),
  ...pair('plain-text', 'two plain text files, one line changed', 'txt',
    () => new TextEncoder().encode('alpha\nbeta\ngamma\n'),
    () => new TextEncoder().encode('alpha\nBETA\ngamma\n')),
  ...pair('gzipped-file', 'a gzipped JSON file (no FNAME, so its member is named after the file: a.json, b.json), one value changed', 'json.gz',
    () => gz(new TextEncoder().encode('{"name": "acme", "version": "2.0", "files": 3}\n')),
    () => gz(new TextEncoder().encode('{"name": "acme", "version": "2.0", "files": 4}\n'))),
  ...pair('identical', 'the same bytes twice', 'tar.gz', () => project([]), () => project([])),
];
