/**
 * Hostile and broken inputs (issue 9): each is a real archive damaged the way downloads, uploads
 * and attackers damage them, built by code from the writers, so the bytes are the same on every
 * run. Pairs are `hostile/<case>/a.*` (the good build) and `b.*` (the damaged one).
 */
import { crc32, deflateRawSync, constants } from 'node:zlib';
import type { Fixture } from './fixture.js';
import { writeGzip } from './gzip-writer.js';
import { writeTar, type TarMember } from './tar-writer.js';
import { writeXar } from './xar-writer.js';
import { dosDateTime, writeZip, type ZipEntry } from './zip-writer.js';

/** Ten text members of different sizes: enough that a cut at 60% lands inside one of them. */
export const hostileTree: TarMember[] = Array.from({ length: 10 }, (_, i) => ({ path: `dir/file${i}.txt`, content: `line ${i} of a build output\n`.repeat(40 + i * 13) }));

export const goodTarGz = () => writeGzip(writeTar(hostileTree), { mtime: 0, os: 3, level: 6 });

/**
 * The same tar gzipped one byte a member (40,960 members of 21 bytes), each trailer's CRC-32 wrong:
 * a layer and a problem a member, which must stay bounded.
 */
export function bytePerMemberTarGz(): Uint8Array {
  const tar = writeTar(hostileTree);
  const members: Uint8Array[] = [];
  for (let i = 0; i < tar.byteLength; i++) {
    const one = Uint8Array.from(writeGzip(tar.subarray(i, i + 1), { mtime: 0, os: 3, level: 6 }));
    one[one.byteLength - 8] = one[one.byteLength - 8]! ^ 0xff; // CRC-32, first byte
    members.push(one);
  }
  return Buffer.concat(members);
}

/** The download cut at 60% of its bytes. */
export function truncatedTarGz(): Uint8Array {
  const whole = goodTarGz();
  return whole.slice(0, Math.floor(whole.byteLength * 0.6));
}

/** Offset of the header of member `index` in a tar of hostileTree (pax tar: no extended headers here). */
export function tarHeaderOffset(index: number): number {
  let at = 0;
  for (let i = 0; i < index; i++) at += 512 + Math.ceil(Buffer.byteLength(hostileTree[i]!.content as string) / 512) * 512;
  return at;
}

/** The header of dir/file3.txt with one byte of its name changed and its checksum left as it was. */
export function badChecksumTar(): Uint8Array {
  const bytes = writeTar(hostileTree);
  bytes[tarHeaderOffset(3) + 4] = 'F'.charCodeAt(0); // dir/file3.txt -> dir/File3.txt
  return bytes;
}

export const zipEntries: ZipEntry[] = Array.from({ length: 5 }, (_, i) => ({ name: `f${i}.txt`, data: `content ${i}\n`.repeat(50), mtime: 1700000000 }));
export const goodZip = () => writeZip(zipEntries);

const find = (bytes: Uint8Array, sig: number[]) => Buffer.from(bytes).indexOf(Buffer.from(sig));
const CENTRAL = [0x50, 0x4b, 0x01, 0x02];

/** The signature of the first central directory header broken (PK\1\2 -> PK\0\2). */
export function damagedCentralZip(): Uint8Array {
  const bytes = goodZip();
  bytes[find(bytes, CENTRAL) + 2] = 0x00;
  return bytes;
}

/**
 * The end record's central directory offset made `by` bytes too small (EOCD offset 16), size
 * left right: the directory seems to sit `by` bytes after where the record says, as behind a
 * self-extractor stub of that length, but the local headers are at their recorded offsets.
 */
export function wrongCentralOffsetZip(by = 258): Uint8Array {
  const bytes = goodZip();
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const eocd = bytes.byteLength - 22; // no archive comment
  view.setUint32(eocd + 16, view.getUint32(eocd + 16, true) - by, true);
  return bytes;
}

/** f0.txt claims 0xFFFFFFF0 bytes (about 4 GiB) uncompressed, in its local and central headers. */
export function hugeClaimZip(): Uint8Array {
  const bytes = goodZip();
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  view.setUint32(22, 0xfffffff0, true); // local header: 22 - uncompressed size
  view.setUint32(find(bytes, CENTRAL) + 24, 0xfffffff0, true); // central header: 24 - uncompressed size
  return bytes;
}

/** f0.txt declares half its real compressed size, in both headers. */
export function halfSizeZip(): Uint8Array {
  const bytes = goodZip();
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const central = find(bytes, CENTRAL);
  const half = Math.floor(view.getUint32(central + 20, true) / 2);
  view.setUint32(18, half, true); // local header: 18 - compressed size
  view.setUint32(central + 20, half, true); // central header: 20 - compressed size
  return bytes;
}

export const unsafeNames = ['../../etc/x', '/etc/x', 'C:\\x', 'nul\u0000byte', 'esc\u001b[31mred', 'new\nline', 'safe.txt'];
export const unsafeZip = (content: string) => () => writeZip(unsafeNames.map((name) => ({ name, data: content, mtime: 1700000000 })));
/** Tar cannot hold a NUL in a name (it ends the field); the others are stored as given (pax). */
export const unsafeTar = (content: string) => () => writeTar(unsafeNames.filter((n) => !n.includes('\u0000')).map((path) => ({ path, content })));

/** `levels` zips, each the only (stored) member of the next: level1.zip!/level2.zip!/.../innermost.txt. */
export function nestedZip(levels: number, innermost: string): Uint8Array {
  let bytes = writeZip([{ name: 'innermost.txt', data: innermost, mtime: 1700000000 }]);
  for (let i = levels - 1; i >= 1; i--) bytes = writeZip([{ name: `level${i}.zip`, data: bytes, method: 'stored', mtime: 1700000000 }]);
  return bytes;
}

const MiB = 1024 ** 2;

/**
 * A zip whose one member, bomb.bin, inflates to `gib` GiB of zeros from about 1 MB per GiB of
 * deflate: one sync-flushed block of 1 MiB of zeros repeated (each copy back-references zeros
 * only), then an empty final block. Sizes are honest, in zip64 extras; the CRC is the real one.
 */
export function zipBomb(gib = 10): Uint8Array {
  const zeros = new Uint8Array(MiB);
  const block = deflateRawSync(zeros, { finishFlush: constants.Z_SYNC_FLUSH });
  const copies = gib * 1024;
  const data = Buffer.alloc(block.byteLength * copies + 2);
  for (let i = 0; i < copies; i++) data.set(block, i * block.byteLength);
  data.set([0x03, 0x00], block.byteLength * copies); // final fixed-Huffman block with no symbols
  let crc = 0;
  for (let i = 0; i < copies; i++) crc = crc32(zeros, crc);
  const size = BigInt(copies) * BigInt(MiB);
  const name = Buffer.from('bomb.bin');
  const { date, time } = dosDateTime(1700000000);
  const zip64 = (withOffset: boolean) => {
    const b = Buffer.alloc(withOffset ? 28 : 20);
    b.writeUInt16LE(0x0001, 0);
    b.writeUInt16LE(b.byteLength - 4, 2);
    b.writeBigUInt64LE(size, 4); // uncompressed size
    b.writeBigUInt64LE(BigInt(data.byteLength), 12); // compressed size
    if (withOffset) b.writeBigUInt64LE(0n, 20);
    return b;
  };
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(45, 4); // version needed: zip64
  local.writeUInt16LE(8, 8); // deflate
  local.writeUInt16LE(time, 10);
  local.writeUInt16LE(date, 12);
  local.writeUInt32LE(crc >>> 0, 14);
  local.writeUInt32LE(0xffffffff, 18);
  local.writeUInt32LE(0xffffffff, 22);
  local.writeUInt16LE(name.byteLength, 26);
  local.writeUInt16LE(20, 28);
  const localExtra = zip64(false);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(0x032d, 4); // made by Unix, 4.5
  central.writeUInt16LE(45, 6);
  central.writeUInt16LE(8, 10);
  central.writeUInt16LE(time, 12);
  central.writeUInt16LE(date, 14);
  central.writeUInt32LE(crc >>> 0, 16);
  central.writeUInt32LE(0xffffffff, 20);
  central.writeUInt32LE(0xffffffff, 24);
  central.writeUInt16LE(name.byteLength, 28);
  central.writeUInt16LE(20, 30);
  central.writeUInt32LE(0o100644 * 0x10000, 38);
  const centralExtra = zip64(false);
  const cdOffset = local.byteLength + name.byteLength + localExtra.byteLength + data.byteLength;
  const cdSize = central.byteLength + name.byteLength + centralExtra.byteLength;
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(1, 8);
  eocd.writeUInt16LE(1, 10);
  eocd.writeUInt32LE(cdSize, 12);
  eocd.writeUInt32LE(cdOffset, 16);
  return Buffer.concat([local, name, localExtra, data, central, name, centralExtra, eocd]);
}

export const xarFile = () => writeXar([{ name: 'a.txt', type: 'file', mode: 0o644, uid: 0, gid: 0, mtime: 1700000000, data: 'hello\n' }], { creationTime: null });

/** Both TOC lengths (compressed at 8, uncompressed at 16, big-endian) set to 0x7FFFFFFFFFFFFFF0. */
export function hugeTocXar(): Uint8Array {
  const bytes = Buffer.from(xarFile());
  bytes.writeBigUInt64BE(0x7ffffffffffffff0n, 8);
  bytes.writeBigUInt64BE(0x7ffffffffffffff0n, 16);
  return bytes;
}

export const html404 = '<!DOCTYPE html>\n<html><head><title>404 Not Found</title></head>\n<body><h1>Not Found</h1><p>The requested URL was not found on this server.</p></body></html>\n';

export const hostileFixtures: Fixture[] = [
  { name: 'hostile/truncated-tgz/a.tar.gz', about: 'ten text members, whole', bytes: goodTarGz },
  { name: 'hostile/truncated-tgz/b.tar.gz', about: 'the same download cut at 60%', bytes: truncatedTarGz },
  { name: 'hostile/tar-checksum/a.tar', about: 'ten text members, plain pax tar', bytes: () => writeTar(hostileTree) },
  { name: 'hostile/tar-checksum/b.tar', about: "dir/file3.txt's header with a byte changed and its checksum not updated", bytes: badChecksumTar },
  { name: 'hostile/zip-central/a.zip', about: 'five deflated members', bytes: goodZip },
  { name: 'hostile/zip-central/b.zip', about: 'the first central directory header signature broken', bytes: damagedCentralZip },
  { name: 'hostile/zip-cd-offset/a.zip', about: 'five deflated members', bytes: goodZip },
  { name: 'hostile/zip-cd-offset/b.zip', about: 'the end record\'s central directory offset 258 bytes too small', bytes: () => wrongCentralOffsetZip(258) },
  { name: 'hostile/zip-sizes/a.zip', about: 'five deflated members', bytes: goodZip },
  { name: 'hostile/zip-sizes/b-4gb.zip', about: 'f0.txt claims 0xFFFFFFF0 bytes uncompressed', bytes: hugeClaimZip },
  { name: 'hostile/zip-sizes/b-half.zip', about: 'f0.txt claims half its compressed size', bytes: halfSizeZip },
  { name: 'hostile/unsafe-names/a.zip', about: 'members named ../../etc/x, /etc/x, C:\\x, with NUL, escape, newline', bytes: unsafeZip('a\n') },
  { name: 'hostile/unsafe-names/b.zip', about: 'the same names, other content', bytes: unsafeZip('b\n') },
  { name: 'hostile/unsafe-names/a.tar', about: 'the same names (but NUL) in a pax tar', bytes: unsafeTar('a\n') },
  { name: 'hostile/unsafe-names/b.tar', about: 'the same names, other content', bytes: unsafeTar('b\n') },
  { name: 'hostile/zip-nest/a.zip', about: '50 levels of zip in zip', bytes: () => nestedZip(50, 'deep\n') },
  { name: 'hostile/zip-nest/b.zip', about: '50 levels of zip in zip, other innermost content', bytes: () => nestedZip(50, 'deeper\n') },
  { name: 'hostile/zip-bomb/a.zip', about: 'five deflated members', bytes: goodZip },
  { name: 'hostile/zip-bomb/b.zip', about: 'one member inflating to 10 GiB of zeros (10 MB of deflate)', bytes: () => zipBomb(10) },
  { name: 'hostile/xar-toc/a.xar', about: 'one file', bytes: xarFile },
  { name: 'hostile/xar-toc/b.xar', about: 'TOC lengths 0x7FFFFFFFFFFFFFF0', bytes: hugeTocXar },
  { name: 'hostile/gzip-members/a.tar.gz', about: 'ten text members, whole', bytes: goodTarGz },
  { name: 'hostile/gzip-members/b.tar.gz', about: 'the same tar gzipped a byte a member, every trailer CRC-32 wrong', bytes: bytePerMemberTarGz },
  { name: 'hostile/not-archives/a.tar.gz', about: 'ten text members, whole', bytes: goodTarGz },
  { name: 'hostile/not-archives/empty.tar.gz', about: 'an empty file', bytes: () => new Uint8Array(0) },
  { name: 'hostile/not-archives/b.tar.gz', about: 'an HTML 404 page saved as .tar.gz', bytes: () => new TextEncoder().encode(html404) },
];
