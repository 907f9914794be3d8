import { describe, expect, it } from 'vitest';
import { sniffContent } from './sniff.js';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('sniffContent', () => {
  it.each([
    ['text', 'README.md', enc('# hello\nworld ☃\n')],
    ['text', 'empty', enc('')],
    ['text', 'index.html', enc('<!DOCTYPE html>\n<html><body/></html>\n')],
    ['text', 'notes.txt', enc('<b>not xml by name</b>\n')],
    ['text', 'broken.json', enc('{"a": 1,\n')],
    ['json', 'package.json', enc('\uFEFF {"name": "x"}\n')],
    ['json', 'data', enc('[1, 2]')],
    ['xml', 'any', enc('<?xml version="1.0"?><a/>')],
    ['xml', 'Distribution', enc('<installer-gui-script minSpecVersion="1"/>')],
    ['xml', 'PackageInfo', enc('<pkg-info identifier="x"/>')],
    ['xml', 'toc', enc('<xar><toc/></xar>')],
    ['xml', 'pom.xml', enc('<!-- c -->\n<project/>')],
    ['binary', 'a.bin', Uint8Array.from([0x7f, 0x45, 0x4c, 0x46, 0, 1])],
    ['binary', 'no-nul', Uint8Array.from([0x7f, 0x45, 0x4c, 0x46, 1])],
    ['text', 'ansi.log', enc('\u001b[31mred\u001b[0m\tok\r\n\f')],
    ['binary', 'latin1.txt', Uint8Array.from([0x63, 0x61, 0x66, 0xe9, 0x0a])],
    ['pyc', 'x.cpython-311.pyc', Uint8Array.from([0xa7, 0x0d, 0x0d, 0x0a, ...new Array<number>(16).fill(0)])],
  ] as const)('%s: %s', (kind, path, bytes) => {
    expect(sniffContent(bytes, path)).toBe(kind);
  });

  it('passes a multi-byte character cut at the sniff boundary', () => {
    const bytes = enc('a'.repeat(64 * 1024 - 1) + '☃ more text\n');
    expect(sniffContent(bytes, 'big.txt')).toBe('text');
  });
});
