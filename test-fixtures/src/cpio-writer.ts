/**
 * A deterministic cpio writer for tests: odc, newc, crc and old binary (both byte orders), after
 * the same layouts the reader decodes. Everything the output depends on is given (times, owners,
 * inode numbers, order), so the bytes are the same on every machine and every run.
 */

export type CpioWriteFormat = 'odc' | 'newc' | 'crc' | 'bin-le' | 'bin-be';
export type CpioWriteType = 'file' | 'dir' | 'symlink' | 'char' | 'block' | 'fifo' | 'socket';

export interface CpioWriteEntry {
  name: string;
  type: CpioWriteType;
  /** Permission bits; the file type bits come from `type`. */
  perm: number;
  uid: number;
  gid: number;
  mtime: number;
  /** File content, or the symlink target. */
  data?: Uint8Array | string;
  /** Defaults: 2 for directories, 1 otherwise. */
  nlink?: number;
  /** Defaults to the entry's position + 1. */
  ino?: number;
  dev?: number;
  rdev?: number;
  /** crc format: the value written in c_check (defaults to the correct sum). */
  check?: number;
}

const typeBits: Record<CpioWriteType, number> = {
  file: 0o100000, dir: 0o040000, symlink: 0o120000, char: 0o020000, block: 0o060000, fifo: 0o010000, socket: 0o140000,
};

function bytesOf(data: Uint8Array | string | undefined): Uint8Array {
  if (data === undefined) return new Uint8Array(0);
  return typeof data === 'string' ? new TextEncoder().encode(data) : data;
}

const octal = (n: number, width: number) => n.toString(8).padStart(width, '0').slice(-width);
const hex = (n: number) => n.toString(16).padStart(8, '0').slice(-8);

/** One header + name + data (with the variant's padding). */
export function cpioRecord(format: CpioWriteFormat, e: CpioWriteEntry, index: number): Uint8Array {
  const data = bytesOf(e.data);
  const name = new TextEncoder().encode(`${e.name}\0`);
  const mode = typeBits[e.type] | e.perm;
  const nlink = e.nlink ?? (e.type === 'dir' ? 2 : 1);
  const ino = e.ino ?? index + 1;
  const dev = e.dev ?? 0;
  const rdev = e.rdev ?? 0;
  const parts: Uint8Array[] = [];
  const ascii = (s: string) => new TextEncoder().encode(s);
  const pad = (length: number, align: number) => new Uint8Array((align - (length % align)) % align);
  if (format === 'odc') {
    parts.push(
      ascii(
        '070707' + octal(dev, 6) + octal(ino, 6) + octal(mode, 6) + octal(e.uid, 6) + octal(e.gid, 6) + octal(nlink, 6) +
          octal(rdev, 6) + octal(e.mtime, 11) + octal(name.byteLength, 6) + octal(data.byteLength, 11),
      ),
      name,
      data,
    );
  } else if (format === 'newc' || format === 'crc') {
    let sum = 0;
    for (const b of data) sum = (sum + b) % 0x100000000;
    const check = format === 'crc' ? (e.check ?? sum) : 0;
    const header = ascii(
      (format === 'crc' ? '070702' : '070701') + hex(ino) + hex(mode) + hex(e.uid) + hex(e.gid) + hex(nlink) + hex(e.mtime) +
        hex(data.byteLength) + hex(dev >> 8) + hex(dev & 0xff) + hex(rdev >> 8) + hex(rdev & 0xff) + hex(name.byteLength) + hex(check),
    );
    parts.push(header, name, pad(110 + name.byteLength, 4), data, pad(data.byteLength, 4));
  } else {
    const header = new Uint8Array(26);
    const view = new DataView(header.buffer);
    const le = format === 'bin-le';
    const words = [0o070707, dev, ino, mode, e.uid, e.gid, nlink, rdev, Math.floor(e.mtime / 0x10000), e.mtime % 0x10000, name.byteLength,
      Math.floor(data.byteLength / 0x10000), data.byteLength % 0x10000];
    words.forEach((w, i) => view.setUint16(i * 2, w, le));
    parts.push(header, name, pad(name.byteLength, 2), data, pad(data.byteLength, 2));
  }
  return Buffer.concat(parts);
}

/** A whole archive: the entries, the TRAILER!!! entry, NUL padding to `block` bytes (512 by default, 0 for none). */
export function writeCpio(format: CpioWriteFormat, entries: readonly CpioWriteEntry[], block = 512): Uint8Array {
  const parts = entries.map((e, i) => cpioRecord(format, e, i));
  parts.push(cpioRecord(format, { name: 'TRAILER!!!', type: 'file', perm: 0, uid: 0, gid: 0, mtime: 0, nlink: 1, ino: 0 }, 0));
  const body = Buffer.concat(parts);
  if (block <= 0) return body;
  return Buffer.concat([body, new Uint8Array((block - (body.byteLength % block)) % block)]);
}

