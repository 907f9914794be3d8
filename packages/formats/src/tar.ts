/**
 * The tar reader: a streaming loop over 512-byte blocks that calls the pure decoders of
 * tar-header.ts, tar-pax.ts and tar-sparse.ts, folds meta records into the member they describe,
 * and hands each member's content on as a stream of the input's own chunks (never a copy, never a
 * whole member in memory).
 *
 * What it decides, and why (libarchive's read_format_tar.c is the reference the corpus checks):
 * - Meta records are folded into the next member: pax 'x' (and Solaris 'X'), GNU 'L' (long name)
 *   and 'K' (long link), Solaris 'A' (ACL), GNU 'N' (old long names) and 'V' (volume label). A pax
 *   'g' applies to every following member. Their raw records and their own header fields (a
 *   PaxHeaders.<pid> name differs between builds) are kept in the member's `raw`.
 * - GNU 'D' (dumpdir) is a directory whose data is its listing (kept in raw, capped); 'M' (a
 *   multivolume continuation) and unknown typeflags are regular files, as POSIX says, with a problem.
 * - Links, devices, fifos and directories have no data whatever their size field says; a hardlink
 *   has data only in pax archives, or in a ustar archive when no header follows (libarchive's rule).
 *   A regular file whose name ends in '/' is a directory (old tars wrote directories that way).
 * - A header whose checksum fails is a problem (TAR_BAD_CHECKSUM, via ctx.problem) and reading
 *   goes on at the next block that is a valid header, as GNU tar does ("skipping to next header").
 * - The first all-zero block ends the archive, as in libarchive (GNU tar needs --ignore-zeros to
 *   read on). What follows is checked: zeros are padding (reported in the layer's raw fields);
 *   anything else is a problem (TAR_DATA_AFTER_END), since GNU tar and libarchive both ignore it.
 *   A stream that ends right after a member, with no zero block, is accepted quietly (libarchive
 *   does too; many writers omit the marker); the layer's raw `end` says 'eof' instead of 'marker'.
 * - The input ending inside a header or inside content throws a TruncatedError naming the member
 *   and the offset: from the content stream (after the bytes that were there) and again from the
 *   reader's next step, so a caller that skips content sees it as well.
 * - A negative size (base-256 or pax) is fatal (TAR_NEGATIVE_SIZE): nothing after it can be found.
 */
import type { ByteReader } from './byte-reader.js';
import type { EntryType, Member, Problem, RawFields, RawValue, ReadContext } from './entry.js';
import { decodeName, toHex } from './entry.js';
import { FormatError, TruncatedError, WhydiffError } from './errors.js';
import {
  TAR_BLOCK,
  cString,
  decodeSparseExtension,
  decodeTarHeader,
  rawNumber,
  tarHeaderRaw,
  type SparseRegion,
  type TarHeader,
  type TarNumber,
} from './tar-header.js';
import { decodePaxRecords, interpretPax, type PaxAttributes, type PaxRecord } from './tar-pax.js';
import {
  checkSparseLayout,
  decodeSparse10Map,
  expandSparse,
  gnuLayout,
  pairsToRegions,
  sunLayout,
  type SparseLayout,
} from './tar-sparse.js';

export interface TarReadOptions {
  /** The most bytes a meta record (pax header, GNU long name, sparse map) may take; 1 MiB. */
  maxMetaBytes?: number;
}

const DEFAULT_MAX_META = 1 << 20;
/** The most bytes handed out in one content chunk (chunks are the input's own, uncopied). */
const MAX_CHUNK = 1 << 20;

/** Typeflags of records that describe the next member instead of being one. */
const META_TYPES = new Set(['x', 'X', 'g', 'L', 'K', 'A', 'N', 'V']);

/** What meta records have said about the member to come. */
interface Pending {
  pax: PaxRecord[];
  longName?: { text: string; bytes?: Uint8Array };
  longLink?: string;
  meta: RawFields[];
  problems: Problem[];
  volumeLabel?: string;
}

/** The data of the member last yielded: what is left of it to skip before the next header. */
interface Body {
  remaining: number;
  padding: number;
  path: string;
  /** Set when the reader skipped data the caller had not read: the stream is cut short. */
  skipped?: boolean;
  truncated?: TruncatedError;
}

const newPending = (): Pending => ({ pax: [], meta: [], problems: [] });

/**
 * Nothing was said about the member just built: the same Pending serves the next one (most members
 * have no meta record). A member keeps a Pending's lists only when they are not empty.
 */
const unused = (p: Pending): boolean =>
  p.pax.length === 0 && p.meta.length === 0 && p.problems.length === 0 && p.longName === undefined && p.longLink === undefined && p.volumeLabel === undefined;

/** The header's numeric fields whose bytes must be octal digits. */
const NUMBER_FIELDS = ['mode', 'uid', 'gid', 'size', 'mtime'] as const;

export async function* readTar(input: ByteReader, ctx: ReadContext, options: TarReadOptions = {}): AsyncGenerator<Member> {
  const maxMeta = options.maxMetaBytes ?? DEFAULT_MAX_META;
  const base = input.offset;
  const pos = (): number => input.offset - base;
  const where = (member?: string, offset = pos()) => ({ artifact: ctx.artifact, member, offset });

  let pending = newPending();
  let global: PaxRecord[] = [];
  let globalBytes = 0;
  /** libarchive's ARCHIVE_FORMAT_TAR_PAX_INTERCHANGE: sticky once a pax header was seen. */
  let sawPax = false;
  let body: Body | null = null;
  /** Where a run of blocks with bad checksums began, while looking for the next header. */
  let damage: { offset: number; first: TarHeader } | null = null;
  let volumeLabel: string | undefined;
  let members = 0;

  const truncated = (what: string, member: string | undefined, offset: number, expected?: number, found?: number): TruncatedError =>
    new TruncatedError('tar', what, {
      ...where(member, offset),
      ...(expected !== undefined ? { expected: `${expected} bytes` } : {}),
      ...(found !== undefined ? { found: `${found} bytes` } : {}),
    });

  /** Read a meta record's data (capped), then its padding. Null when over the cap (skipped). */
  const readMetaData = async (h: TarHeader, size: number, headerOffset: number): Promise<Uint8Array | null> => {
    const label = `${describeType(h.typeflag)} record at offset ${headerOffset}`;
    if (size > maxMeta) {
      pending.problems.push({
        code: 'TAR_META_TOO_LARGE',
        message: `tar: ${label}: ${size} bytes, more than the ${maxMeta} a meta record may take; skipped`,
        offset: headerOffset,
      });
      const total = size + padOf(size);
      const skipped = await input.skip(total);
      if (skipped < total) {
        // An absurd size is the likelier story than a cut archive: say both.
        throw new FormatError(
          'tar',
          'TAR_META_TOO_LARGE',
          `${label} declares ${size} bytes, more than the ${maxMeta} a meta record may take, and the stream ends ${skipped} bytes later; a damaged header or a truncated archive`,
          { ...where(undefined, headerOffset), expected: `at most ${maxMeta} bytes`, found: `${size} bytes` },
        );
      }
      return null;
    }
    const data = await input.read(size);
    if (data.byteLength < size) throw truncated(`the data of a ${label}`, undefined, pos(), size, data.byteLength);
    // `read` may hand out a view of the input's chunk: copy what is kept beyond this step (small).
    const kept = new Uint8Array(data);
    const pad = padOf(size);
    if ((await input.skip(pad)) < pad) throw truncated(`the padding of a ${label}`, undefined, pos());
    return kept;
  };

  for (;;) {
    // 1. Skip what the caller left of the previous member's data, and its padding.
    if (body !== null) {
      const b: Body = body;
      body = null;
      if (b.truncated) throw b.truncated;
      if (b.remaining > 0) {
        b.skipped = true;
        const left = b.remaining;
        const skipped = await input.skip(left);
        b.remaining -= skipped;
        if (skipped < left) throw truncated(`the data of member ${b.path}`, b.path, pos(), left, skipped);
      }
      // Buffered bytes are skipped and read without a promise: most members are read that way.
      if (b.padding > 0 && !input.skipBuffered(b.padding) && (await input.skip(b.padding)) < b.padding) {
        ctx.problem({
          code: 'TAR_TRUNCATED_PADDING',
          message: `tar: the stream ends in the padding after member ${b.path}: its data is whole, the archive is cut`,
          offset: pos(),
          path: b.path,
        });
        finish(ctx, { end: 'eof', endOffset: pos(), paddingBytes: 0, members, volumeLabel });
        return;
      }
    }

    // 2. The next header.
    const headerOffset = pos();
    const block = input.readBuffered(TAR_BLOCK) ?? (await input.read(TAR_BLOCK));
    if (block.byteLength < TAR_BLOCK) {
      if (damage !== null) reportDamage(ctx, damage, headerOffset, 'the end of the stream');
      if (block.byteLength > 0 && !allZero(block)) {
        throw truncated('a header', pendingPath(pending), headerOffset, TAR_BLOCK, block.byteLength);
      }
      orphanMeta(ctx, pending, headerOffset);
      finish(ctx, { end: 'eof', endOffset: headerOffset, paddingBytes: block.byteLength, members, volumeLabel });
      return;
    }
    const h = decodeTarHeader(block);
    if (h === null) {
      if (damage !== null) reportDamage(ctx, damage, headerOffset, 'an end-of-archive block');
      orphanMeta(ctx, pending, headerOffset);
      const after = await readEnd(input, ctx, headerOffset, base);
      finish(ctx, { end: 'marker', endOffset: headerOffset, paddingBytes: after, members, volumeLabel });
      return;
    }
    if (h.checksum === 'bad') {
      // Not a header: look at the next block, as GNU tar does ("skipping to next header").
      if (damage === null) {
        damage = { offset: headerOffset, first: h };
        // Meta records before a damaged header described it, not the member we resync to.
        pending = newPending();
      }
      continue;
    }
    if (damage !== null) {
      reportDamage(ctx, damage, headerOffset, 'a valid header');
      damage = null;
    }

    // 3. Sizes: a negative one leaves no way to find the next header.
    const headerSize = numberOrFail(h.size, 'size', headerOffset, h.name, ctx);

    // 4. Meta records: fold into `pending` and read on.
    if (META_TYPES.has(h.typeflag)) {
      const metaRaw: RawFields = { ...tarHeaderRaw(h), offset: headerOffset };
      pending.meta.push(metaRaw);
      if (h.typeflag === 'V') {
        // GNU volume label: the name field is the label; any data is skipped.
        volumeLabel = h.name;
        pending.volumeLabel = h.name;
      }
      const data = await readMetaData(h, headerSize, headerOffset);
      if (data === null) continue;
      switch (h.typeflag) {
        case 'x':
        case 'X':
        case 'g': {
          sawPax = true;
          const decoded = decodePaxRecords(data, headerOffset + TAR_BLOCK);
          pending.problems.push(...decoded.problems);
          if (h.typeflag === 'g') {
            if (globalBytes + data.byteLength > maxMeta) {
              pending.problems.push({
                code: 'TAR_META_TOO_LARGE',
                message: `tar: global pax headers take more than ${maxMeta} bytes in all; the one at offset ${headerOffset} is ignored`,
                offset: headerOffset,
              });
            } else {
              globalBytes += data.byteLength;
              // A later global value replaces an earlier one with the same key.
              const keys = new Set(decoded.records.map((r) => r.key));
              global = [...global.filter((r) => !keys.has(r.key)), ...decoded.records];
            }
          } else {
            pending.pax.push(...decoded.records);
          }
          break;
        }
        case 'L':
          pending.longName = decodeName(cString(data));
          break;
        case 'K':
          pending.longLink = decodeName(cString(data)).text;
          break;
        case 'A':
          // Solaris ACL: kept as text (the ACL entries are ASCII).
          metaRaw.data = decodeName(cString(data)).text;
          break;
        default:
          if (data.byteLength > 0) metaRaw.data = toHex(data);
          break;
      }
      continue;
    }

    // 5. A member.
    const member = await buildMember(h, headerOffset, headerSize, pending, global, sawPax, input, ctx, maxMeta, pos);
    if (!unused(pending)) pending = newPending();
    members++;
    const b: Body = {
      remaining: member.bodySize,
      padding: padOf(member.bodySize),
      path: member.entry.path,
    };
    body = b;
    const entry = member.entry;
    if (member.hasContent) {
      // Content already in the buffer (most members are far smaller than a decompressed chunk) is
      // handed out as it lies there, with no stream to pull it through.
      const atHand = member.sparse === null && member.bodySize <= MAX_CHUNK ? input.takeBuffered(member.bodySize) : null;
      if (atHand !== null) b.remaining = 0;
      entry.content =
        atHand ??
        (member.sparse !== null ? sparseContent(input, member.sparse, b, entry, truncated, pos) : plainContent(input, b, entry, truncated, pos));
    }
    yield entry;
  }
}

/** Built from a header and the meta records before it. */
interface Built {
  entry: Member;
  /** Bytes of data after the header still to be read (sparse maps in the data already taken). */
  bodySize: number;
  hasContent: boolean;
  sparse: SparseLayout | null;
}

async function buildMember(
  h: TarHeader,
  headerOffset: number,
  headerSize: number,
  pending: Pending,
  global: readonly PaxRecord[],
  sawPax: boolean,
  input: ByteReader,
  ctx: ReadContext,
  maxMeta: number,
  pos: () => number,
): Promise<Built> {
  const problems: Problem[] = [...pending.problems];
  const usesPax = pending.pax.length > 0 || global.length > 0;
  const pax: PaxAttributes = usesPax ? interpretPax([...global, ...pending.pax], problems, headerOffset) : {};

  // Path: GNU.sparse.name > pax path > GNU long name > ustar prefix + name.
  let path: string;
  let pathBytes: Uint8Array | undefined;
  if (pax.sparse?.name !== undefined) path = pax.sparse.name;
  else if (pax.path !== undefined) {
    path = pax.path;
    pathBytes = pax.pathBytes;
  } else if (pending.longName !== undefined) {
    path = pending.longName.text;
    pathBytes = pending.longName.bytes;
  } else if (h.prefix !== '') {
    path = `${h.prefix}/${h.name}`;
    if (h.prefixBytes || h.nameBytes) pathBytes = Buffer.from(`${h.prefix}/${h.name}`, 'latin1');
  } else {
    path = h.name;
    pathBytes = h.nameBytes;
  }
  const linkTarget = pax.linkpath ?? pending.longLink ?? h.linkname;

  for (const field of NUMBER_FIELDS) {
    const n = h[field];
    if (!n.clean) {
      problems.push({
        code: 'TAR_BAD_NUMBER',
        message: `tar: header field ${field} at offset ${headerOffset}: expected octal digits padded with spaces or NULs, found other bytes; read as ${String(rawNumber(n))}`,
        offset: headerOffset,
        path,
      });
    }
  }

  // Size: pax overrides the header (GNU tar and star write `size` for files over 8 GiB).
  let size = headerSize;
  if (pax.size !== undefined) {
    if (pax.size < 0) {
      throw new FormatError('tar', 'TAR_NEGATIVE_SIZE', `pax size attribute of member ${path} is negative; expected a size of 0 or more`, {
        artifact: ctx.artifact,
        member: path,
        offset: headerOffset,
        expected: '>= 0',
        found: String(pax.size),
      });
    }
    size = pax.size;
  }

  // Type.
  const typeflag = h.typeflag;
  let type: EntryType;
  switch (typeflag) {
    case '0':
    case '\0':
    case '7':
    case 'S':
      type = 'file';
      break;
    case '1':
      type = 'hardlink';
      break;
    case '2':
      type = 'symlink';
      break;
    case '3':
      type = 'char';
      break;
    case '4':
      type = 'block';
      break;
    case '5':
    case 'D':
      type = 'dir';
      break;
    case '6':
      type = 'fifo';
      break;
    default:
      type = 'file';
      problems.push({
        code: typeflag === 'M' ? 'TAR_MULTIVOLUME' : 'TAR_UNKNOWN_TYPEFLAG',
        message:
          typeflag === 'M'
            ? `tar: member ${path} continues a file from a previous volume (typeflag M, from byte ${String(rawNumber(h.gnu?.offset ?? zeroNumber))}); read as a regular file holding that part`
            : `tar: typeflag ${JSON.stringify(typeflag)} of member ${path} is not one we know; read as a regular file, as POSIX says`,
        offset: headerOffset,
        path,
      });
      break;
  }

  // Data after the header, per type (libarchive's header_common).
  let bodySize = size;
  if (type === 'hardlink' && size > 0) {
    if (sawPax) {
      // pax lets a hardlink carry data
    } else if (h.variant !== 'ustar' && h.variant !== 'star') {
      bodySize = 0; // v7 and GNU: the size is the linked file's, no data follows
    } else {
      const next = await input.peek(TAR_BLOCK);
      const nextHeader = next.byteLength === TAR_BLOCK ? decodeTarHeader(next) : null;
      if (nextHeader !== null && nextHeader.checksum !== 'bad') bodySize = 0;
    }
    size = bodySize;
  } else if (type === 'symlink' || type === 'char' || type === 'block' || type === 'fifo' || (type === 'dir' && typeflag === '5')) {
    bodySize = 0;
    size = 0;
  }
  if (type === 'file' && path.endsWith('/')) {
    type = 'dir';
    bodySize = 0;
    size = 0;
  }

  const raw: RawFields = tarHeaderRaw(h);
  if (pending.pax.length > 0) raw.pax = pending.pax.map(rawRecord);
  if (global.length > 0) raw.paxGlobal = global.map(rawRecord);
  if (pending.longName !== undefined) raw.gnuLongName = pending.longName.text;
  if (pending.longLink !== undefined) raw.gnuLongLink = pending.longLink;
  if (pending.volumeLabel !== undefined) raw.gnuVolumeLabel = pending.volumeLabel;
  if (pending.meta.length > 0) raw.meta = pending.meta;

  // Sparse files.
  let sparse: SparseLayout | null = null;
  let sparseFormat: string | null = null;
  if (type === 'file' && typeflag === 'S' && h.gnu) {
    const regions: SparseRegion[] = [...h.gnu.sparse];
    let extended = h.gnu.isextended;
    let extensionBytes = 0;
    while (extended) {
      const at = pos();
      if (extensionBytes + TAR_BLOCK > maxMeta) {
        throw new FormatError('tar', 'TAR_META_TOO_LARGE', `sparse map of member ${path} takes more than ${maxMeta} bytes of extension blocks`, {
          artifact: ctx.artifact,
          member: path,
          offset: at,
        });
      }
      const block = await input.read(TAR_BLOCK);
      if (block.byteLength < TAR_BLOCK) {
        throw new TruncatedError('tar', `the sparse map of member ${path}`, { artifact: ctx.artifact, member: path, offset: at });
      }
      extensionBytes += TAR_BLOCK;
      const ext = decodeSparseExtension(block);
      regions.push(...ext.regions);
      extended = ext.isextended;
    }
    const realsize = h.gnu.realsize.encoding === 'empty' ? size : (h.gnu.realsize.value ?? -1);
    sparse = gnuLayout(regions, realsize);
    sparseFormat = 'gnu-old';
  } else if (type === 'file' && pax.sparse !== undefined) {
    const s = pax.sparse;
    if (s.version === 'sun') {
      sparse = sunLayout(s.map ?? [], size);
      sparseFormat = 'sun';
    } else if (s.version === '1.0') {
      // The map opens the data: read it a block at a time (capped), then the data follows.
      const start = pos();
      const chunks: Uint8Array[] = [];
      let taken = 0;
      for (;;) {
        if (taken + TAR_BLOCK > Math.min(maxMeta, bodySize)) {
          problems.push({
            code: 'TAR_BAD_SPARSE_MAP',
            message: `tar: the GNU sparse 1.0 map of member ${path} does not end within ${Math.min(maxMeta, bodySize)} bytes; content given as stored`,
            offset: start,
            path,
          });
          break;
        }
        const block = await input.read(TAR_BLOCK);
        if (block.byteLength < TAR_BLOCK) {
          throw new TruncatedError('tar', `the sparse map of member ${path}`, { artifact: ctx.artifact, member: path, offset: start });
        }
        chunks.push(new Uint8Array(block));
        taken += TAR_BLOCK;
        const decoded = decodeSparse10Map(Buffer.concat(chunks));
        if (decoded === 'incomplete') continue;
        if (typeof decoded === 'string') {
          problems.push({ code: 'TAR_BAD_SPARSE_MAP', message: `tar: member ${path}: ${decoded}; content given as stored`, offset: start, path });
          break;
        }
        sparse = gnuLayout(pairsToRegions(decoded.map), s.realsize ?? size);
        break;
      }
      // The map's blocks are part of the stored data: what is left follows.
      bodySize -= taken;
      sparseFormat = '1.0';
      if (sparse === null) {
        // A broken map: give what is left as stored, at the size it has.
        size = bodySize;
      }
    } else if (s.map !== undefined) {
      sparse = gnuLayout(pairsToRegions(s.map), s.realsize ?? size);
      sparseFormat = s.version;
    }
  }
  if (sparse !== null) {
    const why = checkSparseLayout(sparse, bodySize);
    raw.sparseFormat = sparseFormat;
    raw.sparseMap = sparse.segments.map((r) => (r.data ? [r.offset, r.numbytes] : [r.offset, r.numbytes, 'hole']));
    raw.sparseRealsize = sparse.realsize;
    if (why !== null) {
      problems.push({ code: 'TAR_BAD_SPARSE_MAP', message: `tar: sparse map of member ${path}: ${why}; content given as stored`, offset: headerOffset, path });
      sparse = null;
      size = bodySize;
    } else {
      size = sparse.realsize;
    }
  } else if (sparseFormat !== null) {
    raw.sparseFormat = sparseFormat;
  }

  // GNU dumpdir: the data lists the directory's names; kept (capped) and not handed out as content.
  if (typeflag === 'D' && bodySize > 0 && bodySize <= maxMeta) {
    const data = await input.read(bodySize);
    if (data.byteLength < bodySize) {
      throw new TruncatedError('tar', `the dumpdir of member ${path}`, { artifact: ctx.artifact, member: path, offset: pos() });
    }
    raw.dumpdir = decodeName(data).text.split('\0').filter((s) => s !== '');
    bodySize = 0;
    size = 0;
  }

  const uname = pax.uname ?? h.uname;
  const gname = pax.gname ?? h.gname;
  const atime = pax.atime ?? positive(h.gnu?.atime ?? h.star?.atime);
  const ctime = pax.ctime ?? positive(h.gnu?.ctime ?? h.star?.ctime);
  const entry: Member = {
    path,
    type,
    mode: aclMode((h.mode.value ?? 0) & 0o7777, pax.aclMode),
    uid: pax.uid ?? h.uid.value,
    gid: pax.gid ?? h.gid.value,
    uname: uname === '' ? null : uname,
    gname: gname === '' ? null : gname,
    mtime: pax.mtime ?? h.mtime.value,
    size,
    linkTarget: type === 'symlink' || type === 'hardlink' ? linkTarget : null,
    format: usesPax ? 'tar/pax' : h.variant === 'gnu' ? 'tar/gnu' : h.variant === 'ustar' || h.variant === 'star' ? 'tar/ustar' : 'tar/v7',
    offset: headerOffset,
    raw,
    problems,
    content: null,
  };
  if (pathBytes !== undefined) entry.pathBytes = pathBytes;
  if (atime !== undefined) entry.atime = atime;
  if (ctime !== undefined) entry.ctime = ctime;
  for (const p of problems) p.path ??= path;
  const hasContent = type === 'file' || (type === 'hardlink' && bodySize > 0);
  return { entry, bodySize, hasContent, sparse };
}

/** The mode as libarchive lists it: an access ACL's user::, group::, other:: bits win. */
function aclMode(mode: number, acl: PaxAttributes['aclMode']): number {
  if (acl === undefined) return mode;
  let m = mode;
  if (acl.user !== undefined) m = (m & ~0o700) | (acl.user << 6);
  if (acl.group !== undefined) m = (m & ~0o070) | (acl.group << 3);
  if (acl.other !== undefined) m = (m & ~0o007) | acl.other;
  return m;
}

const zeroNumber: TarNumber = { value: 0, encoding: 'empty', clean: true };

function positive(n: TarNumber | undefined): number | undefined {
  return n !== undefined && n.value !== null && n.value > 0 ? n.value : undefined;
}

/** A header's size as a number, or a FormatError: negative or beyond 2^53 leaves no next header. */
function numberOrFail(n: TarNumber, field: string, offset: number, name: string, ctx: ReadContext): number {
  if (n.value === null || n.value < 0) {
    const negative = (n.big ?? BigInt(n.value ?? 0)) < 0n;
    throw new FormatError(
      'tar',
      negative ? 'TAR_NEGATIVE_SIZE' : 'TAR_SIZE_TOO_LARGE',
      `header field ${field} of ${name || 'a member'} is ${negative ? 'negative' : 'too large'}; expected 0 to 2^53`,
      { artifact: ctx.artifact, member: name, offset, expected: `0 to ${Number.MAX_SAFE_INTEGER}`, found: String(n.big ?? n.value) },
    );
  }
  return n.value;
}

function rawRecord(r: PaxRecord): RawValue {
  return r.valueBytes ? [r.key, r.value, toHex(r.valueBytes)] : [r.key, r.value];
}

function padOf(size: number): number {
  return (TAR_BLOCK - (size % TAR_BLOCK)) % TAR_BLOCK;
}

function allZero(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.byteLength; i++) if (bytes[i] !== 0) return false;
  return true;
}

function describeType(typeflag: string): string {
  switch (typeflag) {
    case 'x':
    case 'X':
      return 'pax extended header';
    case 'g':
      return 'pax global header';
    case 'L':
      return 'GNU long name';
    case 'K':
      return 'GNU long link';
    case 'A':
      return 'Solaris ACL';
    case 'V':
      return 'GNU volume label';
    default:
      return `typeflag ${JSON.stringify(typeflag)}`;
  }
}

function pendingPath(p: Pending): string | undefined {
  for (let i = p.pax.length - 1; i >= 0; i--) if (p.pax[i]!.key === 'path') return p.pax[i]!.value;
  return p.longName?.text;
}

function reportDamage(ctx: ReadContext, damage: { offset: number; first: TarHeader }, resumedAt: number, what: string): void {
  const sum = damage.first;
  // The member the damaged header names (as found there: the name itself may be what is damaged).
  const name = sum.prefix !== '' ? `${sum.prefix}/${sum.name}` : sum.name;
  ctx.problem({
    code: 'TAR_BAD_CHECKSUM',
    message:
      `tar: header checksum${name !== '' ? ` of member ${JSON.stringify(name)}` : ''} at offset ${damage.offset}: expected ${sum.checksumUnsigned} (the sum of the header's bytes), ` +
      `found ${sum.chksum === null ? 'no octal number' : sum.chksum}; skipped ${resumedAt - damage.offset} bytes to ${what} at offset ${resumedAt}`,
    offset: damage.offset,
    ...(name !== '' ? { path: name } : {}),
  });
}

function orphanMeta(ctx: ReadContext, pending: Pending, offset: number): void {
  for (const p of pending.problems) ctx.problem(p);
  const kinds = pending.meta.filter((m) => m.typeflag !== 'V').map((m) => describeType(String(m.typeflag)));
  if (kinds.length > 0) {
    ctx.problem({
      code: 'TAR_META_WITHOUT_MEMBER',
      message: `tar: ${kinds.join(', ')} at the end of the archive describe no member`,
      offset,
    });
  }
}

const ZERO_CHUNK = Buffer.alloc(64 * 1024);

/**
 * After the first zero block (at `markerOffset`): count the zero bytes that follow. A non-zero
 * block is reported (a second, concatenated archive, or garbage) and reading stops there.
 */
async function readEnd(input: ByteReader, ctx: ReadContext, markerOffset: number, base: number): Promise<number> {
  let zeros = TAR_BLOCK;
  for (;;) {
    const chunk = await input.readSome(ZERO_CHUNK.byteLength);
    if (chunk === null) return zeros;
    const view = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (view.equals(ZERO_CHUNK.subarray(0, view.byteLength))) {
      zeros += chunk.byteLength;
      continue;
    }
    let first = 0;
    while (view[first] === 0) first++;
    const at = input.offset - base - chunk.byteLength + first;
    // Is a header there? Its block starts with the zeros before `at`; the rest is peeked.
    const blockStart = at - ((at - markerOffset) % TAR_BLOCK);
    input.unshift(chunk.subarray(first));
    const rest = await input.peek(TAR_BLOCK - (at - blockStart));
    let header: TarHeader | null = null;
    if (rest.byteLength === TAR_BLOCK - (at - blockStart)) {
      const block = new Uint8Array(TAR_BLOCK);
      block.set(rest, at - blockStart);
      header = decodeTarHeader(block);
    }
    ctx.problem({
      code: 'TAR_DATA_AFTER_END',
      message:
        header !== null && header.checksum !== 'bad'
          ? `tar: another archive follows the end-of-archive block at offset ${markerOffset} (a header for ${header.name} at offset ${blockStart}); ` +
            `tar programs stop at the end block (GNU tar reads on only with --ignore-zeros), so its members are not listed`
          : `tar: non-zero bytes at offset ${at}, after the end-of-archive block at offset ${markerOffset}; not read`,
      offset: at,
    });
    return zeros + first;
  }
}

function finish(
  ctx: ReadContext,
  end: { end: 'marker' | 'eof'; endOffset: number; paddingBytes: number; members: number; volumeLabel: string | undefined },
): void {
  const raw: RawFields = { end: end.end, endOffset: end.endOffset, paddingBytes: end.paddingBytes, members: end.members };
  if (end.volumeLabel !== undefined) raw.volumeLabel = end.volumeLabel;
  ctx.layer({ format: 'tar', raw });
}

type Truncated = (what: string, member: string | undefined, offset: number, expected?: number, found?: number) => TruncatedError;

function moved(path: string): WhydiffError {
  return new WhydiffError('TAR_CONTENT_AFTER_NEXT', `tar: the content of member ${path} was read after the reader moved to the next member`);
}

/** A member's stored data, as the input's own chunks. */
async function* plainContent(input: ByteReader, b: Body, entry: Member, truncated: Truncated, pos: () => number): AsyncGenerator<Uint8Array> {
  const size = b.remaining;
  for (;;) {
    if (b.skipped) throw moved(entry.path);
    if (b.remaining <= 0) return;
    const got = await input.readSome(Math.min(b.remaining, MAX_CHUNK));
    if (got === null) {
      b.truncated = truncated(`the data of member ${entry.path}`, entry.path, pos(), size, size - b.remaining);
      entry.problems.push({ code: b.truncated.code, message: b.truncated.message, offset: pos(), path: entry.path });
      throw b.truncated;
    }
    b.remaining -= got.byteLength;
    yield got;
  }
}

/** A sparse member expanded: zeros for holes, stored data for the rest. */
async function* sparseContent(
  input: ByteReader,
  layout: SparseLayout,
  b: Body,
  entry: Member,
  truncated: Truncated,
  pos: () => number,
): AsyncGenerator<Uint8Array> {
  let produced = 0;
  const guard = () => {
    if (b.skipped) throw moved(entry.path);
  };
  for await (const chunk of expandSparse(input, layout, b, guard)) {
    guard();
    produced += chunk.byteLength;
    yield chunk;
  }
  if (produced < layout.realsize) {
    b.truncated = truncated(`the data of sparse member ${entry.path}`, entry.path, pos(), layout.realsize, produced);
    entry.problems.push({ code: b.truncated.code, message: b.truncated.message, offset: pos(), path: entry.path });
    throw b.truncated;
  }
}

export { decodeTarHeader, decodeTarNumber, tarHeaderRaw, TAR_BLOCK } from './tar-header.js';
export type { TarHeader, TarNumber, TarVariant, GnuHeaderFields, SparseRegion } from './tar-header.js';
export { decodePaxRecords, interpretPax } from './tar-pax.js';
export type { PaxRecord, PaxAttributes, PaxDecoded } from './tar-pax.js';
export type { SparseLayout, SparseSegment } from './tar-sparse.js';
