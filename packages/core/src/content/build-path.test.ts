import { describe, expect, it } from 'vitest';
import { buildPathOnly } from './build-path.js';

const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('buildPathOnly', () => {
  it('finds a build directory that differs in its last segment', () => {
    const script = (dir: string): string => `#!${dir}/venv/bin/python3\nimport sys\nsys.path.insert(0, "${dir}/src")\n`;
    expect(buildPathOnly(script('/build/pkg-1a2b'), script('/build/pkg-9z8y'))).toEqual({
      a: '/build/pkg-1a2b',
      b: '/build/pkg-9z8y',
      occurrences: 2,
      pairs: [{ a: '/build/pkg-1a2b', b: '/build/pkg-9z8y', occurrences: 2 }],
    });
  });

  it('finds prefixes of different lengths and shapes (.pc file)', () => {
    const pc = (prefix: string): string =>
      `prefix=${prefix}/install\nlibdir=\${prefix}/lib\n\nName: foo\nCflags: -I${prefix}/install/include\n`;
    expect(buildPathOnly(pc('/home/alice/build'), pc('/builds/ci/42'))).toMatchObject({
      a: '/home/alice/build',
      b: '/builds/ci/42',
      occurrences: 2,
    });
  });

  it('finds a temporary directory named alone, and two prefix pairs in turn', () => {
    const a = 'SRC=/tmp/tmpabc123/\nOUT=/home/alice/out/bin\n';
    const b = 'SRC=/tmp/tmpxyz789/\nOUT=/home/bob/out/bin\n';
    expect(buildPathOnly(a, b)).toEqual({
      a: '/tmp/tmpabc123',
      b: '/tmp/tmpxyz789',
      occurrences: 1,
      pairs: [
        { a: '/tmp/tmpabc123', b: '/tmp/tmpxyz789', occurrences: 1 },
        { a: '/home/alice', b: '/home/bob', occurrences: 1 },
      ],
    });
  });

  it('works on binaries, with paths of the same or different lengths', () => {
    const elf = (dir: string): Uint8Array =>
      Uint8Array.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0, 0, ...ascii(`${dir}/src/main.c`), 0, 0xff, 0x00, ...ascii(`${dir}/obj`), 0, 1, 2]);
    expect(buildPathOnly(elf('/build/pkg-1a2b'), elf('/build/pkg-9z8y'))).toMatchObject({ a: '/build/pkg-1a2b', b: '/build/pkg-9z8y', occurrences: 2 });
    expect(buildPathOnly(elf('/home/alice/build'), elf('/builds/ci/42'))).toMatchObject({ a: '/home/alice/build', b: '/builds/ci/42', occurrences: 2 });
  });

  it('is null for a real content change next to a build path', () => {
    const a = 'root=/build/pkg-1a2b\nversion=1.2.0\n';
    const b = 'root=/build/pkg-9z8y\nversion=1.3.0\n';
    expect(buildPathOnly(a, b)).toBeNull();
    expect(buildPathOnly('version=1.2.0\n', 'version=1.3.0\n')).toBeNull();
  });

  it('is null for another file or another system library, which are not build directories', () => {
    expect(buildPathOnly('LIB=/usr/lib/libfoo.so\n', 'LIB=/usr/lib/libbar.so\n')).toBeNull();
    expect(buildPathOnly('py=/usr/lib/python3.11/os.py\n', 'py=/usr/lib/python3.12/os.py\n')).toBeNull();
    expect(buildPathOnly('see /docs/a.html\n', 'see /docs/b.html\n')).toBeNull();
  });

  it('is null for equal content', () => {
    expect(buildPathOnly('/build/x/y', '/build/x/y')).toBeNull();
  });
});
