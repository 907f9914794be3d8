/** Writing a report that comes in pieces (renderJsonChunks) to a file, one piece at a time. */
import { open } from 'node:fs/promises';

export async function writePieces(path: string, pieces: Iterable<string>): Promise<void> {
  const file = await open(path, 'w');
  try {
    for (const piece of pieces) await file.write(piece);
  } finally {
    await file.close();
  }
}
