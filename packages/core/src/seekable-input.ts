/**
 * Inputs that can be read only once, from the start: a pipe, a process substitution such as
 * `whydiff <(curl -sL URL1) <(curl -sL URL2)`, /dev/stdin on a pipe. whydiff reads an artifact
 * more than once and at any offset (the bytes of two files of the same size are compared first, a
 * zip's central directory lies at its end, a member that differs is read again for its diff), so
 * such an input is copied once, as it is, into the private temporary directory, and read from
 * there under the name it was given. Before this, a pipe was hashed and then walked: the walk found
 * it empty, and two different artifacts were reported as holding equal content.
 */
import { createReadStream, createWriteStream, type Stats } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { LimitExceededError, WhydiffError } from '@whydiff/formats/errors';
import { defaultLimits, type Limits } from './limits.js';
import { tempFile } from './temp-dir.js';
import { groupDigits } from './values.js';

/**
 * Standard input, read through process.stdin when it is not a file: opening /dev/stdin again fails
 * for a socket (what a parent process may hand over, as Node's spawn with `input` does), and a
 * pipe's stream once made by process.stdin is non-blocking, which reading the path would trip on.
 */
export const STDIN = '/dev/stdin';

/** Where to read an input from, what it is (the stat of that path), and the copy to remove once done (null when it is read in place). */
export interface SeekableInput {
  path: string;
  stats: Stats;
  copy: string | null;
}

/**
 * The input itself when it is a regular file or a directory; anything else (a pipe, a character
 * device, a socket) copied into the private temporary directory first, up to `maxTotalBytes` (an
 * endless stream is refused instead of filling the disk). `known`: the path's stat, when the caller
 * has it already.
 */
export async function seekableInput(path: string, limits: Partial<Limits> = {}, known?: Stats): Promise<SeekableInput> {
  const info = known ?? (await stat(path));
  if (info.isFile() || info.isDirectory()) return { path, stats: info, copy: null };
  const copy = tempFile('.input');
  const max = limits.maxTotalBytes ?? defaultLimits.maxTotalBytes;
  let copied = 0;
  const counted = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      copied += chunk.byteLength;
      if (copied > max) done(new LimitExceededError('totalBytes', max, `reading a stream (not a file) to compare it: more than ${groupDigits(max)} bytes (--max-total-bytes)`, { artifact: path, offset: max }));
      else done(null, chunk);
    },
  });
  try {
    await pipeline(path === STDIN ? process.stdin : createReadStream(path, { highWaterMark: 1 << 20 }), counted, createWriteStream(copy, { mode: 0o600 }));
  } catch (error) {
    await rm(copy, { force: true });
    if (error instanceof WhydiffError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new WhydiffError('INPUT_UNREADABLE', `reading a stream (not a file) to compare it: ${message} after ${groupDigits(copied)} bytes`, { artifact: path, offset: copied });
  }
  return { path: copy, stats: await stat(copy), copy };
}

/** Remove the copies seekableInput made (inputs read in place are left alone). */
export async function removeCopies(inputs: readonly SeekableInput[]): Promise<void> {
  await Promise.all(inputs.map((input) => (input.copy === null ? undefined : rm(input.copy, { force: true }))));
}
