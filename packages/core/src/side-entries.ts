/**
 * A side's entries by path, as readSide records them. A folded comparison lets go of the pairs it
 * has finished with (Differ.settle): such a pair then leaves both sides' own maps and is held once
 * for both, as a number by its path's id in the comparison's PathTable (see path-table.ts). What
 * the main thread holds of a settled member is then 4 bytes and its path's bytes, off V8's heap.
 */
import type { EntryType } from '@whydiff/formats';
import { larger, PathTable, resized } from './path-table.js';
import type { WalkEntry } from './walk.js';

/**
 * What is left of an entry that a comparison finished with while the sides were read (compared,
 * its content equal on both sides): the level it lies in and what it is. One is shared by every
 * settled entry of a kind (see Differ.settle), so letting an entry go leaves only its path.
 */
export class SettledEntry {
  readonly container: string;
  readonly type: EntryType;

  constructor(container: string, type: EntryType) {
    this.container = container;
    this.type = type;
  }
}

/** What the differ uses of a side's entries: a Map (a manifest side) or SideEntries (a side read). */
export interface EntriesByPath {
  readonly size: number;
  get(path: string): WalkEntry | SettledEntry | undefined;
  has(path: string): boolean;
  set(path: string, entry: WalkEntry | SettledEntry): unknown;
  delete(path: string): boolean;
  keys(): IterableIterator<string>;
}

export class SideEntries implements EntriesByPath {
  private readonly own = new Map<string, WalkEntry | SettledEntry>();
  /** The comparison's paths: the settled pairs are held by their ids in it. */
  readonly paths: PathTable;
  /** Pairs settled on both sides: what this side shares with the other (see settleBoth). Never a path of `own` too (add). */
  private settled: SettledPairs | null = null;

  constructor(paths: PathTable = new PathTable()) {
    this.paths = paths;
  }

  get size(): number {
    return this.own.size + (this.settled?.count ?? 0);
  }

  get(path: string): WalkEntry | SettledEntry | undefined {
    return this.own.get(path) ?? this.settledAt(path);
  }

  has(path: string): boolean {
    return this.own.has(path) || this.settledAt(path) !== undefined;
  }

  /** Map's set, for an entry of a path not settled (a settled one takes no entry: see add). */
  set(path: string, entry: WalkEntry | SettledEntry): this {
    if (this.add(path, entry) === 'settled') throw new Error(`internal error: an entry was set for ${path}, whose pair was settled`);
    return this;
  }

  /**
   * A member as read: 'new'; 'again' when it replaces the entry of its path recorded before (a
   * member stored twice, not compared yet: the later one is); 'settled' when its path's pair was
   * compared and let go before it was read: then it is not recorded (nothing is left to compare it
   * with), and the caller says so. One lookup, as `set`'s, for every member.
   */
  add(path: string, entry: WalkEntry | SettledEntry): 'new' | 'again' | 'settled' {
    const before = this.own.size;
    this.own.set(path, entry);
    if (this.own.size === before) return 'again';
    if (this.settledAt(path) === undefined) return 'new';
    this.own.delete(path);
    return 'settled';
  }

  /** Only this side's own entries: a settled path stands for both sides (settleBoth moves it). */
  delete(path: string): boolean {
    return this.own.delete(path);
  }

  /** This side's own paths in the order recorded, then the settled ones in the order first read. */
  *keys(): IterableIterator<string> {
    yield* this.own.keys();
    if (this.settled === null) return;
    for (let id = 0; id < this.paths.size; id++) {
      if (this.settled.at(id) !== undefined) yield this.paths.text(id);
    }
  }

  /** This side's own paths only: the members whose pairs were not settled (let go) while read. */
  unsettledKeys(): IterableIterator<string> {
    return this.own.keys();
  }

  /** get() by the path's id in this side's table: a settled pair is found without its path made a string. */
  getById(id: number): WalkEntry | SettledEntry | undefined {
    return this.settled?.at(id) ?? this.own.get(this.paths.text(id));
  }

  private settledAt(path: string): SettledEntry | undefined {
    if (this.settled === null || this.settled.count === 0) return undefined;
    const id = this.paths.find(path);
    return id < 0 ? undefined : this.settled.at(id);
  }

  /**
   * A pair compared and let go: one entry for both sides. Sides read by readSide into one PathTable
   * share their settled pairs from the first; other sides (a manifest's) each keep the entry.
   */
  static settleBoth(a: EntriesByPath, b: EntriesByPath, path: string, settled: SettledEntry): void {
    if (a instanceof SideEntries && b instanceof SideEntries && a.settledWith(b)) {
      a.delete(path);
      b.delete(path);
      a.settled!.set(a.paths.intern(path), settled);
      return;
    }
    a.set(path, settled);
    b.set(path, settled);
  }

  /** Share the settled pairs with `other` (made at the first pair settled); false if they cannot be shared. */
  private settledWith(other: SideEntries): boolean {
    if (this.paths !== other.paths) return false;
    if (this.settled === null && other.settled === null) this.settled = other.settled = new SettledPairs();
    return this.settled !== null && this.settled === other.settled;
  }
}

/**
 * The settled pairs of two sides, by path id: one small number an id naming its SettledEntry (the
 * entries are few, one for each kind of member: see Differ.settle), not a map entry a path.
 */
class SettledPairs {
  /**
   * By path id: 0, or 1 + the index of its entry in `kinds`. A byte each while there are fewer
   * than 256 kinds (a comparison has a few a nesting level), four bytes past that.
   */
  private kindOf: Uint8Array | Uint32Array = new Uint8Array(1024);
  private readonly kinds: SettledEntry[] = [];
  private readonly kindIndex = new Map<SettledEntry, number>();
  count = 0;

  at(id: number): SettledEntry | undefined {
    const kind = id < this.kindOf.length ? this.kindOf[id]! : 0;
    return kind === 0 ? undefined : this.kinds[kind - 1];
  }

  set(id: number, entry: SettledEntry): void {
    let kind = this.kindIndex.get(entry);
    if (kind === undefined) {
      kind = this.kinds.push(entry);
      this.kindIndex.set(entry, kind);
      if (kind > 0xff && this.kindOf instanceof Uint8Array) this.kindOf = Uint32Array.from(this.kindOf);
    }
    if (id >= this.kindOf.length) this.kindOf = resized(this.kindOf, Math.max(id + 1, larger(this.kindOf.length)));
    if (this.kindOf[id] === 0) this.count += 1;
    this.kindOf[id] = kind;
  }
}
