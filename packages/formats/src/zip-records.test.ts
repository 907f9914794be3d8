import { describe, expect, it } from 'vitest';
import { decodeCp437 } from './zip-cp437.js';
import { splitExtra, decodeInfoZipUnix, decodeExtendedTimestamp, filetimeToUnix } from './zip-extra.js';
import { zipMode } from './zip-mode.js';
import { decodeDataDescriptor, dosDateTimeText, dosDateTimeToUnix } from './zip-records.js';

const le32 = (...v: number[]) => Uint8Array.from(v.flatMap((n) => [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff]));

describe('zip record decoders', () => {
  it('reads DOS date and time as UTC, normalizing like mktime', () => {
    expect(dosDateTimeToUnix(0x0021, 0)).toBe(315532800); // 1980-01-01 00:00:00
    expect(dosDateTimeText(0x576e, 0xb1aa)).toBe('2023-11-14T22:13:20');
    expect(dosDateTimeToUnix(0x576e, 0xb1aa)).toBe(1700000000);
    expect(dosDateTimeToUnix(0x0020, 0)).toBe(315532800 - 86400); // day 0: the last day of the month before
  });

  it('picks the data descriptor layout whose values match what was read', () => {
    const actual = { crc32: 0x11223344, compressedSize: 10, uncompressedSize: 20 };
    expect(decodeDataDescriptor(le32(0x08074b50, 0x11223344, 10, 20), actual, false)).toMatchObject({ signature: true, zip64: false, length: 16 });
    expect(decodeDataDescriptor(le32(0x11223344, 10, 20, 0x04034b50), actual, false)).toMatchObject({ signature: false, zip64: false, length: 12 });
    expect(decodeDataDescriptor(le32(0x08074b50, 0x11223344, 10, 0, 20, 0), actual, true)).toMatchObject({ signature: true, zip64: true, length: 24 });
    expect(decodeDataDescriptor(le32(0x11223344), actual, false)).toBeNull();
  });

  it('splits extra fields without trusting sizes', () => {
    const overflow = Uint8Array.from([0x55, 0x54, 0x58, 0x00, 1, 2]);
    expect(splitExtra(overflow)).toMatchObject({ blocks: [], problem: 'extra field 0x5455 declares 88 bytes but only 2 remain' });
    expect(splitExtra(Uint8Array.from([0, 0]))).toMatchObject({ blocks: [], problem: null });
    expect(decodeInfoZipUnix(Uint8Array.from([1, 2, 0xe8, 0x03, 4, 0xe9, 0x03, 0, 0]))).toEqual({ version: 1, uid: 1000, gid: 1001 });
    expect(decodeExtendedTimestamp(Uint8Array.from([7, 1, 0, 0, 0]))).toEqual({ flags: 7, mtime: 1 });
    expect(filetimeToUnix(116444736000000000n + 15n)).toEqual({ seconds: 0, nanos: 1500 });
  });

  it('decodes CP437', () => {
    expect(decodeCp437(Uint8Array.from([0x63, 0x61, 0x66, 0x82, 0x94, 0xe1, 0xff]))).toBe('café\u00f6\u00df\u00a0');
  });

  it('derives type and mode the way libarchive does', () => {
    expect(zipMode(3, 0o100644 * 0x10000, false)).toEqual({ type: 'file', mode: 0o644, stMode: 0o100644 });
    expect(zipMode(3, 0o644 * 0x10000, true)).toEqual({ type: 'dir', mode: 0o755, stMode: 0o40755 });
    expect(zipMode(3, 0o10644 * 0x10000, false).type).toBe('file'); // a FIFO from `zip -` is a file
    // read-only MS-DOS directory: libarchive's `&= 0555` drops the type too, so without a trailing
    // slash it lists a file 0555; with one, a directory 0555
    expect(zipMode(0, 0x11, false)).toEqual({ type: 'file', mode: 0o555, stMode: 0o100555 });
    expect(zipMode(0, 0x11, true)).toEqual({ type: 'dir', mode: 0o555, stMode: 0o40555 });
    expect(zipMode(11, 0x20, false)).toEqual({ type: 'file', mode: 0o664, stMode: 0o100664 });
    expect(zipMode(null, 0, true)).toEqual({ type: 'dir', mode: 0o775, stMode: 0o40775 });
  });
});
