/**
 * cpio as a streaming reader: odc, newc, crc and old binary in both byte orders, the variant
 * detected at every header. The loop only buffers, counts offsets and calls the pure decoders in
 * cpio-header.ts. Content is streamed, never buffered (symlink targets, which are the content of a
 * symlink entry, are read whole up to a cap).
 *
 * Hard links are listed as libarchive lists them: the first name of a (dev, ino) with nlink > 1 is
 * the file; every later name is a `hardlink` whose target is that first name, and carries whatever
 * data the archive stored with it (odc and bin store the data with every link; newc stores it with
 * the last one only, so there the first names have size 0 and the last hardlink has the data).
 */
import type { ByteReader } from './byte-reader.js';
import { decodeName, hex8, type EntryType, type Member, type Problem, type ReadContext } from './entry.js';
import { FormatError, TruncatedError } from './errors.js';
import {
  CPIO_ALIGN,
  CPIO_HEADER_SIZE,
  CpioFieldError,
  cpioHeaderRaw,
  cpioVariantOf,
  decodeCpioHeader,
  padTo,
  type CpioHeader,
  type CpioVariant,
} from './cpio-header.js';

/** Longest name we read: a larger namesize is damage, not a name (PATH_MAX is 4096 on Linux). */
export const CPIO_NAME_CAP = 64 * 1024;
/** Longest symlink target we read into memory. */
export const CPIO_SYMLINK_CAP = 64 * 1024;
/** How many multiply-linked files we remember at once while pairing hard links. */
const LINK_TABLE_CAP = 1 << 20;
/** Bytes examined per step while scanning for the next header after damage. */
const RESYNC_WINDOW = 64 * 1024;

const TRAILER = 'TRAILER!!!';

const typeByFormatBits: Record<number, EntryType> = {
  0o100000: 'file',
  0o040000: 'dir',
  0o120000: 'symlink',
  0o020000: 'char',
  0o060000: 'block',
  0o010000: 'fifo',
  0o140000: 'socket',
};

/** What is left of the current member's data: drained before the next header is read. */
interface DataState {
  member: Member;
  remaining: number;
  /** crc variant: the running sum of the data bytes, checked against the header when drained. */
  sum: number;
  expectedSum: number | null;
  dataOffset: number;
  pad: number;
  checked: boolean;
}

interface LinkRecord {
  name: string;
  left: number;
}

export async function* readCpio(input: ByteReader, ctx: ReadContext): AsyncGenerator<Member> {
  const links = new Map<string, LinkRecord>();
  let archiveVariant: CpioVariant | null = null;
  let pending: DataState | null = null;
  let linkTableFull = false;

  for (;;) {
    if (pending !== null) {
      await finishData(input, pending);
      pending = null;
    }
    const offset = input.offset;
    const head = await input.peek(6);
    if (head.byteLength === 0) {
      if (archiveVariant === null) throw new FormatError('cpio', 'CPIO_EMPTY', 'the input is empty; expected a cpio header', { offset });
      ctx.problem({ code: 'CPIO_NO_TRAILER', message: `cpio: the archive ends at offset ${offset} without a ${TRAILER} entry; it may be truncated`, offset });
      return;
    }
    let variant = cpioVariantOf(head);
    if (variant === null) {
      if (archiveVariant === null) {
        throw new FormatError(
          'cpio',
          'CPIO_BAD_MAGIC',
          `no cpio header at offset ${offset}: expected magic 070707, 070701, 070702 or binary 0x71c7, found ${describe(head)}`,
          { offset, expected: '070707|070701|070702|0x71c7', found: describe(head) },
        );
      }
      variant = await resync(input, archiveVariant, ctx, `no header magic at offset ${offset} (found ${describe(head)})`);
      if (variant === null) return;
    }
    const headerOffset = input.offset;
    const size = CPIO_HEADER_SIZE[variant];
    const bytes = await input.read(size);
    if (bytes.byteLength < size) {
      throw new TruncatedError('cpio', `a ${variant} header`, { offset: headerOffset, expected: `${size} bytes`, found: `${bytes.byteLength} bytes` });
    }
    let header: CpioHeader;
    try {
      header = decodeCpioHeader(bytes, variant);
    } catch (error) {
      if (!(error instanceof CpioFieldError)) throw error;
      const what = `bad ${variant} header at offset ${headerOffset}: ${error.message}`;
      if (archiveVariant === null) throw new FormatError('cpio', 'CPIO_BAD_HEADER', what, { offset: headerOffset + error.at });
      // Look for the next header from the byte after this magic.
      input.unshift(new Uint8Array(bytes.subarray(1)));
      variant = await resync(input, archiveVariant, ctx, what);
      if (variant === null) return;
      continue;
    }
    archiveVariant ??= variant;

    if (header.namesize === 0 || header.namesize > CPIO_NAME_CAP) {
      // Without a believable name length nothing after this header can be located.
      const what = `header at offset ${headerOffset} declares a name of ${header.namesize} bytes (expected 1 to ${CPIO_NAME_CAP})`;
      input.unshift(new Uint8Array(bytes.subarray(1)));
      variant = await resync(input, archiveVariant, ctx, what);
      if (variant === null) return;
      continue;
    }
    const nameBytes = await input.read(header.namesize);
    if (nameBytes.byteLength < header.namesize) {
      throw new TruncatedError('cpio', 'a member name', {
        offset: headerOffset + size,
        expected: `${header.namesize} bytes`,
        found: `${nameBytes.byteLength} bytes`,
      });
    }
    const problems: Problem[] = [];
    const nul = nameBytes.indexOf(0);
    if (nul !== header.namesize - 1) {
      problems.push({
        code: 'CPIO_NAME_NOT_TERMINATED',
        message: `cpio: the name should end with its only NUL at byte ${header.namesize - 1}, found ${nul === -1 ? 'no NUL' : `a NUL at byte ${nul}`}`,
        offset: headerOffset + size,
      });
    }
    const decoded = decodeName(nameBytes.subarray(0, nul === -1 ? nameBytes.byteLength : nul));
    const path = decoded.text;
    await input.skip(padTo(size + header.namesize, CPIO_ALIGN[variant]));

    if (path === TRAILER) {
      await endOfArchive(input, header, ctx);
      return;
    }

    const formatBits = header.mode & 0o170000;
    let type = typeByFormatBits[formatBits];
    if (type === undefined) {
      problems.push({ code: 'CPIO_UNKNOWN_TYPE', message: `cpio: mode ${header.mode.toString(8)} has an unknown file type ${formatBits.toString(8)}; listed as a file`, offset: headerOffset });
      type = 'file';
    }
    for (const p of unsafePath(path, headerOffset)) problems.push(p);

    let linkTarget: string | null = null;
    if (header.nlink > 1 && type !== 'dir') {
      const key = `${header.dev ?? `${header.devmajor}:${header.devminor}`}/${header.ino}`;
      const seen = links.get(key);
      if (seen !== undefined) {
        type = 'hardlink';
        linkTarget = seen.name;
        if (--seen.left <= 0) links.delete(key);
      } else if (links.size < LINK_TABLE_CAP) {
        links.set(key, { name: path, left: header.nlink - 1 });
      } else if (!linkTableFull) {
        linkTableFull = true;
        ctx.problem({ code: 'CPIO_TOO_MANY_LINKS', message: `cpio: more than ${LINK_TABLE_CAP} multiply-linked files are pending; later hard links are listed as files`, offset: headerOffset });
      }
    }

    const dataOffset = input.offset;
    const pad = padTo(header.filesize, CPIO_ALIGN[variant]);
    const member: Member = {
      path,
      type,
      mode: header.mode & 0o7777,
      uid: header.uid,
      gid: header.gid,
      uname: null,
      gname: null,
      mtime: header.mtime,
      size: header.filesize,
      linkTarget,
      format: `cpio/${variant}`,
      offset: headerOffset,
      raw: cpioHeaderRaw(header),
      problems,
      content: null,
    };
    if (decoded.bytes !== undefined) member.pathBytes = decoded.bytes;

    if (type === 'symlink') {
      if (header.filesize > CPIO_SYMLINK_CAP) {
        problems.push({ code: 'CPIO_SYMLINK_TOO_LONG', message: `cpio: symlink target of ${header.filesize} bytes is longer than the ${CPIO_SYMLINK_CAP} we read; not read`, offset: dataOffset });
      } else {
        const target = await input.read(header.filesize);
        if (target.byteLength < header.filesize) {
          throw new TruncatedError('cpio', 'a symlink target', { member: path, offset: dataOffset, expected: `${header.filesize} bytes`, found: `${target.byteLength} bytes` });
        }
        const t = decodeName(target);
        member.linkTarget = t.text;
        await skipPad(input, pad);
        yield member;
        continue;
      }
    } else if (type !== 'file' && type !== 'hardlink' && header.filesize > 0) {
      problems.push({ code: 'CPIO_UNEXPECTED_DATA', message: `cpio: a ${type} entry should have no data, found ${header.filesize} bytes; skipped`, offset: dataOffset });
    }

    const state: DataState = {
      member,
      remaining: header.filesize,
      sum: 0,
      expectedSum: variant === 'crc' && (type === 'file' || type === 'hardlink') ? header.check : null,
      dataOffset,
      pad,
      checked: false,
    };
    if (type === 'file' || type === 'hardlink') member.content = contentOf(input, state);
    pending = state;
    yield member;
  }
}

async function* contentOf(input: ByteReader, state: DataState): AsyncGenerator<Uint8Array> {
  while (state.remaining > 0) {
    const chunk = await input.readSome(state.remaining);
    if (chunk === null) throw truncatedData(input, state);
    state.remaining -= chunk.byteLength;
    if (state.expectedSum !== null) state.sum = addBytes(state.sum, chunk);
    yield chunk;
  }
  checkSum(state);
}

/** Skip what the consumer did not read, check the crc sum, skip the padding. */
async function finishData(input: ByteReader, state: DataState): Promise<void> {
  while (state.remaining > 0) {
    const chunk = await input.readSome(state.remaining);
    if (chunk === null) throw truncatedData(input, state);
    state.remaining -= chunk.byteLength;
    if (state.expectedSum !== null) state.sum = addBytes(state.sum, chunk);
  }
  checkSum(state);
  await skipPad(input, state.pad);
}

/** crc: compare the sum once all the data went by (when the consumer read it, or when it was skipped). */
function checkSum(state: DataState): void {
  if (state.checked) return;
  state.checked = true;
  if (state.expectedSum !== null && state.sum !== state.expectedSum) {
    state.member.problems.push({
      code: 'CPIO_BAD_CHECKSUM',
      message: `cpio: crc checksum (sum of the data bytes) expected 0x${hex8(state.expectedSum)} from the header, computed 0x${hex8(state.sum)}`,
      offset: state.member.offset + 102,
    });
  }
}

async function skipPad(input: ByteReader, pad: number): Promise<void> {
  // A missing pad at the very end is reported as a missing trailer by the loop.
  if (pad > 0) await input.skip(pad);
}

function truncatedData(input: ByteReader, state: DataState): TruncatedError {
  const size = state.member.size;
  return new TruncatedError('cpio', `the data of ${state.member.path}`, {
    member: state.member.path,
    offset: input.offset,
    expected: `${size} bytes from offset ${state.dataOffset}`,
    found: `${size - state.remaining} bytes`,
  });
}

function addBytes(sum: number, chunk: Uint8Array): number {
  let s = sum;
  for (let i = 0; i < chunk.byteLength; i++) s += chunk[i]!;
  return s % 0x100000000;
}

/**
 * After the trailer comes padding (writers fill to a 512-byte or larger block with NULs). Anything
 * else is reported once with where it starts; it is read through, never kept.
 */
async function endOfArchive(input: ByteReader, trailer: CpioHeader, ctx: ReadContext): Promise<void> {
  if (trailer.filesize > 0) {
    ctx.problem({ code: 'CPIO_TRAILER_HAS_DATA', message: `cpio: the ${TRAILER} entry should have no data, found ${trailer.filesize} bytes (mode ${trailer.mode.toString(8)}); skipped`, offset: input.offset });
    await input.skip(trailer.filesize);
  }
  let firstNonZero = -1;
  let after = 0;
  for await (const chunk of input.rest()) {
    if (firstNonZero === -1) {
      const i = chunk.findIndex((b) => b !== 0);
      if (i !== -1) firstNonZero = input.offset - chunk.byteLength + i;
    }
    after += chunk.byteLength;
  }
  if (firstNonZero !== -1) {
    ctx.problem({
      code: 'CPIO_DATA_AFTER_TRAILER',
      message: `cpio: expected only NUL padding after ${TRAILER}, found data at offset ${firstNonZero} (${after} bytes follow the trailer)`,
      offset: firstNonZero,
    });
  }
}

/**
 * Scan forward for the next header of the archive's family (the ASCII magics, or the binary magic
 * in the archive's byte order) whose fields decode. Reports one problem saying how much was skipped.
 */
async function resync(input: ByteReader, archiveVariant: CpioVariant, ctx: ReadContext, why: string): Promise<CpioVariant | null> {
  const start = input.offset;
  const binary = archiveVariant === 'bin-le' || archiveVariant === 'bin-be';
  for (;;) {
    const window = await input.peek(RESYNC_WINDOW);
    if (window.byteLength === 0) {
      ctx.problem({ code: 'CPIO_BAD_HEADER', message: `cpio: ${why}; no further header found in the ${input.offset - start} bytes after it`, offset: start });
      return null;
    }
    let at = -1;
    for (let i = 0; i < window.byteLength; i++) {
      const c = window[i];
      if (binary ? c === (archiveVariant === 'bin-le' ? 0xc7 : 0x71) : c === 0x30) {
        if (i + 6 > window.byteLength && window.byteLength === RESYNC_WINDOW) break; // the magic may straddle windows
        const v = cpioVariantOf(window.subarray(i, i + 6));
        if (v !== null && (binary ? v === archiveVariant : v === 'odc' || v === 'newc' || v === 'crc')) {
          at = i;
          break;
        }
      }
    }
    if (at === -1) {
      const step = window.byteLength === RESYNC_WINDOW ? window.byteLength - 6 : window.byteLength;
      await input.skip(step);
      continue;
    }
    await input.skip(at);
    const v = cpioVariantOf(await input.peek(6))!;
    const candidate = await input.peek(CPIO_HEADER_SIZE[v]);
    if (candidate.byteLength === CPIO_HEADER_SIZE[v]) {
      try {
        decodeCpioHeader(candidate, v);
        ctx.problem({ code: 'CPIO_BAD_HEADER', message: `cpio: ${why}; skipped ${input.offset - start} bytes to the next header at offset ${input.offset}`, offset: start });
        return v;
      } catch (error) {
        if (!(error instanceof CpioFieldError)) throw error;
      }
    } else {
      // Too few bytes left for a header: nothing further can be read.
      await input.skip(candidate.byteLength);
      continue;
    }
    await input.skip(1);
  }
}

function unsafePath(path: string, offset: number): Problem[] {
  const parts = path.split('/');
  if (path.startsWith('/') || parts.includes('..') || /[\u0000-\u001f]/.test(path)) {
    return [{ code: 'CPIO_UNSAFE_PATH', message: `cpio: member name ${JSON.stringify(path)} is absolute, climbs with .. or holds control characters`, offset }];
  }
  return [];
}

function describe(head: Uint8Array): string {
  const printable = [...head].every((b) => b >= 0x20 && b < 0x7f);
  return printable ? JSON.stringify(String.fromCharCode(...head)) : `0x${Buffer.from(head).toString('hex')}`;
}


