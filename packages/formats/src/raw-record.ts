/**
 * Raw header fields kept as the bytes they are stored in, and made into fields when first read.
 *
 * A zip member's raw fields are ~1 KB of JSON: ~25 fields and its extra fields, twice (central and
 * local). A side worker that built them for every member, wrote them as JSON and posted them, for
 * the comparing thread to parse them again, spent about a fifth of a comparison's CPU on that
 * (bench/RESULTS.md, round 23), while the comparing thread reads them only for the pairs it
 * compares. A reader that keeps the header's bytes (a few hundred a member) instead lets the
 * worker post those, and the fields are made where they are read, by the one function that makes
 * them in every case: a record's raw fields are exactly what the reader would have built.
 */
import type { EntryHeader, EntryType, Member, MemberContent, Problem, RawFields } from './entry.js';
import { zipMemberRaw } from './zip-raw.js';

/** Which function makes a record's fields (an index into RAW_RECORD_KINDS on the wire). */
export type RawRecordKind = 'zip-member';

export const RAW_RECORD_KINDS: readonly RawRecordKind[] = ['zip-member'];

export interface RawRecord {
  readonly kind: RawRecordKind;
  /** Header bytes in the order the kind's function takes them; null where a header is absent. */
  readonly parts: ReadonlyArray<Uint8Array | null>;
  /** What the bytes do not say (where they lay, sizes found elsewhere), in the kind's order. */
  readonly numbers: readonly number[];
}

const MAKERS: Record<RawRecordKind, (parts: ReadonlyArray<Uint8Array | null>, numbers: readonly number[]) => RawFields> = {
  'zip-member': zipMemberRaw,
};

/** A record's raw fields: a new object on every call. */
export function rawFieldsOf(record: RawRecord): RawFields {
  return MAKERS[record.kind](record.parts, record.numbers);
}

/** Whether two records hold the same bytes and numbers (and so make the same fields). */
export function sameRecord(a: RawRecord, b: RawRecord): boolean {
  if (a.kind !== b.kind || a.parts.length !== b.parts.length || a.numbers.length !== b.numbers.length) return false;
  for (let i = 0; i < a.numbers.length; i++) if (a.numbers[i] !== b.numbers[i]) return false;
  for (let i = 0; i < a.parts.length; i++) {
    const pa = a.parts[i]!;
    const pb = b.parts[i]!;
    if (pa === null || pb === null) {
      if (pa !== pb) return false;
    } else if (!Buffer.from(pa.buffer, pa.byteOffset, pa.byteLength).equals(pb)) return false;
  }
  return true;
}

/**
 * A member's header with its raw fields kept as a record (or given, for readers that keep none),
 * the fields copied one by one, so that every such object has one shape. `raw` is made from the
 * record when first read, then kept; setting it replaces the fields and lets the record go (it no
 * longer says what they are).
 *
 * `raw` is an own, enumerable property (an accessor defined on each object, the same one for all,
 * so that they share a shape), as it is on a reader's plain objects: a spread copy, JSON and
 * deep equality see the fields. `rawRecord` lives on the prototype: a copy is plain fields.
 */
export class RecordedHeader implements EntryHeader {
  declare raw: RawFields;
  #record: RawRecord | undefined;
  #raw: RawFields | undefined;
  path: string;
  pathBytes?: Uint8Array;
  type: EntryType;
  mode: number;
  uid: number | null;
  gid: number | null;
  uname: string | null;
  gname: string | null;
  mtime: number | null;
  atime?: number | null;
  ctime?: number | null;
  size: number;
  linkTarget: string | null;
  format: string;
  offset: number;
  problems: Problem[];

  static readonly #rawProperty: PropertyDescriptor & ThisType<RecordedHeader> = {
    get(): RawFields {
      return (this.#raw ??= rawFieldsOf(this.#record!));
    },
    set(value: RawFields): void {
      this.#raw = value;
      this.#record = undefined;
    },
    enumerable: true,
    configurable: true,
  };

  /** `header`'s fields; its raw fields as `record` when there is one, else as `header.raw` (read now). */
  constructor(header: Omit<EntryHeader, 'raw'> & { raw?: RawFields }, record: RawRecord | undefined, problems: Problem[] = header.problems) {
    this.#record = record;
    this.#raw = record === undefined ? header.raw : undefined;
    Object.defineProperty(this, 'raw', RecordedHeader.#rawProperty);
    this.path = header.path;
    this.type = header.type;
    this.mode = header.mode;
    this.uid = header.uid;
    this.gid = header.gid;
    this.uname = header.uname;
    this.gname = header.gname;
    this.mtime = header.mtime;
    this.size = header.size;
    this.linkTarget = header.linkTarget;
    this.format = header.format;
    this.offset = header.offset;
    this.problems = problems;
    if (header.pathBytes !== undefined) this.pathBytes = header.pathBytes;
    if (header.atime !== undefined) this.atime = header.atime;
    if (header.ctime !== undefined) this.ctime = header.ctime;
  }

  /** The header bytes `raw` is made from; undefined once `raw` was set. */
  get rawRecord(): RawRecord | undefined {
    return this.#record;
  }

  /** A record that says more (a reader that read on: a data descriptor, a link's target): `raw` is made from it when next read. */
  set rawRecord(record: RawRecord | undefined) {
    if (record === undefined) throw new RangeError('a raw record is replaced by another, or let go by setting raw');
    this.#record = record;
    this.#raw = undefined;
  }
}

/** A member as a reader yields it, with its raw fields kept as a record. */
export class RecordedMember extends RecordedHeader implements Member {
  content: MemberContent | null;

  constructor(fields: Omit<Member, 'raw'>, record: RawRecord) {
    super(fields, record);
    this.content = fields.content;
  }
}
