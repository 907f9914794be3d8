/**
 * Typed errors. Every error names what was checked, what was expected and what was found, and
 * carries where it happened: the artifact, the member path and the byte offset (in the stream of
 * the layer that was being read).
 */

export interface ErrorLocation {
  /** The artifact (file name as given by the user), when known. */
  artifact?: string;
  /** The member path (nested with `!/`), when the error belongs to a member. */
  member?: string;
  /** Byte offset in the layer being read (decompressed stream offset for tar inside gzip). */
  offset?: number;
}

export class WhydiffError extends Error {
  readonly code: string;
  artifact: string | undefined;
  member: string | undefined;
  offset: number | undefined;

  constructor(code: string, message: string, where: ErrorLocation = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    this.artifact = where.artifact;
    this.member = where.member;
    this.offset = where.offset;
  }

  /** Fill in location facts the thrower did not know (the walker knows the artifact and member). */
  locate(where: ErrorLocation): this {
    this.artifact ??= where.artifact;
    this.member ??= where.member;
    this.offset ??= where.offset;
    return this;
  }

  /** One line for a terminal: `a.tar.gz: lib/x.py: offset 1536: tar: header checksum ...`. */
  oneLine(): string {
    const parts: string[] = [];
    if (this.artifact !== undefined) parts.push(this.artifact);
    if (this.member !== undefined && this.member !== '') parts.push(`member ${this.member}`);
    if (this.offset !== undefined) parts.push(`offset ${this.offset}`);
    parts.push(this.message);
    return parts.join(': ');
  }
}

/** Malformed input: the bytes do not follow the format's rules. */
export class FormatError extends WhydiffError {
  readonly format: string;
  readonly expected: string | undefined;
  readonly found: string | undefined;

  constructor(
    format: string,
    code: string,
    message: string,
    details: ErrorLocation & { expected?: string; found?: string } = {},
  ) {
    super(code, `${format}: ${message}`, details);
    this.format = format;
    this.expected = details.expected;
    this.found = details.found;
  }
}

/** Input that is valid but uses a feature we do not read (multi-disk zip, a compression method). */
export class UnsupportedFeatureError extends WhydiffError {
  readonly format: string;
  readonly feature: string;

  constructor(format: string, feature: string, where: ErrorLocation = {}) {
    super(`${format.toUpperCase()}_UNSUPPORTED`, `${format}: unsupported ${feature}`, where);
    this.format = format;
    this.feature = feature;
  }
}

export type LimitName = 'depth' | 'memberBytes' | 'totalBytes' | 'ratio' | 'entries' | 'headerBytes';

/** A configured limit was reached (nesting depth, bytes expanded, expansion ratio...). */
export class LimitExceededError extends WhydiffError {
  readonly limit: LimitName;
  readonly value: number;

  constructor(limit: LimitName, value: number, message: string, where: ErrorLocation = {}) {
    super(`LIMIT_${limit.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`, message, where);
    this.limit = limit;
    this.value = value;
  }
}

/** The input ended before the format said it would. */
export class TruncatedError extends FormatError {
  constructor(format: string, what: string, where: ErrorLocation & { expected?: string; found?: string } = {}) {
    super(format, `${format.toUpperCase()}_TRUNCATED`, `unexpected end of data in ${what}; the file is truncated`, where);
  }
}
