import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { corpusDir } from '../../../test-fixtures/src/mtree.js';
import { writeTar } from '../../../test-fixtures/src/tar-writer.js';
import { describeTarNumberForm, tarNumberForm } from './tar-number-form.js';

/** A header block with `fields` (offset → bytes as latin1) written over GNU tar's forms. */
function header(fields: Record<number, string> = {}): Uint8Array {
  const block = writeTar([{ path: 'a.txt', content: 'hello\n', mode: 0o644 }], { format: 'ustar' }).slice(0, 512);
  for (const [offset, text] of Object.entries(fields)) block.set(Buffer.from(text, 'latin1'), Number(offset));
  return block;
}

describe('tarNumberForm', () => {
  it("is null for GNU tar's numbers: zero-padded digits, then NUL; the checksum NUL, space", () => {
    expect(tarNumberForm(header())).toBeNull();
    expect(tarNumberForm(header({ 100: '7777777\0' }))).toBeNull();
  });

  it("names libarchive's forms, field by field, grouped in header order", () => {
    const block = writeTar([{ path: 'a.txt', content: 'hello\n', mode: 0o644 }], { format: 'pax', numbers: 'libarchive' }).slice(0, 512);
    expect(Buffer.from(block.subarray(100, 108)).toString('latin1')).toBe('000644 \0');
    expect(tarNumberForm(block)).toBe('mode, uid, gid, devmajor, devminor zero-padded, ending space NUL; size, mtime zero-padded, ending space');
  });

  it('tells padding and terminators apart, not the digits', () => {
    expect(tarNumberForm(header({ 100: '   644 \0' }))).toBe('mode space-padded, ending space NUL');
    expect(tarNumberForm(header({ 100: '  6644 \0' }))).toBe('mode space-padded, ending space NUL');
    expect(tarNumberForm(header({ 100: '000644\0\0' }))).toBe('mode zero-padded, ending NUL NUL');
    expect(tarNumberForm(header({ 100: '644\0\0\0\0\0' }))).toBe('mode left-aligned, NUL-padded');
    expect(tarNumberForm(header({ 100: '0000644 ' }))).toBe('mode zero-padded, ending space');
    expect(tarNumberForm(header({ 148: '0012345\0' }))).toBe('chksum zero-padded, ending NUL');
    expect(tarNumberForm(header({ 136: '000000000000' }))).toBe('mtime zero-padded, no terminator');
  });

  it('leaves out fields that are no octal number: empty, base-256, or holding other bytes', () => {
    expect(tarNumberForm(header({ 329: '\0\0\0\0\0\0\0\0' }))).toBeNull();
    expect(tarNumberForm(header({ 124: '\x80\0\0\0\0\0\0\0\0\0\0\x06' }))).toBeNull();
    expect(tarNumberForm(header({ 108: '00017x0\0' }))).toBeNull();
  });

  it("names the writers whose forms it knows, from the corpus's archives they wrote", () => {
    const first = (file: string) => readFileSync(join(corpusDir, file)).subarray(0, 512);
    expect(describeTarNumberForm(tarNumberForm(first('test_acl_pax_posix1e.tar')))).toBe('as bsdtar (libarchive) writes them');
    expect(describeTarNumberForm(tarNumberForm(first('test_compat_star_acl_posix1e.tar')))).toBe('as star writes them');
    expect(describeTarNumberForm(tarNumberForm(first('test_read_format_gtar_sparse_1_17.tar')))).toBe('as GNU tar, Python and Go write them');
    expect(describeTarNumberForm(tarNumberForm(first('test_compat_perl_archive_tar.tar')))).toBe(
      'with mode, uid, gid, devmajor, devminor zero-padded, ending NUL NUL; size space-padded, ending NUL; chksum space-padded, ending NUL space',
    );
  });
});
