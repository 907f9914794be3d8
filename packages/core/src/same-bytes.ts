/**
 * Whether two files are byte for byte the same, read side by side (compare's first step for files
 * of the same size).
 */
import { createHash } from 'node:crypto';
import { FileSource } from '@whydiff/formats/random-access';

/** The piece sameBytes reads of each file at a time (into one buffer a file, kept for the whole pass). */
const SAME_BYTES_PIECE = 1 << 20;

/**
 * The sha256 and size of two files of the same size when they hold the same bytes, else null. They
 * are read side by side and compared piece by piece, and the reading stops at the first piece that
 * differs: two builds that differ mostly do so in their first bytes (a timestamp in the first
 * header), so a pair that is not byte-identical costs a piece of each, not a pass over both. A pair
 * that is byte-identical is read once through, and only one side's bytes are hashed: they are the
 * other's. Files whose sizes differ, or change while read, are not the same.
 */
export async function sameBytes(pathA: string, pathB: string): Promise<{ sha256: string; size: number } | null> {
  const [a, b] = await Promise.all([FileSource.open(pathA), FileSource.open(pathB)]);
  try {
    if (a.size !== b.size) return null;
    const pieceA = Buffer.allocUnsafe(Math.min(SAME_BYTES_PIECE, a.size));
    const pieceB = Buffer.allocUnsafe(pieceA.byteLength);
    const hash = createHash('sha256');
    let at = 0;
    while (at < a.size) {
      const [gotA, gotB] = await Promise.all([a.readInto(pieceA, at), b.readInto(pieceB, at)]);
      if (gotA === 0 || gotA !== gotB || !pieceA.subarray(0, gotA).equals(pieceB.subarray(0, gotB))) return null;
      hash.update(pieceA.subarray(0, gotA));
      at += gotA;
    }
    return { sha256: hash.digest('hex'), size: at };
  } finally {
    await Promise.all([a.close(), b.close()]);
  }
}
