/**
 * Detection by content: every format's real first bytes (made by the fixture writers) name it, and
 * heads that only resemble one do not. The corpus tests choose their rows by detect(), so a format
 * that stopped being detected would leave them with nothing to check: this is where that fails.
 */
import { describe, expect, it } from 'vitest';
import { writeBzip2 } from '../../../test-fixtures/src/bzip2-writer.js';
import { writeCpio, type CpioWriteFormat } from '../../../test-fixtures/src/cpio-writer.js';
import { writeGzip } from '../../../test-fixtures/src/gzip-writer.js';
import { pycHeader } from '../../../test-fixtures/src/pyc-writer.js';
import { writeTar, type TarFormat } from '../../../test-fixtures/src/tar-writer.js';
import { writeXar } from '../../../test-fixtures/src/xar-writer.js';
import { writeZip } from '../../../test-fixtures/src/zip-writer.js';
import { DETECT_BYTES, detect, detectByMagic } from './detect.js';

const head = (bytes: Uint8Array): Uint8Array => bytes.subarray(0, DETECT_BYTES);
const text = (s: string): Uint8Array => new TextEncoder().encode(s);
const cpioEntry = { name: 'a.txt', type: 'file' as const, perm: 0o644, uid: 0, gid: 0, mtime: 1700000000, data: 'a\n' };

/** A binary cpio of one member whose namesize field is overwritten (its name "a.txt" has 6 bytes with the NUL). */
function binaryHeaderWithNamesize(namesize: number): Uint8Array {
  const bytes = Uint8Array.from(writeCpio('bin-le', [cpioEntry]));
  new DataView(bytes.buffer).setUint16(20, namesize, true); // 20 - c_namesize
  return bytes;
}

/** An empty binary cpio whose trailer's mode is 0 (the writer gives it a regular file's type). */
function binaryTrailerWithModeZero(): Uint8Array {
  const bytes = Uint8Array.from(writeCpio('bin-le', []));
  new DataView(bytes.buffer).setUint16(6, 0, true); // 6 - c_mode
  return bytes;
}

describe('detect', () => {
  const archives: Array<[string, Uint8Array, string]> = [
    ...(['v7', 'ustar', 'gnu', 'pax'] as TarFormat[]).map((format): [string, Uint8Array, string] => [`tar (${format})`, writeTar([{ path: 'a.txt', content: 'a\n' }], { format }), 'tar']),
    // A tar starts with its first member's name, which may begin with another format's magic: the
    // tar checksum decides (these names made an odc cpio, a xar, a bzip2 and a zip of a tar before).
    ...['PKG-INFO', '070707-notes.txt', '070701', 'xar!notes', 'BZh91AY&SY', 'PK\u0003\u0004'].map((path): [string, Uint8Array, string] => [
      `tar whose first member is named ${JSON.stringify(path)}`, writeTar([{ path, content: 'a\n' }]), 'tar',
    ]),
    ['zip', writeZip([{ name: 'a.txt', data: 'a\n' }]), 'zip'],
    ['empty zip (its end record first)', writeZip([]), 'zip'],
    ...(['odc', 'newc', 'crc', 'bin-le', 'bin-be'] as CpioWriteFormat[]).map((format): [string, Uint8Array, string] => [`cpio (${format})`, writeCpio(format, [cpioEntry]), 'cpio']),
    ['empty binary cpio (its trailer only)', writeCpio('bin-le', []), 'cpio'],
    ['binary cpio whose first name runs past the bytes detection sees', writeCpio('bin-be', [{ ...cpioEntry, name: `${'d/'.repeat(300)}a.txt` }]), 'cpio'],
    ['binary cpio whose trailer has mode 0 (as GNU cpio writes it)', binaryTrailerWithModeZero(), 'cpio'],
    ['xar', writeXar([{ name: 'a.txt', type: 'file', mode: 0o644, uid: 0, gid: 0, mtime: 1700000000, data: 'a\n' }], { creationTime: null }), 'xar'],
    ['gzip', writeGzip('a\n'), 'gzip'],
    ['bzip2', writeBzip2('a\n'), 'bzip2'],
    ['bzip2 of nothing (the end-of-stream magic after BZh)', writeBzip2(''), 'bzip2'],
    // xz file format 1.1.0, 2.1.1.1: the stream header magic; RFC 8878, 3.1.1: the zstd frame magic.
    ['xz', Uint8Array.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00, 0x00, 0x04]), 'xz'],
    ['zstd', Uint8Array.from([0x28, 0xb5, 0x2f, 0xfd, 0x04, 0x58]), 'zstd'],
    ['.pyc of Python 3.11', pycHeader({ python: '3.11', kind: 'timestamp', sourceMtime: 1700000000, sourceSize: 10 }), 'pyc'],
    ['.pyc of Python 2.7', pycHeader({ python: '2.7', sourceMtime: 1700000000 }), 'pyc'],
  ];
  it.each(archives)('names %s by its first bytes', (_, bytes, format) => {
    expect(detectByMagic(head(bytes))).toBe(format);
    expect(detect(head(bytes))).toBe(format);
  });

  const lookalikes: Array<[string, Uint8Array, string]> = [
    ['text that starts like a zip central header', text('PK\u0001\u0002 is not a local header\n'), 'text'],
    ['text that starts with BZh and a block size of 0', text('BZh0 and more\n'), 'text'],
    ['text of octal digits that is not a cpio header', text('0123456789\n'), 'text'],
    ['a block of zeros (a tar end, not a header)', new Uint8Array(512), 'binary'],
    // Two bytes are the old binary cpio's whole magic: one file in 32,768 starts with them.
    ['binary data after the binary cpio magic: no file type in the mode', Uint8Array.from([0xc7, 0x71, ...new Array<number>(510).fill(0xff)]), 'binary'],
    ['binary data after the binary cpio magic: a name of no bytes', Uint8Array.from([0x71, 0xc7, ...new Array<number>(510).fill(0)]), 'binary'],
    ['a binary cpio header whose namesize does not end at the name\'s NUL', binaryHeaderWithNamesize(3), 'binary'],
    ['bytes with "\\r\\n" after an unknown Python magic', Uint8Array.from([0x01, 0x02, 0x0d, 0x0a, 0, 0, 0, 0]), 'binary'],
    ['an HTML page', text('<!DOCTYPE html><html><body>Not Found</body></html>\n'), 'html'],
    ['nothing', new Uint8Array(0), 'empty'],
  ];
  it.each(lookalikes)('does not take %s for an archive', (_, bytes, what) => {
    expect(detectByMagic(head(bytes))).toBeNull();
    expect(detect(head(bytes))).toBe(what);
  });

  it('does not take a tar header with a damaged checksum for tar', () => {
    const tar = writeTar([{ path: 'a.txt', content: 'a\n' }]);
    const damaged = Uint8Array.from(tar.subarray(0, 512));
    damaged[0] = 0x62; // 'a' → 'b' in the name: the stored checksum no longer holds
    expect(detectByMagic(damaged)).toBeNull();
    expect(detect(damaged)).toBe('binary');
  });

  it('reads a Buffer and a Uint8Array alike', () => {
    const zip = writeZip([{ name: 'a.txt', data: 'a\n' }]);
    expect(detectByMagic(Buffer.from(head(zip)))).toBe('zip');
    expect(detectByMagic(Uint8Array.from(head(zip)))).toBe('zip');
  });
});
