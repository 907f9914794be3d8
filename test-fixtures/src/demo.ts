/**
 * The bundled demo pair, the first thing a newcomer runs whydiff on: a small release tarball,
 * myapp-1.0.0.tar.gz, built twice. b was "rebuilt" on CI with several causes at once:
 * - every member's mtime differs (no SOURCE_DATE_EPOCH: checkout times);
 * - the gzip header MTIME differs (`gzip myapp-1.0.0.tar` ran at build time);
 * - one file's mode differs (bin/myapp-migrate written under umask 002: 0775, not 0755);
 * - owner names differ (alice:alice on a laptop vs ci:ci on the runner; both uid/gid 1000, so
 *   only the names differ);
 * - build-info.json embeds the build directory (/home/alice/build vs /builds/ci/42);
 * - lib/myapp-plugins.zip, a zip inside the tarball, holds a compiled plugin whose .pyc header
 *   records its source's mtime, and its members' DOS times are the build times too.
 */
import type { Fixture } from './fixture.js';
import { writeTar, type TarMember } from './tar-writer.js';
import { writeGzip } from './gzip-writer.js';
import { writeZip } from './zip-writer.js';
import { marshalAssignModule, writePyc } from './pyc-writer.js';

interface Build {
  mtime: number;
  gzipMtime: number;
  uname: string;
  gname: string;
  uid: number;
  gid: number;
  buildDir: string;
  migrateMode: number;
}

/** Alice's build on her laptop, 2023-11-14T22:13:20Z. */
const LAPTOP: Build = { mtime: 1700000000, gzipMtime: 1700000012, uname: 'alice', gname: 'alice', uid: 1000, gid: 1000, buildDir: '/home/alice/build', migrateMode: 0o755 };
/** The CI rebuild two days later. */
const CI: Build = { mtime: 1700172800, gzipMtime: 1700172815, uname: 'ci', gname: 'ci', uid: 1000, gid: 1000, buildDir: '/builds/ci/42', migrateMode: 0o775 };

function members(build: Build): TarMember[] {
  const own = { uid: build.uid, gid: build.gid, uname: build.uname, gname: build.gname, mtime: build.mtime };
  const dir = (path: string): TarMember => ({ path, type: 'dir', mode: 0o755, ...own });
  const file = (path: string, content: string | Uint8Array, mode = 0o644): TarMember => ({ path, content, mode, ...own });
  return [
    dir('myapp-1.0.0/'),
    file('myapp-1.0.0/CHANGELOG.md', '# Changelog\n\n## 1.0.0\n\n- First stable release.\n- Database migrations.\n'),
    file('myapp-1.0.0/LICENSE', 'Apache License\nVersion 2.0, January 2004\nhttp://www.apache.org/licenses/\n'),
    file('myapp-1.0.0/README.md', '# myapp\n\nA tiny web service.\n\n    ./bin/myapp --port 8080\n'),
    dir('myapp-1.0.0/bin/'),
    file('myapp-1.0.0/bin/myapp', '#!/bin/sh\nexec python3 -m myapp "$@"\n', 0o755),
    file('myapp-1.0.0/bin/myapp-migrate', '#!/bin/sh\nexec python3 -m myapp.migrate "$@"\n', build.migrateMode),
    file(
      'myapp-1.0.0/build-info.json',
      `${JSON.stringify({ name: 'myapp', version: '1.0.0', commit: '3f2c9e1', buildDir: build.buildDir }, null, 2)}\n`,
    ),
    dir('myapp-1.0.0/etc/'),
    file('myapp-1.0.0/etc/myapp.conf', '[server]\nport = 8080\nworkers = 4\n'),
    dir('myapp-1.0.0/myapp/'),
    file('myapp-1.0.0/myapp/__init__.py', '__version__ = "1.0.0"\n'),
    file('myapp-1.0.0/myapp/__main__.py', 'from myapp.server import run\n\nrun()\n'),
    file('myapp-1.0.0/myapp/migrate.py', 'def migrate():\n    print("nothing to migrate")\n'),
    file('myapp-1.0.0/myapp/server.py', 'def run(port=8080):\n    print(f"listening on {port}")\n'),
    { path: 'myapp-1.0.0/myapp.conf', type: 'symlink', linkTarget: 'etc/myapp.conf', ...own },
    dir('myapp-1.0.0/lib/'),
    file('myapp-1.0.0/lib/myapp-plugins.zip', plugins(build.mtime)),
  ];
}

/** `zip -r myapp-plugins.zip plugins` after `python3.11 -m compileall plugins`, at build time. */
function plugins(mtime: number): Uint8Array {
  const source = 'x = 1\n';
  const pyc = writePyc({ python: '3.11', kind: 'timestamp', sourceMtime: mtime, sourceSize: source.length }, marshalAssignModule('x', 1, 'hello.py'));
  return writeZip([
    { name: 'plugins/', mtime, unixMode: 0o40755 },
    { name: 'plugins/hello.py', data: source, mtime, unixMode: 0o100644 },
    { name: 'plugins/__pycache__/hello.cpython-311.pyc', data: pyc, mtime, unixMode: 0o100644 },
  ]);
}

/** `tar --format=posix -cf myapp-1.0.0.tar myapp-1.0.0 && gzip -9 myapp-1.0.0.tar` */
function release(build: Build): Uint8Array {
  return writeGzip(writeTar(members(build)), { mtime: build.gzipMtime, fname: 'myapp-1.0.0.tar', os: 3, level: 9 });
}

export const demoFixtures: Fixture[] = [
  { name: 'demo/a.tar.gz', about: 'demo pair (a): myapp-1.0.0 built by alice on her laptop', bytes: () => release(LAPTOP) },
  {
    name: 'demo/b.tar.gz',
    about: 'demo pair (b): the CI rebuild: other mtimes, gzip MTIME, one mode (umask), owner names, build path in build-info.json',
    bytes: () => release(CI),
  },
];
