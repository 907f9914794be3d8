import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { marshalAssignModule } from '../../../test-fixtures/src/pyc-writer.js';
import { marshalIdentity } from './pyc-marshal.js';

const i32 = (n: number) => [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff];

describe('marshalIdentity', () => {
  it('is the same for code written with other reference flags, and other for other code', () => {
    const flagged = marshalAssignModule('x', 1);
    const unflagged = marshalAssignModule('x', 1, 'm.py', { valueRef: false });
    expect(Buffer.compare(flagged, unflagged)).not.toBe(0);
    expect(marshalIdentity(unflagged, '3.12')).toBe(marshalIdentity(flagged, '3.12'));
    expect(marshalIdentity(flagged, '3.12')).toMatch(/^c[0-9a-f]{64}$/);
    expect(marshalIdentity(marshalAssignModule('x', 2), '3.12')).not.toBe(marshalIdentity(flagged, '3.12'));
    expect(marshalIdentity(marshalAssignModule('y', 1), '3.12')).not.toBe(marshalIdentity(flagged, '3.12'));
    expect(marshalIdentity(marshalAssignModule('x', 1, 'n.py'), '3.12')).not.toBe(marshalIdentity(flagged, '3.12'));
  });

  it('resolves a reference to what it refers to: a tuple holding a string twice, by value or by reference', () => {
    const name = [0x7a, 3, ...Buffer.from('abc')]; // 'z' short ASCII "abc"
    const byValue = [0x29, 2, ...name, ...name]; // ')' small tuple of 2
    const byRef = [0x29, 2, 0x80 | name[0]!, ...name.slice(1), 0x72, ...i32(0)]; // flagged, then 'r' 0
    const other = [0x29, 2, ...name, 0x7a, 3, ...Buffer.from('abd')];
    const id = (bytes: number[]) => marshalIdentity(Uint8Array.from(bytes), '3.11');
    expect(id(byRef)).toBe(id(byValue));
    expect(id(other)).not.toBe(id(byValue));
  });

  it('cannot tell (null) for a stream cut short, followed by other bytes, an unknown type, a reference to nothing, too deep, or Python before 3.4', () => {
    const code = marshalAssignModule('x', 1);
    expect(marshalIdentity(code.subarray(0, code.byteLength - 1), '3.12')).toBeNull();
    expect(marshalIdentity(Uint8Array.from([...code, 0]), '3.12')).toBeNull();
    expect(marshalIdentity(Uint8Array.from([0x21]), '3.12')).toBeNull(); // '!' is no type
    expect(marshalIdentity(Uint8Array.from([0x72, ...i32(3)]), '3.12')).toBeNull();
    expect(marshalIdentity(Uint8Array.from([...Array<number>(5000).fill(0x29).flatMap(() => [0x29, 1]), 0x4e]), '3.12')).toBeNull();
    expect(marshalIdentity(code, '3.3')).toBeNull();
    expect(marshalIdentity(code, '2.7')).toBeNull();
  });

  it('reads every kind of object marshal writes for code', () => {
    const parts = [
      0x5b, ...i32(9), // '[' list of 9
      0x4e, 0x46, 0x54, 0x53, 0x2e, // None, False, True, StopIteration, Ellipsis
      0x6c, ...i32(-2), 1, 0, 2, 0, // 'l' long, 2 digits, negative
      0x67, ...Array<number>(8).fill(1), // 'g' binary float
      0x7b, 0x69, ...i32(1), 0x73, ...i32(40), ...Array<number>(40).fill(7), 0x30, // '{' {1: b'...'} then '0'
      0x3e, ...i32(1), 0x75, ...i32(2), 0xc3, 0xa9, // '>' frozenset of one 'u' string
    ];
    expect(marshalIdentity(Uint8Array.from(parts), '3.13')).toMatch(/^\[[0-9a-f]{64}$/);
  });

  it('never throws on any bytes, damaged code included: a digest or null', () => {
    const code = marshalAssignModule('x', 1);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.integer({ min: 0, max: code.byteLength - 1 }), fc.integer({ min: 0, max: 255 }), (random, at, value) => {
        const damaged = Uint8Array.from(code);
        damaged[at] = value;
        for (const bytes of [random, damaged]) {
          const identity = marshalIdentity(bytes, '3.12');
          expect(identity === null || typeof identity === 'string').toBe(true);
        }
      }),
    );
  });
});
