import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, it, expect } from 'vitest';
import { writeGzip, writeGzipMembers } from './gzip-writer.js';

const GZIP = '/usr/bin/gzip';
const hasGzip = existsSync(GZIP);
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const text = 'hello gzip\n'.repeat(20);

describe('writeGzip', () => {
  it('writes the RFC 1952 header byte by byte: defaults are MTIME 0, XFL 0, OS 3, no flags', () => {
    const gz = writeGzip(text);
    expect(hex(gz.subarray(0, 10))).toBe('1f8b' + '08' + '00' + '00000000' + '00' + '03');
    expect(gunzipSync(gz).toString()).toBe(text);
  });

  it('writes MTIME little-endian, the optional fields in RFC order, and a header CRC zlib accepts', () => {
    const gz = writeGzip(text, { mtime: 1700000000, os: 0, fextra: Uint8Array.of(0x41, 0x70, 2, 0, 0xaa, 0xbb), fname: 'café.tar', fcomment: 'ci', fhcrc: true, ftext: true });
    expect(hex(gz.subarray(0, 10))).toBe('1f8b08' + '1f' + '00f15365' + '00' + '00'); // FLG = all five bits; 1700000000 = 0x6553f100
    expect(hex(gz.subarray(10, 18))).toBe('0600' + '417002' + '00aabb'); // XLEN 6, subfield "Ap" len 2
    expect(Buffer.from(gz.subarray(18, 27)).toString('latin1')).toBe('café.tar\0'); // Latin-1: é is one byte
    expect(Buffer.from(gz.subarray(27, 30)).toString('latin1')).toBe('ci\0');
    expect(gunzipSync(gz).toString()).toBe(text); // zlib checks the FHCRC
    const broken = Uint8Array.from(gz);
    broken[30] = broken[30]! ^ 1;
    expect(() => gunzipSync(broken)).toThrow(/header crc mismatch/);
  });

  it('writes XFL as GNU gzip does for the level, and the CRC-32 and ISIZE trailer', () => {
    expect(writeGzip(text, { level: 9 })[8]).toBe(2);
    expect(writeGzip(text, { level: 1 })[8]).toBe(4);
    expect(writeGzip(text, { level: 6 })[8]).toBe(0);
    expect(writeGzip(text, { level: 9, xfl: 0 })[8]).toBe(0);
    // CRC-32 check value of "123456789" is 0xcbf43926; ISIZE 9; both little-endian.
    const gz = writeGzip('123456789');
    expect(hex(gz.subarray(gz.byteLength - 8))).toBe('2639f4cb' + '09000000');
    expect(hex(writeGzip(text, { level: 1 }))).not.toBe(hex(writeGzip(text, { level: 9 })));
  });

  it('rejects what the header cannot hold', () => {
    expect(() => writeGzip('', { fname: 'ĉ' })).toThrow(/not a Latin-1 character/);
    expect(() => writeGzip('', { mtime: 2 ** 32 })).toThrow(/does not fit 32 bits/);
    expect(() => writeGzip('', { level: 10 })).toThrow(/level 10/);
  });

  it('is deterministic, and concatenates members', () => {
    expect(hex(writeGzip(text, { mtime: 5, fname: 'a' }))).toBe(hex(writeGzip(text, { mtime: 5, fname: 'a' })));
    const two = writeGzipMembers([{ data: 'one\n', options: { fname: 'one' } }, { data: 'two\n', options: { mtime: 1 } }]);
    expect(gunzipSync(two).toString()).toBe('one\ntwo\n');
    expect(two.byteLength).toBe(writeGzip('one\n', { fname: 'one' }).byteLength + writeGzip('two\n', { mtime: 1 }).byteLength);
  });

  it.skipIf(!hasGzip)('gzip -t accepts it and gzip -lvN shows the header we wrote', () => {
    const gz = writeGzipMembers([{ data: text, options: { mtime: 1700000000, fname: 'notes.txt', level: 9 } }]);
    execFileSync(GZIP, ['-t'], { input: gz });
    expect(execFileSync(GZIP, ['-dc'], { input: gz }).toString()).toBe(text);
    const listing = execFileSync(GZIP, ['-lvN'], { input: gz, env: { ...process.env, TZ: 'UTC' } }).toString();
    // method crc date time compressed uncompressed ratio name
    expect(listing).toMatch(/defla [0-9a-f]{8} Nov 14 22:13 +\d+ +220 .*notes\.txt/);
  });
});
