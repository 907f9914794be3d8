/**
 * A xar writer of our own, for tests: the 28-byte header (or 64 with a named checksum), the TOC XML
 * in xar's element order, zlib-compressed, then the heap: the TOC checksum first (as xar writes
 * it), then each file's data in TOC order with its archived and extracted checksums. Everything the
 * bytes depend on is given (times, owners, ids, order, creation-time), so output is the same on
 * every run with the same zlib (Node bundles its own).
 */
import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';

export type XarWriteType = 'file' | 'directory' | 'symlink' | 'hardlink' | 'fifo' | 'character special' | 'block special' | 'socket';

export interface XarWriteFile {
  name: string;
  type: XarWriteType;
  /** Permission bits, written in octal as xar does (`0644`). */
  mode: number;
  uid: number;
  gid: number;
  user?: string;
  group?: string;
  /** Seconds since the epoch, written as `YYYY-MM-DDTHH:MM:SSZ`. */
  mtime: number;
  ctime?: number;
  atime?: number;
  /** File content. */
  data?: Uint8Array | string;
  /** How data is stored: zlib (`application/x-gzip`, the default) or as is (`application/octet-stream`). */
  encoding?: 'zlib' | 'none';
  /** Symlink target. */
  link?: string;
  /** Hard links: `original` on the file that holds the data, the original's id on the others. */
  hardlink?: 'original' | number;
  /** Defaults to the file's position in TOC order + 1. */
  id?: number;
  inode?: number;
  children?: XarWriteFile[];
}

export interface XarWriteOptions {
  /** `<creation-time>`; null leaves it out. */
  creationTime: string | null;
  /** TOC checksum algorithm; also used for the data checksums. Default sha1. */
  checksum?: 'sha1' | 'md5' | 'sha256' | 'none';
  /** Rewrite the TOC XML before it is compressed (hostile-input tests). */
  mutateToc?: (xml: string) => string;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const iso = (t: number) => new Date(t * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
const bytesOf = (d: Uint8Array | string | undefined) => (d === undefined ? undefined : typeof d === 'string' ? Buffer.from(d, 'utf8') : Buffer.from(d));

export function writeXar(files: readonly XarWriteFile[], options: XarWriteOptions): Uint8Array {
  const alg = options.checksum ?? 'sha1';
  const digestSize = alg === 'none' ? 0 : createHash(alg).digest().byteLength;
  const heap: Buffer[] = [];
  let heapSize = digestSize; // the TOC checksum comes first
  let nextId = 1;
  const lines: string[] = ['<?xml version="1.0" encoding="UTF-8"?>', '<xar>', ' <toc>'];
  if (options.creationTime !== null) lines.push(`  <creation-time>${esc(options.creationTime)}</creation-time>`);
  if (alg !== 'none') lines.push(`  <checksum style="${alg}">`, '   <offset>0</offset>', `   <size>${digestSize}</size>`, '  </checksum>');

  const writeFile = (f: XarWriteFile, indent: string) => {
    const id = f.id ?? nextId;
    nextId = Math.max(nextId, id) + 1;
    lines.push(`${indent}<file id="${id}">`);
    const data = bytesOf(f.data);
    if (data !== undefined) {
      const stored = f.encoding === 'none' ? data : deflateSync(data, { level: 9 });
      const sum = (b: Buffer) => createHash(alg === 'none' ? 'sha1' : alg).update(b).digest('hex');
      lines.push(
        `${indent} <data>`,
        `${indent}  <length>${stored.byteLength}</length>`,
        `${indent}  <offset>${heapSize}</offset>`,
        `${indent}  <size>${data.byteLength}</size>`,
        `${indent}  <encoding style="${f.encoding === 'none' ? 'application/octet-stream' : 'application/x-gzip'}"/>`,
      );
      if (alg !== 'none') {
        lines.push(
          `${indent}  <extracted-checksum style="${alg}">${sum(data)}</extracted-checksum>`,
          `${indent}  <archived-checksum style="${alg}">${sum(stored)}</archived-checksum>`,
        );
      }
      lines.push(`${indent} </data>`);
      heap.push(stored);
      heapSize += stored.byteLength;
    }
    lines.push(
      `${indent} <ctime>${iso(f.ctime ?? f.mtime)}</ctime>`,
      `${indent} <mtime>${iso(f.mtime)}</mtime>`,
      `${indent} <atime>${iso(f.atime ?? f.mtime)}</atime>`,
    );
    if (f.group !== undefined) lines.push(`${indent} <group>${esc(f.group)}</group>`);
    lines.push(`${indent} <gid>${f.gid}</gid>`);
    if (f.user !== undefined) lines.push(`${indent} <user>${esc(f.user)}</user>`);
    lines.push(`${indent} <uid>${f.uid}</uid>`, `${indent} <mode>${f.mode.toString(8).padStart(4, '0')}</mode>`);
    lines.push(`${indent} <inode>${f.inode ?? id}</inode>`);
    if (f.link !== undefined) lines.push(`${indent} <link type="file">${esc(f.link)}</link>`);
    lines.push(f.hardlink !== undefined ? `${indent} <type link="${f.hardlink}">hardlink</type>` : `${indent} <type>${f.type}</type>`);
    lines.push(`${indent} <name>${esc(f.name)}</name>`);
    for (const c of f.children ?? []) writeFile(c, `${indent} `);
    lines.push(`${indent}</file>`);
  };
  for (const f of files) writeFile(f, '  ');
  lines.push(' </toc>', '</xar>', '');
  let xml = lines.join('\n');
  if (options.mutateToc) xml = options.mutateToc(xml);

  const tocXml = Buffer.from(xml, 'utf8');
  const toc = deflateSync(tocXml, { level: 9 });
  const named = alg === 'sha256';
  const header = Buffer.alloc(named ? 64 : 28);
  header.write('xar!', 0, 'latin1');
  header.writeUInt16BE(header.byteLength, 4);
  header.writeUInt16BE(1, 6);
  header.writeBigUInt64BE(BigInt(toc.byteLength), 8);
  header.writeBigUInt64BE(BigInt(tocXml.byteLength), 16);
  header.writeUInt32BE({ none: 0, sha1: 1, md5: 2, sha256: 3 }[alg], 24);
  if (named) header.write('sha256', 28, 'latin1');
  const tocSum = alg === 'none' ? Buffer.alloc(0) : createHash(alg).update(toc).digest();
  return Buffer.concat([header, toc, tocSum, ...heap]);
}
