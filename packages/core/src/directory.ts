/**
 * A directory as an artifact: its files listed with lstat (symlinks are never followed), in name
 * order (the order a file system returns is not a property of a build), as members the walk hashes
 * and opens like an archive's.
 */
import { createReadStream } from 'node:fs';
import { lstat, readdir, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { EntryType, Member } from '@whydiff/formats';

function typeOf(stats: import('node:fs').BigIntStats): EntryType {
  if (stats.isFile()) return 'file';
  if (stats.isDirectory()) return 'dir';
  if (stats.isSymbolicLink()) return 'symlink';
  if (stats.isCharacterDevice()) return 'char';
  if (stats.isBlockDevice()) return 'block';
  if (stats.isFIFO()) return 'fifo';
  return 'socket';
}

/** Members of the tree under `root`, depth first, names sorted by code unit. */
export async function* readDirectory(root: string): AsyncGenerator<Member> {
  const pending: string[] = [''];
  while (pending.length > 0) {
    const relative = pending.pop()!;
    const names = (await readdir(join(root, relative))).sort();
    const subdirs: string[] = [];
    for (const name of names) {
      const path = relative === '' ? name : `${relative}/${name}`;
      const full = join(root, path);
      const stats = await lstat(full, { bigint: true });
      const type = typeOf(stats);
      yield {
        path: type === 'dir' ? `${path}/` : path,
        type,
        mode: Number(stats.mode & 0o7777n),
        uid: Number(stats.uid),
        gid: Number(stats.gid),
        uname: null,
        gname: null,
        mtime: Number(stats.mtimeNs) / 1e9,
        size: type === 'file' ? Number(stats.size) : 0,
        linkTarget: type === 'symlink' ? await readlink(full) : null,
        format: 'directory',
        offset: 0,
        raw: {}, // inode numbers and link counts say nothing about a build
        problems: [],
        content: type === 'file' ? createReadStream(full, { highWaterMark: 1 << 20 }) : null,
      };
      if (type === 'dir') subdirs.push(path);
    }
    // Depth first, in name order: push in reverse so the first name is visited first.
    for (const dir of subdirs.reverse()) pending.push(dir);
  }
}
