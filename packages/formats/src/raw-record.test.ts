/**
 * Members whose raw fields are kept as header bytes (raw-record.ts) behave as a reader's plain
 * objects do where a library user touches them: `raw` reads, spreads, serializes and compares
 * like a data property; the record itself stays out of copies.
 */
import { describe, expect, it } from 'vitest';
import type { Member } from './entry.js';
import { BufferSource } from './random-access.js';
import { rawFieldsOf, sameRecord } from './raw-record.js';
import { recordingContext } from './test-context.js';
import { readZip } from './zip.js';
import { writeZip } from '../../../test-fixtures/src/zip-writer.js';

async function members(bytes: Uint8Array): Promise<Member[]> {
  const out: Member[] = [];
  for await (const m of readZip(new BufferSource(bytes), recordingContext())) out.push(m);
  return out;
}

describe('raw fields kept as header bytes', () => {
  it('read, spread, serialize and compare as a plain object does; the record stays out of copies', async () => {
    const [plain, link] = await members(
      writeZip([
        { name: 'a.txt', data: 'a', mtime: 1_700_000_000, extendedTimestamp: { mtime: 1_700_000_000 } },
        { name: 'l', data: 'a.txt', unixMode: 0o120777 },
      ]),
    );
    expect(plain!.rawRecord?.kind).toBe('zip-member');
    const raw = plain!.raw;
    expect(raw).toMatchObject({ index: 0, method: 8, methodName: 'deflate', dosDateTime: '2023-11-14T22:13:20', extra: [{ id: '0x5455', mtime: 1_700_000_000 }], local: { offset: 0 } });
    expect(plain!.raw).toBe(raw); // made once, then kept
    expect(rawFieldsOf(plain!.rawRecord!)).toEqual(raw); // and made again the same from the bytes
    // A symlink's target is read after the member is made: the record that says so replaced the first.
    expect(link!.linkTarget).toBe('a.txt');
    expect(link!.raw.linkTargetLength).toBe(5);

    const { content: _content, ...copy } = plain!;
    expect(Object.keys(copy)).toContain('raw');
    expect(Object.keys(copy)).not.toContain('rawRecord');
    expect(copy.raw).toEqual(raw);
    expect(JSON.parse(JSON.stringify(copy)).raw).toEqual(raw);
    expect(plain).toEqual(expect.objectContaining({ path: 'a.txt', raw }));

    // Setting raw replaces the fields and lets the record go: it no longer says what they are.
    const record = plain!.rawRecord!;
    plain!.raw = { ...raw, note: 'changed' };
    expect(plain!.rawRecord).toBeUndefined();
    expect(plain!.raw.note).toBe('changed');
    const copied = record.parts.map((part) => part && new Uint8Array(part));
    expect(sameRecord(record, { ...record, parts: copied })).toBe(true);
    copied[0]![12]! ^= 1; // the central header's DOS time
    expect(sameRecord(record, { ...record, parts: copied })).toBe(false);
    expect(sameRecord(record, { ...record, numbers: record.numbers.map((n, i) => (i === 0 ? n + 1 : n)) })).toBe(false);
  });
});
