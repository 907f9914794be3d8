/**
 * The objects a .pyc's marshalled code holds, apart from how marshal numbered them.
 *
 * marshal (CPython's Python/marshal.c, format version 3 and later, Python 3.4+) sets FLAG_REF
 * (0x80) on an object's type byte when later objects may refer back to it ('r' and the index of
 * the flagged object, counted in the order flagged objects begin). It decides by the object's
 * reference count at the time of writing, so the same code compiled twice can be written with
 * other flags, and every later index shifts (CPython gh-78274, gh-98819; uv#10619). The bytes then
 * differ while the code objects are the same.
 *
 * marshalIdentity reads the whole stream and gives a digest of its objects with each reference
 * replaced by what it refers to and the flags dropped: two streams with the same digest hold the
 * same objects, whatever their flags. It gives null where it cannot tell: a type it does not know,
 * a Python before 3.4, a stream cut short or followed by other bytes, more objects than its budget.
 */
import { createHash } from 'node:crypto';

const FLAG_REF = 0x80;
/** Deep enough for any code a compiler writes, shallow enough for the JavaScript stack. */
const MAX_DEPTH = 1000;

/** How a code object is laid out ('c'): int32 fields before the objects, the objects, then firstlineno, then the rest. */
interface CodeLayout {
  leading: number;
  objects: number;
  trailing: number;
}

/**
 * 3.0–3.7: argcount, kwonlyargcount, nlocals, stacksize, flags; code, consts, names, varnames,
 * freevars, cellvars, filename, name; firstlineno; lnotab. 3.8–3.10 add posonlyargcount (3.10's
 * lnotab is the linetable). 3.11 on: argcount, posonlyargcount, kwonlyargcount, stacksize, flags;
 * code, consts, names, localsplusnames, localspluskinds, filename, name, qualname; firstlineno;
 * linetable, exceptiontable.
 */
function codeLayout(pythonVersion: string): CodeLayout | null {
  const [major = 0, minor = 0] = pythonVersion.split('.').map(Number);
  if (major !== 3 || minor < 4) return null;
  if (minor <= 7) return { leading: 5, objects: 8, trailing: 1 };
  if (minor <= 10) return { leading: 6, objects: 8, trailing: 1 };
  return { leading: 5, objects: 8, trailing: 2 };
}

class CannotTell extends Error {}

class MarshalReader {
  private at = 0;
  /** Each flagged object's identity, by its index; undefined while it is still being read. */
  private readonly refs: Array<string | undefined> = [];
  private budget: number;
  /** Objects inside objects: marshal itself refuses more than 2,000 levels; past MAX_DEPTH this cannot tell. */
  private depth = 0;

  private readonly bytes: Uint8Array;
  private readonly layout: CodeLayout;

  constructor(bytes: Uint8Array, layout: CodeLayout) {
    this.bytes = bytes;
    this.layout = layout;
    // Every object takes at least one byte: a stream cannot hold more objects than bytes.
    this.budget = bytes.byteLength + 1;
  }

  get done(): boolean {
    return this.at === this.bytes.byteLength;
  }

  object(): string {
    if (--this.budget < 0 || this.depth >= MAX_DEPTH) throw new CannotTell();
    const code = this.u8();
    const slot = (code & FLAG_REF) !== 0 ? this.refs.push(undefined) - 1 : -1;
    this.depth += 1;
    const identity = this.body(String.fromCharCode(code & ~FLAG_REF));
    this.depth -= 1;
    if (slot >= 0) this.refs[slot] = identity;
    return identity;
  }

  private body(type: string): string {
    switch (type) {
      case 'N': case 'F': case 'T': case 'S': case '.':
        return type;
      case 'i':
        return `i${this.i32()}`;
      case 'I': case 'g':
        return `${type}${this.hex(8)}`;
      case 'y':
        return `y${this.hex(16)}`;
      case 'l': {
        const n = this.i32();
        return `l${n}:${this.hex(2 * Math.abs(n))}`;
      }
      case 'f':
        return `f${this.hex(this.u8())}`;
      case 'x':
        return `x${this.hex(this.u8())}:${this.hex(this.u8())}`;
      // Bytes and strings: the kind stays (interned or not, ASCII or not), the flag and the count's width do not matter.
      case 's': case 't': case 'u': case 'a': case 'A':
        return `${type}${this.payload(this.i32())}`;
      // The short forms are the same strings (marshal picks them by length alone).
      case 'z': case 'Z':
        return `${type === 'Z' ? 'A' : 'a'}${this.payload(this.u8())}`;
      case '(': case '[': case '<': case '>':
        return this.sequence(type, this.i32());
      case ')':
        return this.sequence('(', this.u8());
      case '{': {
        const items: string[] = [];
        for (;;) {
          if (this.peek() === 0x30) {
            this.at += 1; // '0': the end of the dict
            break;
          }
          items.push(this.object(), this.object());
        }
        return `{${digest(items)}`;
      }
      case ':':
        return `:${digest([this.object(), this.object(), this.object()])}`;
      case 'r': {
        const target = this.refs[this.i32()];
        if (target === undefined) throw new CannotTell(); // no such object, or one that holds itself
        return target;
      }
      case 'c': {
        const parts: string[] = [];
        for (let i = 0; i < this.layout.leading; i++) parts.push(String(this.i32()));
        for (let i = 0; i < this.layout.objects; i++) parts.push(this.object());
        parts.push(String(this.i32()));
        for (let i = 0; i < this.layout.trailing; i++) parts.push(this.object());
        return `c${digest(parts)}`;
      }
      default:
        throw new CannotTell();
    }
  }

  private sequence(type: string, n: number): string {
    if (n < 0 || n > this.bytes.byteLength - this.at) throw new CannotTell();
    const items: string[] = [];
    for (let i = 0; i < n; i++) items.push(this.object());
    return `${type}${digest(items)}`;
  }

  private payload(n: number): string {
    // Short payloads as they are; longer ones (bytecode, line tables) by their digest.
    return n <= 32 ? this.hex(n) : `#${createHash('sha256').update(this.take(n)).digest('hex')}`;
  }

  private peek(): number {
    if (this.at >= this.bytes.byteLength) throw new CannotTell();
    return this.bytes[this.at]!;
  }

  private u8(): number {
    const value = this.peek();
    this.at += 1;
    return value;
  }

  private i32(): number {
    const b = this.take(4);
    return b[0]! | (b[1]! << 8) | (b[2]! << 16) | (b[3]! << 24);
  }

  private take(n: number): Uint8Array {
    if (n < 0 || this.at + n > this.bytes.byteLength) throw new CannotTell();
    const out = this.bytes.subarray(this.at, this.at + n);
    this.at += n;
    return out;
  }

  private hex(n: number): string {
    return Buffer.from(this.take(n)).toString('hex');
  }
}

/**
 * A container's identity from its items': short ones as they are (no hash for the many small
 * tuples a module holds: 4 MB of empty tuples took 4.8 s hashed each, 0.46 s so), longer
 * ones by their sha256. Items hold no commas or brackets outside brackets, so the text is unambiguous.
 */
function digest(parts: string[]): string {
  const joined = parts.join(',');
  return joined.length <= 80 ? `[${joined}]` : createHash('sha256').update(joined).digest('hex');
}

/** The digest of the objects in `code` (a .pyc's bytes after its header) for this Python, references resolved; null where it cannot tell. */
export function marshalIdentity(code: Uint8Array, pythonVersion: string): string | null {
  const layout = codeLayout(pythonVersion);
  if (layout === null) return null;
  const reader = new MarshalReader(code, layout);
  try {
    const identity = reader.object();
    return reader.done ? identity : null;
  } catch (error) {
    if (error instanceof CannotTell) return null;
    throw error;
  }
}
