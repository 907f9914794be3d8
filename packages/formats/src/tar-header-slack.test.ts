import { describe, expect, it } from 'vitest';
import { writeTar } from '../../../test-fixtures/src/tar-writer.js';
import { tarHeaderSlack } from './tar-header-slack.js';

/** The first header of a one-member archive, with `bytes` (latin1) written at `at`. */
function header(format: 'pax' | 'gnu' | 'v7', at?: number, bytes?: string): Uint8Array {
  const block = writeTar([{ path: 'acme/a.txt', content: 'hello\n' }], { format }).slice(0, 512);
  if (at !== undefined) block.set(Buffer.from(bytes!, 'latin1'), at);
  return block;
}

describe('tarHeaderSlack', () => {
  it('is null for headers as GNU tar writes them, in every format', () => {
    expect(tarHeaderSlack(header('pax'), 'ustar')).toBeNull();
    expect(tarHeaderSlack(header('gnu'), 'gnu')).toBeNull();
    expect(tarHeaderSlack(header('v7'), 'v7')).toBeNull();
  });

  it("keeps the bytes after a text field's NUL, from the first that is not zero", () => {
    expect(tarHeaderSlack(header('pax', 40, 'old'), 'ustar')).toEqual({ name: 'at 40: 6f6c64' });
    expect(tarHeaderSlack(header('pax', 12, 'x\0\0y'), 'ustar')).toEqual({ name: 'at 12: 78000079' });
    expect(tarHeaderSlack(header('pax', 290, 'x'), 'ustar')).toEqual({ uname: 'at 290: 78' });
  });

  it("keeps the padding's bytes, where each kind of header has it", () => {
    expect(tarHeaderSlack(header('pax', 511, '\x01'), 'ustar')).toEqual({ padding: 'at 511: 01' });
    expect(tarHeaderSlack(header('gnu', 385, '\x02'), 'gnu')).toEqual({ unused: 'at 385: 02' });
    expect(tarHeaderSlack(header('gnu', 500, '\x03'), 'gnu')).toEqual({ padding: 'at 500: 03' });
    // A v7 header ends at 257: a magic or owner name written there is stray too (devmajor and
    // devminor, which GNU tar writes there, are read as numbers).
    expect(tarHeaderSlack(header('v7', 265, 'root'), 'v7')).toEqual({ ustarFields: 'at 265: 726f6f74' });
    expect(tarHeaderSlack(header('v7', 400, 'x'), 'v7')).toEqual({ padding: 'at 400: 78' });
  });

  it('finds nothing after a text that fills its field', () => {
    const block = header('pax', 0, 'n'.repeat(100));
    expect(tarHeaderSlack(block, 'ustar')).toBeNull();
  });
});
