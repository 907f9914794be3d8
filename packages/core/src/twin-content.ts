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
/**
 * A slot's 32-bit words: seq, method, crc32, the declared size (low, high), the key (8 words), the
 * content's sha256 (8 words), one spare. Every word is read and written with Atomics: a seqlock's
 * data read without them may, on a processor that reorders loads (ARM), be read after the sequence
 * number that was to vouch for it.
 */
const SLOT_WORDS = 22;
const SLOT_BYTES = SLOT_WORDS * 4;
const KEY_AT = 5;
const SHA_AT = 13;

/** A table both sides of a comparison share (structured-clones to a worker as the same memory). */
export function newTwinTable(): SharedArrayBuffer {
  return new SharedArrayBuffer(SLOTS * SLOT_BYTES);
}

export class TwinContent {
  private readonly words: Int32Array;

  constructor(table: SharedArrayBuffer) {
    if (table.byteLength !== SLOTS * SLOT_BYTES) throw new RangeError(`twin table: expected ${SLOTS * SLOT_BYTES} bytes, got ${table.byteLength}`);
    this.words = new Int32Array(table);
  }

  /** The sha256 of the compressed bytes: what a member is found by. */
  static keyOf(compressed: CompressedAtHand): Buffer {
    return hashAtOnce('sha256', compressed.bytes, 'buffer') as unknown as Buffer;
  }

  /** The content sha256 (hex) published for a member with this key and these declared facts, or null. */
  find(key: Buffer, compressed: CompressedAtHand): string | null {
    const at = slotOf(key) * SLOT_WORDS;
    const words = this.words;
    const seq = Atomics.load(words, at);
    if (seq === 0 || (seq & 1) === 1) return null;
    if (Atomics.load(words, at + 1) !== compressed.method || Atomics.load(words, at + 2) !== (compressed.crc32 | 0)) return null;
    if (Atomics.load(words, at + 3) !== (compressed.declaredSize % 2 ** 32 | 0) || Atomics.load(words, at + 4) !== Math.floor(compressed.declaredSize / 2 ** 32)) return null;
    for (let i = 0; i < 8; i++) if (Atomics.load(words, at + KEY_AT + i) !== key.readInt32LE(i * 4)) return null;
    const sha = Buffer.alloc(32);
    for (let i = 0; i < 8; i++) sha.writeInt32LE(Atomics.load(words, at + SHA_AT + i), i * 4);
    // Written over while we read: what we read may be half of each.
    return Atomics.load(words, at) === seq ? sha.toString('hex') : null;
  }

  /** Publish a member read without a problem: its key, declared facts and content sha256 (hex). */
  publish(key: Buffer, compressed: CompressedAtHand, sha256: string): void {
    const at = slotOf(key) * SLOT_WORDS;
    const words = this.words;
    const seq = Atomics.load(words, at);
    if ((seq & 1) === 1 || Atomics.compareExchange(words, at, seq, seq + 1) !== seq) return;
    Atomics.store(words, at + 1, compressed.method);
    Atomics.store(words, at + 2, compressed.crc32 | 0);
    Atomics.store(words, at + 3, compressed.declaredSize % 2 ** 32 | 0);
    Atomics.store(words, at + 4, Math.floor(compressed.declaredSize / 2 ** 32));
    const sha = Buffer.from(sha256, 'hex');
    for (let i = 0; i < 8; i++) {
      Atomics.store(words, at + KEY_AT + i, key.readInt32LE(i * 4));
      Atomics.store(words, at + SHA_AT + i, sha.readInt32LE(i * 4));
    }
    Atomics.store(words, at, seq + 2);
  }
}

function slotOf(key: Uint8Array): number {
  return ((key[0]! | (key[1]! << 8) | (key[2]! << 16)) >>> 0) % SLOTS;
}
