/**
 * A .pyc writer for fixtures: the header importlib writes (PEP 552 for 3.7+, the 12-byte and
 * 8-byte headers of older Pythons) and the marshalled code object of a one-line module, `NAME = N`,
 * as CPython 3.11 writes it (byte for byte what `marshal.dumps(compile('x = 1\n', 'm.py',
 * 'exec'))` gives on 3.11.7, for N in 0..255 and a one-letter NAME).
 */

export type PycHeaderOptions =
  | { python: '3.11' | '3.12' | '3.8'; kind: 'timestamp'; sourceMtime: number; sourceSize: number }
  | { python: '3.11' | '3.12' | '3.8'; kind: 'hash-checked' | 'hash-unchecked'; sourceHash: Uint8Array }
  | { python: '3.6'; sourceMtime: number; sourceSize: number }
  | { python: '2.7'; sourceMtime: number };

/** A magic number of each series (the final release's): importlib.util.MAGIC_NUMBER. */
export const PYC_MAGIC = { '2.7': 62211, '3.6': 3379, '3.8': 3413, '3.11': 3495, '3.12': 3531 } as const;

function u32(v: number): number[] {
  return [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff];
}

export function pycHeader(o: PycHeaderOptions): Uint8Array {
  const magic = PYC_MAGIC[o.python];
  const head = [magic & 0xff, magic >> 8, 0x0d, 0x0a];
  if (o.python === '2.7') return Uint8Array.from([...head, ...u32(o.sourceMtime)]);
  if (o.python === '3.6') return Uint8Array.from([...head, ...u32(o.sourceMtime), ...u32(o.sourceSize)]);
  if (o.kind === 'timestamp') return Uint8Array.from([...head, ...u32(0), ...u32(o.sourceMtime), ...u32(o.sourceSize)]);
  if (o.sourceHash.byteLength !== 8) throw new RangeError('a pyc source hash is 8 bytes');
  return Uint8Array.from([...head, ...u32(o.kind === 'hash-checked' ? 3 : 1), ...o.sourceHash]);
}

const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

/**
 * marshal (Python/marshal.c, version 4) of the code object of `name = value`, Python 3.11.
 * Type codes: an object's code byte has 0x80 (FLAG_REF) set when later objects may refer back to
 * it by index with 'r'; refs are numbered in the order flagged objects are written.
 * `valueRef: false` writes the int without FLAG_REF, as marshal does when nothing else held a
 * reference to it at the time (its choice follows reference counts): every later ref index is one
 * less, and the code objects are the same.
 */
export function marshalAssignModule(name: string, value: number, filename = 'm.py', options: { valueRef?: boolean } = {}): Uint8Array {
  if (!/^[a-z]$/.test(name) || !Number.isInteger(value) || value < 0 || value > 255) {
    throw new RangeError('marshalAssignModule writes one-letter names and small ints');
  }
  const valueRef = options.valueRef ?? true;
  // Indexes of the flagged objects written after the int move down by one when it is not flagged.
  const ref = (index: number) => u32(valueRef || index < 2 ? index : index - 1);
  const bytes: number[] = [
    0xe3, // 'c' | FLAG_REF: code object (ref 0)
    ...u32(0), // co_argcount
    ...u32(0), // co_posonlyargcount
    ...u32(0), // co_kwonlyargcount
    ...u32(1), // co_stacksize
    ...u32(0), // co_flags
    0xf3, ...u32(10), // 's' | FLAG_REF: co_code, 10 bytes (ref 1)
    0x97, 0x00, // RESUME 0
    0x64, 0x00, // LOAD_CONST 0 (value)
    0x5a, 0x00, // STORE_NAME 0 (name)
    0x64, 0x01, // LOAD_CONST 1 (None)
    0x53, 0x00, // RETURN_VALUE
    0x29, 0x02, // ')': co_consts, small tuple of 2
    valueRef ? 0xe9 : 0x69, ...u32(value), // 'i' | FLAG_REF: int value (ref 2); or 'i' alone
    0x4e, // 'N': None
    0x29, 0x01, // ')': co_names, small tuple of 1
    0xda, 0x01, ...ascii(name), // 'Z' | FLAG_REF: short interned ASCII string (ref 3)
    0xa9, 0x00, // ')' | FLAG_REF: co_localsplusnames, empty tuple (ref 4)
    0xf3, ...u32(0), // 's' | FLAG_REF: co_localspluskinds, empty bytes (ref 5)
    0xfa, filename.length, ...ascii(filename), // 'z' | FLAG_REF: co_filename, short ASCII (ref 6)
    0xfa, 0x08, ...ascii('<module>'), // 'z' | FLAG_REF: co_name (ref 7)
    0x72, ...ref(7), // 'r': co_qualname, a reference to ref 7 ("<module>")
    ...u32(1), // co_firstlineno
    0x73, ...u32(14), // 's': co_linetable, 14 bytes (the location table of PEP 657)
    0xf0, 0x03, 0x01, 0x01, 0x01, 0xd8, 0x04, 0x05, 0x80, 0x01, 0x80, 0x01, 0x80, 0x01,
    0x72, ...ref(5), // 'r': co_exceptiontable, a reference to ref 5 (empty bytes)
  ];
  return Uint8Array.from(bytes);
}

/** A whole .pyc: header then code. */
export function writePyc(header: PycHeaderOptions, code: Uint8Array): Uint8Array {
  return Buffer.concat([pycHeader(header), code]);
}
