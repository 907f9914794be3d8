/**
 * The content of the members read last, held while the other side catches up, so that the differ
 * need not read an artifact a second time for the few members whose content it shows.
 *
 * The walk offers every file member's content (its first captureBytes, as a capture would keep)
 * once hashed; the oldest are let go past `budgetBytes`. The comparison, which sees both sides'
 * entries arrive, asks to keep the members whose hashes differ: those still held move out of the
 * window and stay (at most `maxKept` of them) until taken. What was let go before the ask arrived
 * is read again by the second pass, as before: this only spares work, it never decides anything.
 *
 * A member of the artifact's own file that can be read again from its place alone (a zip's, whose
 * stored bytes lie at a known offset) is remembered by that place (offerAt), not by its bytes: it
 * counts against the window as its bytes would, so the pacing is the same, but holds no memory;
 * taking it reads and decodes it again. At ×12 of the bench's zip pair the two sides' windows
 * were ~10 MB of a 148–156 MB peak (bench/RESULTS.md, round 18).
 *
 * Two sides walked in one thread (pair()) compare a member's bytes with the other side's copy
 * instead of hashing them (twinOf). The side that reads a member first does not hash it either,
 * when the window holds all of it (offerPending): if the other side's copy has the same bytes,
 * neither sha256 is ever made (a pair of the same bytes shows none), and the later entry says
 * whose content it has (contentSameAs). The first side's sha256 is made only when it is needed,
 * while the window still holds the bytes: the other side's copy differs, the window lets it go, a
 * later member of the same path takes its place, or the walks end (resolveAll); each is handed to
 * `onDigest`, for the entry already handed out without one.
 */
import { createHash, hash as hashAtOnce } from 'node:crypto';
import type { ContentLocation } from '@whydiff/formats/entry';
import { FileSource } from '@whydiff/formats/random-access';
import { contentAt } from '@whydiff/formats/zip-content';

export interface RetainOptions {
  /** Bytes of recent content held at most. */
  budgetBytes: number;
  /** Members kept for the differ at most (its limit on content diffs). */
  maxKept: number;
  /**
   * Two sides read at once and told of each other's progress (RetainedContent.peer): the side
   * further ahead than half the window waits. Without it a side never waits.
   */
  paced?: boolean;
}

/** A member's content remembered by its place in a file: the first `bytes` of it are what a take reads. */
export interface FileLocation extends ContentLocation {
  file: string;
  bytes: number;
}

/** Where a member's bytes lie: from `start` bytes into all ever written (the ring holds them at start % size). */
interface Held {
  start: number;
  bytes: number;
  /** The content's sha256 when the window holds all of it (offered whole), else null. */
  sha256: string | null;
  /** Set when the ring does not hold the bytes: where to read them again (offerAt). */
  location?: FileLocation;
  /**
   * A member offered unhashed (offerPending): its entry, which gets the sha256 if it is made (it may
   * not have left this thread yet: onDigest tells the main thread about one that has); once
   * matched, only its offset. Unset once hashed.
   */
  pending?: DigestedEntry;
  /** The offset of the other side's entry found to have the same bytes as a pending member: it needs no digest unless this one is replaced. */
  matchedBy?: DigestedEntry;
}

/** What a digest is made for: a walk's entry, by its offset. */
export interface DigestedEntry {
  offset: number;
  sha256: string | null;
}

/**
 * What the other side's window says of a member read on this side (twinOf): its sha256, or whose
 * bytes it has; 'differs' when it holds the member whole with other bytes (hash this one now: the
 * pair's two sha256s are both wanted, soon, to keep its content for the differ).
 */
export type TwinVerdict = { sha256: string; sameAs: null } | { sha256: null; sameAs: number } | 'differs';

/** A digest made for an entry handed out without one (see the top of this file). */
export type DigestSink = (path: string, offset: number, sha256: string) => void;

/**
 * The window is one buffer of `budgetBytes`, written round and round: each member's bytes are
 * copied in as offered. Holding the readers' own chunks instead (views into 256 KiB decompressor
 * buffers, a zip member's inflated buffer) kept them alive past two young-generation collections,
 * so every chunk of the artifact was promoted and freed only by full collections (on the bench's
 * ×1 tar.gz side, 4 → 16 full collections; bench/RESULTS.md has the time). Copying 300 MB costs
 * tens of milliseconds.
 */
export class RecentContent {
  private readonly options: RetainOptions;
  /**
   * Grown while first filled, up to `budgetBytes`, then written round and round: a comparison of
   * two small artifacts does not allocate (and zero) two full windows.
   */
  private ring: Uint8Array = new Uint8Array(0);
  /** Bytes written into the ring so far: the next member starts here. */
  private written = 0;
  /** Oldest first (a Map iterates in insertion order): members still in the ring, not written over. */
  private readonly recent = new Map<string, Held>();
  private readonly kept = new Map<string, Uint8Array | FileLocation>();
  /** The other side's window, when both sides are walked in this thread (pair()). */
  private twin: RecentContent | null = null;
  /** Where the digests of this side's pending members go (the walk's thread posts them). */
  onDigest: DigestSink | null = null;
  /** Pending members neither hashed nor matched yet; `settled` waits for none. */
  private unresolved = 0;
  private whenResolved: (() => void) | null = null;
  /** Set when this side's walk has ended (ended()). */
  private done = false;

  constructor(options: RetainOptions) {
    this.options = options;
  }

  /**
   * Two sides walked in one thread (a worker hosting both): each may take the sha256 of a member
   * the other holds with the same bytes (twinOf), comparing bytes instead of hashing them.
   */
  static pair(a: RecentContent, b: RecentContent): void {
    a.twin = b;
    b.twin = a;
  }

  /** Whether it is paired with the other side's window (pair()). */
  get paired(): boolean {
    return this.twin !== null;
  }

  /**
   * What the other side holds of its member at `path`, when it holds all of it and it is byte for
   * byte `content` (chunks in order): its sha256, or, for a member it has not hashed (pending),
   * the offset of that member's entry, whose content this one has. 'differs' when its bytes
   * differ (a pending member is hashed now, while the window holds it: the pair's differing
   * content needs both sha256s); null when it holds no such member. Comparing runs at memory
   * speed, several times faster than sha256: whichever side reads a member second need not hash
   * it. `entry`: this side's member's entry.
   */
  twinOf(path: string, content: readonly Uint8Array[], entry: DigestedEntry): TwinVerdict | null {
    const twin = this.twin;
    const held = twin?.recent.get(path);
    if (twin === null || held === undefined || held.location !== undefined) return null;
    if (held.sha256 === null && held.pending === undefined) return null;
    if (!twin.holdsBytes(held, content)) {
      if (held.pending !== undefined) twin.digest(path, held);
      return 'differs';
    }
    if (held.sha256 !== null) return { sha256: held.sha256, sameAs: null };
    if (held.matchedBy === undefined) twin.resolved();
    // Matched, the two entries are let go (most members: held until the window moves on, they
    // would outlive young-generation collections); only their offsets stay, for the rare digest
    // a later member of the path calls for, which then reaches them through onDigest alone.
    held.pending = { offset: held.pending!.offset, sha256: null };
    held.matchedBy = { offset: entry.offset, sha256: null };
    return { sha256: null, sameAs: held.pending.offset };
  }

  /** Whether the ring holds `content` (chunks in order) as the bytes of `held`. */
  private holdsBytes(held: Held, content: readonly Uint8Array[]): boolean {
    let bytes = 0;
    for (const chunk of content) bytes += chunk.byteLength;
    if (bytes !== held.bytes) return false;
    const size = this.options.budgetBytes;
    const ring = this.ring;
    let at = held.start % size;
    for (const chunk of content) {
      // A chunk may lie across the ring's end: compared in two parts.
      const first = Math.min(chunk.byteLength, size - at);
      if (Buffer.compare(ring.subarray(at, at + first), chunk.subarray(0, first)) !== 0) return false;
      if (first < chunk.byteLength && Buffer.compare(ring.subarray(0, chunk.byteLength - first), chunk.subarray(first)) !== 0) return false;
      at = (at + chunk.byteLength) % size;
    }
    return true;
  }

  /**
   * A member's content, hashed and done with by the walk: copied into the window (the chunks are
   * not held). `sha256` when `bytes` is the whole content, so the other side can take it (twinOf).
   * False when the window cannot hold it.
   */
  offer(path: string, chunks: readonly Uint8Array[], bytes: number, sha256: string | null = null): boolean {
    const size = this.options.budgetBytes;
    if (!this.admit(path, bytes)) return false;
    if (this.ring.byteLength < size && this.written + bytes > this.ring.byteLength) this.grow(this.written + bytes);
    const ring = this.ring;
    let to = this.written % size;
    for (const chunk of chunks) {
      const first = Math.min(chunk.byteLength, size - to);
      ring.set(first === chunk.byteLength ? chunk : chunk.subarray(0, first), to);
      if (first < chunk.byteLength) ring.set(chunk.subarray(first), 0);
      to = (to + chunk.byteLength) % size;
    }
    this.recent.set(path, { start: this.written, bytes, sha256 });
    this.written += bytes;
    return true;
  }

  /**
   * A member's whole content, not hashed (see the top of this file): `entry` is handed out without
   * a sha256, and gets one if it turns out to need it. False when the window cannot hold it: hash it.
   */
  offerPending(path: string, chunks: readonly Uint8Array[], bytes: number, entry: DigestedEntry): boolean {
    // Only while the other side may still read its copy.
    if (this.twin === null || this.twin.done || !this.offer(path, chunks, bytes)) return false;
    this.recent.get(path)!.pending = entry;
    this.unresolved++;
    return true;
  }

  /**
   * A member remembered by its place in the artifact's file instead of its bytes (see the top of
   * this file): it takes its place in the window as offer() would, without filling the ring.
   */
  offerAt(path: string, location: FileLocation, sha256: string | null = null): void {
    if (!this.admit(path, location.bytes)) return;
    this.recent.set(path, { start: this.written, bytes: location.bytes, sha256, location });
    this.written += location.bytes;
  }

  /** Room in the window for a member of `bytes`: the oldest members go while the new bytes would reach into them. False when it cannot fit at all. */
  private admit(path: string, bytes: number): boolean {
    const size = this.options.budgetBytes;
    if (bytes > size) return false;
    // The member it replaces (a repeated path) or lets go: a pending one is hashed first, while the
    // ring still holds its bytes.
    const replaced = this.recent.get(path);
    if (replaced !== undefined) this.letGo(path, replaced, true);
    for (const [old, held] of this.recent) {
      if (this.written + bytes - held.start <= size) break;
      this.letGo(old, held, false);
    }
    return true;
  }

  /**
   * A member leaves the window. A pending one is hashed, unless the other side matched it and it
   * merely ages out (the pair is the same content; nothing needs its sha256). One replaced by a
   * later member of its path is hashed even then: the other side's member that matched it will be
   * paired with the later one, and needs its own sha256, which is this one's.
   */
  private letGo(path: string, held: Held, replaced: boolean): void {
    if (held.pending !== undefined && (held.matchedBy === undefined || replaced)) this.digest(path, held);
    this.recent.delete(path);
  }

  /**
   * Hash a pending member from the ring and hand its digest on: to its own entry, and to the other
   * side's entry that matched it (the same bytes), which was handed out without one too. Each is
   * set on the entry (one still in the walk's batch leaves with it) and told to onDigest (for one
   * that has left: the main thread applies it to an entry still without one).
   */
  private digest(path: string, held: Held): void {
    const [head, tail] = this.bytesOf(held);
    const sha256 = tail === undefined ? hashAtOnce('sha256', head, 'hex') : createHash('sha256').update(head).update(tail).digest('hex');
    held.sha256 = sha256;
    held.pending!.sha256 = sha256;
    this.onDigest?.(path, held.pending!.offset, sha256);
    if (held.matchedBy === undefined) this.resolved();
    else {
      held.matchedBy.sha256 = sha256;
      this.twin?.onDigest?.(path, held.matchedBy.offset, sha256);
    }
    held.pending = undefined;
    held.matchedBy = undefined;
  }

  /** One pending member fewer to wait for. */
  private resolved(): void {
    if (--this.unresolved === 0) {
      this.whenResolved?.();
      this.whenResolved = null;
    }
  }

  /**
   * This side reads no more: the other side's pending members can no longer be matched here, and
   * are hashed; this side's own are left for the other side, which may still match them.
   */
  ended(): void {
    this.done = true;
    this.twin?.resolveAll();
  }

  /** Hash every pending member the other side has not matched: it will read no more (it ended). */
  resolveAll(): void {
    for (const [path, held] of this.recent) if (held.pending !== undefined && held.matchedBy === undefined) this.digest(path, held);
  }

  /** Resolves once no member is pending unmatched (at once when none is). */
  settled(): Promise<void> {
    if (this.unresolved === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const before = this.whenResolved;
      this.whenResolved = () => {
        before?.();
        resolve();
      };
    });
  }

  /**
   * Keep these members for take() if they are still held. A member is offered before the walk
   * hands out its entry, so an ask that comes after both sides' entries finds it unless it was let go.
   */
  keep(paths: Iterable<string>): void {
    for (const path of paths) {
      const held = this.recent.get(path);
      if (held === undefined || this.kept.size >= this.options.maxKept) continue;
      this.kept.set(path, held.location ?? this.copyOut(held));
      this.letGo(path, held, false);
    }
  }

  /** Every member kept, each in a buffer of its own. */
  takeKept(): Promise<Map<string, Uint8Array>> {
    return this.take([...this.kept.keys()]);
  }

  /**
   * The content held of these members (kept, or still in the window), each in a buffer of its own;
   * the rest must be read again. A member remembered by place is read from its file now: one that
   * can no longer be read (the file changed) is left out, for the second pass to read as it would.
   */
  async take(paths: Iterable<string>): Promise<Map<string, Uint8Array>> {
    const out = new Map<string, Uint8Array>();
    for (const path of paths) {
      const held = this.recent.get(path);
      const found = this.kept.get(path) ?? (held === undefined ? undefined : (held.location ?? this.copyOut(held)));
      if (found === undefined) continue;
      const content = found instanceof Uint8Array ? found : await readAgain(found);
      if (content !== null) out.set(path, content);
    }
    return out;
  }

  /** A larger ring for at least `needed` bytes. Only in the first lap: nothing has wrapped, so bytes keep their places. */
  private grow(needed: number): void {
    const ring = new Uint8Array(Math.min(this.options.budgetBytes, Math.max(needed, 2 * this.ring.byteLength, 64 * 1024)));
    ring.set(this.ring.subarray(0, this.written));
    this.ring = ring;
  }

  private copyOut(held: Held): Uint8Array {
    const [head, tail] = this.bytesOf(held);
    const out = new Uint8Array(held.bytes);
    out.set(head, 0);
    if (tail !== undefined) out.set(tail, head.byteLength);
    return out;
  }

  /** A held member's bytes in the ring: one view, or two where they run round its end. */
  private bytesOf(held: Held): [Uint8Array, Uint8Array?] {
    const ring = this.ring;
    const from = held.start % this.options.budgetBytes;
    const first = Math.min(held.bytes, ring.byteLength - from);
    const head = ring.subarray(from, from + first);
    return first < held.bytes ? [head, ring.subarray(0, held.bytes - first)] : [head];
  }

  /** Let everything go. */
  clear(): void {
    this.twin = null;
    this.recent.clear();
    this.kept.clear();
    this.ring = new Uint8Array(0);
    this.written = 0;
  }
}

/** A member's content read again from its place in a file (RecentContent.offerAt); null when that fails. */
async function readAgain(location: FileLocation): Promise<Uint8Array | null> {
  let file: FileSource | undefined;
  try {
    file = await FileSource.open(location.file);
    const stored = await file.read(location.start, location.end - location.start);
    if (stored.byteLength !== location.end - location.start) return null;
    // A buffer of its own, as the ring's members are taken (a stored member's content is a view of `stored`).
    return contentAt(stored, location, location.bytes).slice();
  } catch {
    return null;
  } finally {
    await file?.close();
  }
}
