/**
 * A streaming tar writer for the benchmark (ustar headers as GNU tar writes them; a pax 'x' header
 * only for a name ustar cannot split). One member at a time, so a 1 GB tree never sits in memory.
 */
import type { Sink } from './sink.js';

const BLOCK = 512;
const RECORD = 20 * BLOCK;
const enc = new TextEncoder();

export interface TarEntryInfo {
  path: string;
  type: 'file' | 'dir';
  mode: number;
  size: number;
  mtime: number;
}

function octal(header: Uint8Array, offset: number, width: number, value: number): void {
  const digits = value.toString(8).padStart(width - 1, '0');
  if (digits.length > width - 1) throw new Error(`tar: ${value} does not fit ${width} bytes`);
  header.set(enc.encode(digits), offset);
}

function ustarHeader(name: string, prefix: string, e: TarEntryInfo, typeflag: string, size: number): Uint8Array {
  const h = new Uint8Array(BLOCK);
  h.set(enc.encode(name), 0);
  octal(h, 100, 8, e.mode);
  octal(h, 108, 8, 1000);
  octal(h, 116, 8, 1000);
  octal(h, 124, 12, size);
  octal(h, 136, 12, e.mtime);
  h.fill(0x20, 148, 156);
  h[156] = typeflag.charCodeAt(0);
  h.set(enc.encode('ustar\x0000'), 257);
  h.set(enc.encode('builder'), 265);
  h.set(enc.encode('builder'), 297);
  octal(h, 329, 8, 0);
  octal(h, 337, 8, 0);
  h.set(enc.encode(prefix), 345);
  let sum = 0;
  for (const b of h) sum += b;
  h.set(enc.encode(`${sum.toString(8).padStart(6, '0')}\x00 `), 148);
  return h;
}

/** Split a long name at a '/' into ustar prefix (155) and name (100), or null. */
function split(path: string): [string, string] | null {
  if (path.length <= 100) return [path, ''];
  for (let i = path.length - 1; i > 0; i--) {
    if (path[i] === '/' && i <= 155 && path.length - i - 1 <= 100 && path.length - i - 1 > 0) return [path.slice(i + 1), path.slice(0, i)];
  }
  return null;
}

function padding(size: number): Uint8Array {
  return new Uint8Array((BLOCK - (size % BLOCK)) % BLOCK);
}

export async function writeTarEntry(sink: Sink, e: TarEntryInfo, content: Uint8Array | null): Promise<void> {
  const typeflag = e.type === 'dir' ? '5' : '0';
  let parts = split(e.path);
  if (parts === null) {
    // A pax extended header with the path: "<len> path=<value>\n", length counting itself.
    const body = ` path=${e.path}\n`;
    let len = body.length + 1;
    while (`${len}${body}`.length !== len) len = `${len}${body}`.length;
    const record = enc.encode(`${len}${body}`);
    await sink.write(ustarHeader(`PaxHeaders/${e.path.split('/').pop()!.slice(0, 80)}`, '', { ...e, mode: 0o644 }, 'x', record.byteLength));
    await sink.write(record);
    await sink.write(padding(record.byteLength));
    parts = [e.path.slice(-100).replace(/^[^/]*\//, ''), ''];
  }
  await sink.write(ustarHeader(parts[0], parts[1], e, typeflag, e.type === 'dir' ? 0 : e.size));
  if (content !== null) {
    await sink.write(content);
    await sink.write(padding(content.byteLength));
  }
}

/** Two zero blocks, then zeros to a whole 10240-byte record. */
export async function endTar(sink: Sink): Promise<void> {
  const end = sink.offset + 2 * BLOCK;
  await sink.write(new Uint8Array(2 * BLOCK + ((RECORD - (end % RECORD)) % RECORD)));
}
