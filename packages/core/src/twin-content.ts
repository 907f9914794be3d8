/**
 * Content the other side has already inflated and hashed, found by its compressed bytes.
 *
 * A rebuilt zip usually holds most of its members' compressed data byte for byte as published:
 * what differs is in the headers (times, attributes, offsets). Inflating the same deflate stream a
 * second time gives the same bytes, so the second side to reach such a member can take the first
 * side's sha256 instead of inflating and hashing it again. Both sides walk at once (two workers);
 * whichever reaches a member first reads it and publishes what it found, and the one behind takes
 * it, which lets it catch up: about half the inflating and hashing of the members that did not
 * change is done once instead of twice.
 *
 * What is published is a cache, never the truth of a member: a member is taken from it only when
 * its compressed bytes have the same sha256 as the published member's, with the same method,
 * declared CRC-32 and declared size (so its own headers' checks pass as the other side's did), and
 * only members read without a problem, that are plain files (not a nested archive), are published.
 *
 * The table is a SharedArrayBuffer of fixed size, so memory does not grow with the archive: a slot
 * is overwritten by a later member whose key falls in it. Each slot is guarded by a sequence number
 * (a seqlock): odd while written, so a reader that sees it change, or odd, counts a miss. Two
 * writers of one slot do not wait for each other: the second skips publishing.
 */
import { hash as hashAtOnce } from 'node:crypto';
import type { CompressedAtHand } from '@whydiff/formats/entry';

/** Slots in a table: the sides stay within a few hundred members of each other (pacing). */
const SLOTS = 4096;
/** seq (4), method (4), crc32 (4), pad (4), declared size (8), key (32), sha256 (32). */
const SLOT_BYTES = 88;
const KEY_AT = 24;
const SHA_AT = 56;

/** A table both sides of a comparison share (structured-clones to a worker as the same memory). */
export function newTwinTable(): SharedArrayBuffer {
  return new SharedArrayBuffer(SLOTS * SLOT_BYTES);
}

export class TwinContent {
  private readonly seqs: Int32Array;
  private readonly words: Uint32Array;
  private readonly sizes: Float64Array;
  private readonly bytes: Uint8Array;

  constructor(table: SharedArrayBuffer) {
    if (table.byteLength !== SLOTS * SLOT_BYTES) throw new RangeError(`twin table: expected ${SLOTS * SLOT_BYTES} bytes, got ${table.byteLength}`);
    this.seqs = new Int32Array(table);
    this.words = new Uint32Array(table);
    this.sizes = new Float64Array(table);
    this.bytes = new Uint8Array(table);
  }

  /** The sha256 of the compressed bytes: what a member is found by. */
  static keyOf(compressed: CompressedAtHand): Buffer {
    return hashAtOnce('sha256', compressed.bytes, 'buffer') as unknown as Buffer;
  }

  /** The content sha256 (hex) published for a member with this key and these declared facts, or null. */
  find(key: Uint8Array, compressed: CompressedAtHand): string | null {
    const slot = slotOf(key);
    const base = slot * SLOT_BYTES;
    const seq = Atomics.load(this.seqs, base >> 2);
    if (seq === 0 || (seq & 1) === 1) return null;
    if (!this.matches(base, key, compressed)) return null;
    const sha = Buffer.from(this.bytes.slice(base + SHA_AT, base + SHA_AT + 32)).toString('hex');
    // Written over while we read: what we read may be half of each.
    return Atomics.load(this.seqs, base >> 2) === seq ? sha : null;
  }

  /** Publish a member read without a problem: its key, declared facts and content sha256 (hex). */
  publish(key: Uint8Array, compressed: CompressedAtHand, sha256: string): void {
    const slot = slotOf(key);
    const base = slot * SLOT_BYTES;
    const at = base >> 2;
    const seq = Atomics.load(this.seqs, at);
    if ((seq & 1) === 1 || Atomics.compareExchange(this.seqs, at, seq, seq + 1) !== seq) return;
    this.words[at + 1] = compressed.method;
    this.words[at + 2] = compressed.crc32 >>> 0;
    this.sizes[(base + 16) >> 3] = compressed.declaredSize;
    this.bytes.set(key, base + KEY_AT);
    this.bytes.set(Buffer.from(sha256, 'hex'), base + SHA_AT);
    Atomics.store(this.seqs, at, seq + 2);
  }

  private matches(base: number, key: Uint8Array, compressed: CompressedAtHand): boolean {
    const at = base >> 2;
    if (this.words[at + 1] !== compressed.method || this.words[at + 2] !== compressed.crc32 >>> 0) return false;
    if (this.sizes[(base + 16) >> 3] !== compressed.declaredSize) return false;
    const bytes = this.bytes;
    for (let i = 0; i < 32; i++) if (bytes[base + KEY_AT + i] !== key[i]) return false;
    return true;
  }
}

function slotOf(key: Uint8Array): number {
  return ((key[0]! | (key[1]! << 8) | (key[2]! << 16)) >>> 0) % SLOTS;
}
