/**
 * Generate one side of every pair: <side>.tar.gz (gzip -6), <side>.zip (deflate -6) and
 * <side>.tar.bz2 (the system `bzip2 -9`, bench only) from the same tree, each file's content made
 * once and written to all three. Run as its own process so that a and b are made on two cores:
 *   node --import tsx src/generate-side.ts '<params json>' a|b <dir>
 */
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { rename } from 'node:fs/promises';
import { join } from 'node:path';
import { createGzip } from 'node:zlib';
import { fileContent, makePools } from './content.js';
import { Sink } from './sink.js';
import { endTar, writeTarEntry } from './tar-stream.js';
import { planTree, type TreeParams } from './tree.js';
import { ZipStreamWriter } from './zip-stream.js';

export async function generateSide(params: TreeParams, side: 'a' | 'b', dir: string): Promise<void> {
  const tree = planTree(params);
  const pools = makePools(params.seed);
  const changed = new Set(tree.changed);
  const mtime = side === 'a' ? params.mtimeA : params.mtimeB;
  const part = (ext: string) => join(dir, `${side}.${ext}.part`);

  const gzip = createGzip({ level: 6 });
  const gzFile = createWriteStream(part('tar.gz'));
  gzip.pipe(gzFile);
  const gzClosed = new Promise<void>((resolve, reject) => gzFile.on('close', resolve).on('error', reject));
  const tgz = new Sink(gzip);

  const zipFile = createWriteStream(part('zip'));
  const zipClosed = new Promise<void>((resolve, reject) => zipFile.on('close', resolve).on('error', reject));
  const zipSink = new Sink(zipFile);
  const zip = new ZipStreamWriter(zipSink);

  const bzFile = createWriteStream(part('tar.bz2'));
  const bzip2 = spawn('bzip2', ['-9', '-c'], { stdio: ['pipe', 'pipe', 'inherit'] });
  bzip2.stdout.pipe(bzFile);
  const bzClosed = new Promise<void>((resolve, reject) => bzFile.on('close', resolve).on('error', reject));
  const bzExit = new Promise<void>((resolve, reject) => bzip2.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`bzip2 exited ${code}`)))));
  const tbz = new Sink(bzip2.stdin);

  for (let i = 0; i < tree.entries.length; i++) {
    const e = tree.entries[i]!;
    const content = e.type === 'file' ? fileContent(e, pools, params.seed, side === 'b' && changed.has(e.path)) : null;
    const info = { path: e.path, type: e.type, mode: e.mode, size: content?.byteLength ?? 0, mtime };
    await writeTarEntry(tgz, info, content);
    await zip.add(e.path, e.mode, mtime, content);
    if (i < tree.bz2Count) {
      await writeTarEntry(tbz, info, content);
      if (i === tree.bz2Count - 1) {
        await endTar(tbz);
        await tbz.end();
      }
    }
  }
  await endTar(tgz);
  await zip.finish();
  await Promise.all([tgz.end(), zipSink.end(), gzClosed, zipClosed, bzExit, bzClosed]);
  for (const ext of ['tar.gz', 'zip', 'tar.bz2']) await rename(part(ext), join(dir, `${side}.${ext}`));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [json, side, dir] = process.argv.slice(2);
  if (json === undefined || (side !== 'a' && side !== 'b') || dir === undefined) {
    console.error('usage: generate-side.ts <params json> a|b <dir>');
    process.exit(2);
  }
  await generateSide(JSON.parse(json) as TreeParams, side, dir);
}
