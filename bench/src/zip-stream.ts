/**
 * A streaming zip writer for the benchmark (APPNOTE 6.3.10), as Info-ZIP `zip -6` writes a tree:
 * each member deflated in one call, local header with CRC and sizes known up front, the 0x5455
 * extended timestamp, Unix modes; zip64 end records when there are more than 65,535 members.
 * Only the central directory records are kept in memory (~100 bytes a member).
 */
import { crc32, deflateRawSync } from 'node:zlib';
import type { Sink } from './sink.js';

function dos(seconds: number): { date: number; time: number } {
  const d = new Date(seconds * 1000);
  return {
    date: ((d.getUTCFullYear() - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate(),
    time: (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | (d.getUTCSeconds() >> 1),
  };
}

export class ZipStreamWriter {
  private readonly sink: Sink;
  private readonly central: Buffer[] = [];
  private count = 0;

  constructor(sink: Sink) {
    this.sink = sink;
  }

  async add(path: string, mode: number, mtime: number, content: Uint8Array | null): Promise<void> {
    const name = Buffer.from(path);
    const isDir = content === null;
    const data = content ?? new Uint8Array(0);
    const deflated = isDir ? data : deflateRawSync(data, { level: 6 });
    const method = isDir || deflated.byteLength >= data.byteLength ? 0 : 8;
    const stored = method === 8 ? deflated : data;
    const crc = isDir ? 0 : crc32(data);
    const { date, time } = dos(mtime);
    const offset = this.sink.offset;
    if (offset > 0xfffffffe || stored.byteLength > 0xfffffffe) throw new Error('zip-stream: member past 4 GB (zip64 member records not written)');
    const extra = Buffer.alloc(9);
    extra.writeUInt16LE(0x5455, 0);
    extra.writeUInt16LE(5, 2);
    extra.writeUInt8(1, 4);
    extra.writeUInt32LE(mtime, 5);

    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(isDir ? 10 : 20, 4);
    local.writeUInt16LE(0, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(date, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(stored.byteLength, 18);
    local.writeUInt32LE(data.byteLength, 22);
    local.writeUInt16LE(name.byteLength, 26);
    local.writeUInt16LE(extra.byteLength, 28);
    await this.sink.write(Buffer.concat([local, name, extra]));
    if (stored.byteLength > 0) await this.sink.write(stored);

    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE(0x031e, 4);
    c.writeUInt16LE(isDir ? 10 : 20, 6);
    c.writeUInt16LE(0, 8);
    c.writeUInt16LE(method, 10);
    c.writeUInt16LE(time, 12);
    c.writeUInt16LE(date, 14);
    c.writeUInt32LE(crc, 16);
    c.writeUInt32LE(stored.byteLength, 20);
    c.writeUInt32LE(data.byteLength, 24);
    c.writeUInt16LE(name.byteLength, 28);
    c.writeUInt16LE(extra.byteLength, 30);
    c.writeUInt16LE(0, 32);
    c.writeUInt16LE(0, 34);
    c.writeUInt16LE(0, 36);
    c.writeUInt32LE((((isDir ? 0o40000 : 0o100000) | mode) * 0x10000 + (isDir ? 0x10 : 0)) >>> 0, 38);
    c.writeUInt32LE(offset, 42);
    this.central.push(Buffer.concat([c, name, extra]));
    this.count += 1;
  }

  async finish(): Promise<void> {
    const cdOffset = this.sink.offset;
    let cdSize = 0;
    for (const record of this.central) {
      await this.sink.write(record);
      cdSize += record.byteLength;
    }
    const zip64 = this.count > 0xffff || cdOffset > 0xffffffff;
    if (zip64) {
      const eocd64Offset = this.sink.offset;
      const r = Buffer.alloc(56);
      r.writeUInt32LE(0x06064b50, 0);
      r.writeBigUInt64LE(44n, 4);
      r.writeUInt16LE(0x031e, 12);
      r.writeUInt16LE(45, 14);
      r.writeUInt32LE(0, 16);
      r.writeUInt32LE(0, 20);
      r.writeBigUInt64LE(BigInt(this.count), 24);
      r.writeBigUInt64LE(BigInt(this.count), 32);
      r.writeBigUInt64LE(BigInt(cdSize), 40);
      r.writeBigUInt64LE(BigInt(cdOffset), 48);
      const locator = Buffer.alloc(20);
      locator.writeUInt32LE(0x07064b50, 0);
      locator.writeUInt32LE(0, 4);
      locator.writeBigUInt64LE(BigInt(eocd64Offset), 8);
      locator.writeUInt32LE(1, 16);
      await this.sink.write(Buffer.concat([r, locator]));
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(0, 4);
    end.writeUInt16LE(0, 6);
    end.writeUInt16LE(Math.min(this.count, 0xffff), 8);
    end.writeUInt16LE(Math.min(this.count, 0xffff), 10);
    end.writeUInt32LE(Math.min(cdSize, 0xffffffff), 12);
    end.writeUInt32LE(Math.min(cdOffset, 0xffffffff), 16);
    end.writeUInt16LE(0, 20);
    await this.sink.write(end);
  }
}
