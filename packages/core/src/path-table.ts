/**
 * Member paths held once for a whole comparison, by number, as bytes outside V8's heap.
 *
 * A comparison keeps every member's path until its report: each level's listing order, the pairs
 * it has finished with (to tell a repeat), and the members each cause names. As JavaScript strings
 * in maps and arrays that was ~130 bytes a member on the main thread's heap, most of what grew with
 * the archive: at the bench's ×12 (330,816 members a side) it alone put the comparison past 150 MB.
 *
 * Here a path is its directory's id and its last name's bytes (`a/b/c.txt` is `a/b/` and `c.txt`;
 * `a/b/` is `a/` and `b/`): archives list a directory's members together, and their names repeat
 * it. At the bench that is 9 bytes of name and ~18 of index a member, not a 49-character string;
 * the maps and lists that held strings hold 4-byte ids (or runs of them: IdList).
 *
 * Exact: a path is found by its hash, then compared with the stored names character by character.
 * A name is stored as one byte a character when every UTF-16 code unit in it fits in one (latin1),
 * else as its UTF-16 code units, so every JavaScript string (unpaired surrogates too) comes back as
 * it went in.
 */

/** Names are packed into buffers of this size; a name's place is its chunk and start in one number. */
const CHUNK_BITS = 20;
const CHUNK_BYTES = 1 << CHUNK_BITS;
/** A name longer than this goes into a buffer of its own, not into the shared chunk. */
const OWN_BUFFER_BYTES = CHUNK_BYTES >> 4;
/** shapeOf: bytes << 2, OWN (a buffer of its own: the place is its index in `own`), WIDE (UTF-16). */
const OWN = 2;
const WIDE = 1;
const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

export class PathTable {
  private readonly chunks: Buffer[] = [];
  private readonly own: Buffer[] = [];
  /** Bytes used in the last chunk. */
  private fill = CHUNK_BYTES;
  /**
   * By id: the directory's id (-1: none), the name's place and shape, and the top byte of the whole
   * path's hash, which turns away almost every other path met while probing (the full hash is
   * worked out again, from the directories' hashes, only when the slots grow).
   */
  private parentOf = new Int32Array(256);
  private placeOf = new Uint32Array(256);
  private shapeOf = new Uint32Array(256);
  private tagOf = new Uint8Array(256);
  /**
   * Open addressing by hash: id + 1 in each used slot. At most three quarters are used: ~2 probes
   * to find a path, ~8 to learn one is new (each an integer compare unless the hashes agree).
   */
  private slots = new Int32Array(512);
  private count = 0;
  /** The path looked up last and its id (-1: absent), for the lookups that follow one another for one member. */
  private lastPath: string | null = null;
  private lastId = -1;
  /** The directory whose text text() made last, and that text. */
  private directory = -1;
  private directoryText = '';

  /** Paths held. Ids are 0 to size - 1; a path's directory gets its id before it. */
  get size(): number {
    return this.count;
  }

  /** The path's id: found, or added (with its directories, as paths of their own). */
  intern(path: string): number {
    const found = this.find(path);
    if (found >= 0) return found;
    // The hash of each directory prefix (`a/`, `a/b/`) on the way, in one pass: FNV-1a runs forwards.
    const ends: number[] = [];
    const hashes: number[] = [];
    let hash = FNV_OFFSET;
    for (let i = 0; i < path.length; i++) {
      const unit = path.charCodeAt(i);
      hash = Math.imul(hash ^ unit, FNV_PRIME);
      if (unit === 0x2f /* / */ && i < path.length - 1) {
        ends.push(i + 1);
        hashes.push(hash);
      }
    }
    ends.push(path.length);
    hashes.push(hash);
    // The deepest directory held already; then the missing ones, and the path, each under the one before.
    let k = ends.length - 2;
    let parent = -1;
    for (; k >= 0; k--) {
      parent = this.lookup(path, ends[k]!, hashes[k]!);
      if (parent >= 0) break;
    }
    for (k += 1; k < ends.length; k++) parent = this.add(path, k === 0 ? 0 : ends[k - 1]!, ends[k]!, hashes[k]!, parent);
    this.lastPath = path;
    this.lastId = parent;
    return parent;
  }

  /** The path's id, or -1 when it is not held. */
  find(path: string): number {
    if (path === this.lastPath) return this.lastId;
    let hash = FNV_OFFSET;
    for (let i = 0; i < path.length; i++) hash = Math.imul(hash ^ path.charCodeAt(i), FNV_PRIME);
    const id = this.lookup(path, path.length, hash);
    this.lastPath = path;
    this.lastId = id;
    return id;
  }

  /**
   * The path of an id (a new string each time). The directory of the last path made is kept as
   * text: paths asked in listing order share it, and only their own names are read.
   */
  text(id: number): string {
    if (!(id >= 0 && id < this.count)) throw new RangeError(`path id ${id} is not in the table (${this.count} paths)`);
    const names: string[] = [];
    let text = '';
    for (let up = id; up >= 0; up = this.parentOf[up]!) {
      if (up === this.directory) {
        text = this.directoryText;
        break;
      }
      names.push(this.name(up));
    }
    for (let i = names.length - 1; i >= 0; i--) text += names[i];
    const parent = this.parentOf[id]!;
    if (names.length > 0 && parent >= 0 && parent !== this.directory) {
      this.directory = parent;
      this.directoryText = text.slice(0, text.length - names[0]!.length);
    }
    return text;
  }

  /** The id of `path`'s first `end` characters, whose hash is `hash`; -1 when not held. */
  private lookup(path: string, end: number, hash: number): number {
    const mask = this.slots.length - 1;
    for (let i = hash & mask; this.slots[i] !== 0; i = (i + 1) & mask) {
      const candidate = this.slots[i]! - 1;
      if (this.tagOf[candidate] === hash >>> 24 && this.spells(candidate, path, end)) return candidate;
    }
    return -1;
  }

  /** Whether the id's names, from its top directory down, are `path`'s first `end` characters. */
  private spells(id: number, path: string, end: number): boolean {
    let at = end;
    for (let node = id; node >= 0; node = this.parentOf[node]!) {
      const shape = this.shapeOf[node]!;
      const wide = (shape & WIDE) !== 0;
      const units = wide ? shape >>> 3 : shape >>> 2;
      const start = at - units;
      if (start < 0) return false;
      const bytes = this.bytesOf(node);
      const from = this.startOf(node);
      if (wide) {
        for (let k = 0; k < units; k++) if (bytes.readUInt16LE(from + 2 * k) !== path.charCodeAt(start + k)) return false;
      } else {
        for (let k = 0; k < units; k++) if (bytes[from + k] !== path.charCodeAt(start + k)) return false;
      }
      at = start;
    }
    return at === 0;
  }

  /** Add `path`'s characters from `start` to `end` as a name under `parent`; the whole prefix's hash is `hash`. */
  private add(path: string, start: number, end: number, hash: number, parent: number): number {
    let units = 0;
    for (let i = start; i < end; i++) units |= path.charCodeAt(i);
    const wide = units > 0xff;
    const bytes = (end - start) * (wide ? 2 : 1);
    let place: number;
    let own = 0;
    let buffer: Buffer;
    let at: number;
    if (bytes > OWN_BUFFER_BYTES) {
      own = OWN;
      place = this.own.push((buffer = Buffer.allocUnsafe(bytes))) - 1;
      at = 0;
    } else {
      if (this.chunks.length === 0 || this.fill + bytes > CHUNK_BYTES) {
        if (this.chunks.length === 1 << (32 - CHUNK_BITS)) throw new RangeError('path table full: more than 4 GiB of member names');
        this.chunks.push(Buffer.allocUnsafe(CHUNK_BYTES));
        this.fill = 0;
      }
      buffer = this.chunks[this.chunks.length - 1]!;
      at = this.fill;
      place = ((this.chunks.length - 1) << CHUNK_BITS) + at;
      this.fill += bytes;
    }
    buffer.write(start === 0 && end === path.length ? path : path.slice(start, end), at, bytes, wide ? 'utf16le' : 'latin1');
    const id = this.count;
    if (id === this.tagOf.length) this.grow();
    this.parentOf[id] = parent;
    this.placeOf[id] = place;
    this.shapeOf[id] = (bytes << 2) | own | (wide ? WIDE : 0);
    this.tagOf[id] = hash >>> 24;
    this.count += 1;
    if (this.count * 4 > this.slots.length * 3) this.rehash(this.slots.length * 2);
    else this.place(id, hash);
    return id;
  }

  /** An id's own name (its last path segment). */
  private name(id: number): string {
    const shape = this.shapeOf[id]!;
    const from = this.startOf(id);
    return this.bytesOf(id).toString((shape & WIDE) !== 0 ? 'utf16le' : 'latin1', from, from + (shape >>> 2));
  }

  private bytesOf(id: number): Buffer {
    const place = this.placeOf[id]!;
    return (this.shapeOf[id]! & OWN) !== 0 ? this.own[place]! : this.chunks[place >>> CHUNK_BITS]!;
  }

  private startOf(id: number): number {
    return (this.shapeOf[id]! & OWN) !== 0 ? 0 : this.placeOf[id]! & (CHUNK_BYTES - 1);
  }

  private place(id: number, hash: number): void {
    const mask = this.slots.length - 1;
    let i = hash & mask;
    while (this.slots[i] !== 0) i = (i + 1) & mask;
    this.slots[i] = id + 1;
  }

  /**
   * Every path placed again in `size` slots. A path's hash is its directory's, carried on over its
   * own name (FNV-1a runs forwards), and a directory always has a smaller id than what it holds.
   */
  private rehash(size: number): void {
    this.slots = new Int32Array(size);
    const hashes = new Int32Array(this.count);
    for (let id = 0; id < this.count; id++) {
      const parent = this.parentOf[id]!;
      let hash = parent < 0 ? FNV_OFFSET : hashes[parent]!;
      const shape = this.shapeOf[id]!;
      const bytes = this.bytesOf(id);
      const from = this.startOf(id);
      if ((shape & WIDE) !== 0) {
        for (let k = 0; k < shape >>> 3; k++) hash = Math.imul(hash ^ bytes.readUInt16LE(from + 2 * k), FNV_PRIME);
      } else {
        for (let k = 0; k < shape >>> 2; k++) hash = Math.imul(hash ^ bytes[from + k]!, FNV_PRIME);
      }
      hashes[id] = hash;
      this.place(id, hash);
    }
  }

  private grow(): void {
    const size = larger(this.tagOf.length);
    this.parentOf = resized(this.parentOf, size);
    this.placeOf = resized(this.placeOf, size);
    this.shapeOf = resized(this.shapeOf, size);
    this.tagOf = resized(this.tagOf, size);
  }
}

/**
 * The next capacity of a growing array: half as large again. Doubling left up to half of each
 * array unused, and a comparison holds a dozen of them of a member each (×12 zip: 4 MB less).
 */
export function larger(capacity: number): number {
  return capacity + (capacity >> 1);
}

/** A typed array of the same kind, `size` long (at least as long as `from`), holding `from`'s values. */
export function resized<T extends Uint32Array | Int32Array | Uint8Array>(from: T, size: number): T {
  const to = new (from.constructor as new (length: number) => T)(size);
  to.set(from);
  return to;
}

/**
 * A growing list of path ids (a level's listing order, the members a cause names), kept as runs of
 * consecutive ids while it has long ones. Ids are given in the order paths are first met, so when
 * both sides list the same members in the same order, each side's order and a cause naming every
 * member are one run (at ×12, ~4.5 MB less than 4 bytes an id). A list whose runs get short (half
 * as many runs as ids) turns into a plain array of ids, so it never takes more than ~4 bytes an id.
 */
export class IdList implements Iterable<number> {
  /** Runs: the first id of each, and the list's length at its end. Null once the list is plain. */
  private starts: Int32Array | null = new Int32Array(4);
  private ends = new Int32Array(4);
  private runs = 0;
  /** The plain ids, once the runs got short. */
  private plain: Int32Array | null = null;
  private count = 0;

  get length(): number {
    return this.count;
  }

  push(id: number): void {
    if (this.starts === null) {
      if (this.count === this.plain!.length) this.plain = resized(this.plain!, larger(this.plain!.length));
      this.plain![this.count++] = id;
      return;
    }
    const last = this.runs - 1;
    if (last >= 0 && id === this.starts[last]! + (this.ends[last]! - (last === 0 ? 0 : this.ends[last - 1]!))) {
      this.ends[last] = ++this.count;
      return;
    }
    if (this.runs >= 16 && this.runs * 2 > this.count) {
      this.makePlain();
      this.push(id);
      return;
    }
    if (this.runs === this.starts.length) {
      this.starts = resized(this.starts, larger(this.runs));
      this.ends = resized(this.ends, larger(this.runs));
    }
    this.starts[this.runs] = id;
    this.ends[this.runs] = ++this.count;
    this.runs += 1;
  }

  at(index: number): number {
    if (!(index >= 0 && index < this.count)) throw new RangeError(`index ${index} is outside the list (${this.count} ids)`);
    if (this.starts === null) return this.plain![index]!;
    // The first run that ends past the index.
    let lo = 0;
    let hi = this.runs - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.ends[mid]! > index) hi = mid;
      else lo = mid + 1;
    }
    return this.starts[lo]! + index - (lo === 0 ? 0 : this.ends[lo - 1]!);
  }

  last(): number | undefined {
    return this.count === 0 ? undefined : this.at(this.count - 1);
  }

  includes(id: number): boolean {
    for (const other of this) if (other === id) return true;
    return false;
  }

  *[Symbol.iterator](): Iterator<number> {
    if (this.starts === null) {
      for (let i = 0; i < this.count; i++) yield this.plain![i]!;
      return;
    }
    for (let run = 0, from = 0; run < this.runs; from = this.ends[run]!, run++) {
      const start = this.starts[run]!;
      for (let k = 0; k < this.ends[run]! - from; k++) yield start + k;
    }
  }

  /** Keep only the ids `keep` accepts, in order. */
  retain(keep: (id: number) => boolean): void {
    const kept = [...this].filter(keep);
    this.starts = new Int32Array(4);
    this.ends = new Int32Array(4);
    this.runs = 0;
    this.plain = null;
    this.count = 0;
    for (const id of kept) this.push(id);
  }

  private makePlain(): void {
    const plain = new Int32Array(larger(this.count + 1));
    let i = 0;
    for (const id of this) plain[i++] = id;
    this.plain = plain;
    this.starts = null;
    this.ends = new Int32Array(0);
    this.runs = 0;
  }
}

/** A level's members in listing order, as ids of a PathTable; read as paths. */
export class PathList implements Iterable<string> {
  readonly table: PathTable;
  readonly ids = new IdList();

  constructor(table: PathTable) {
    this.table = table;
  }

  get length(): number {
    return this.ids.length;
  }

  push(path: string): void {
    this.ids.push(this.table.intern(path));
  }

  *[Symbol.iterator](): Iterator<string> {
    for (const id of this.ids) yield this.table.text(id);
  }
}
