/** Limits that keep hostile input (bombs, quines, endless nesting) in bounded time and memory. */
export interface Limits {
  /** Nesting levels opened below the artifact (a tar.gz in a tar.gz is depth 1). */
  maxDepth: number;
  /** Bytes one member (or one decompressed layer) may expand to. */
  maxMemberBytes: number;
  /** Bytes of content read in all, at every level, per artifact. */
  maxTotalBytes: number;
  /**
   * Decompressed ÷ compressed bytes of a level's compression layers (gzip, bzip2; layers stacked
   * on layers count against the bytes under all of them) or of one zip/xar's members, checked once
   * past RATIO_GRACE_BYTES. Deflate cannot expand more than 1032:1, so a limit above that
   * would never stop a zip or gzip bomb; 100:1 is Apache POI's zip-bomb threshold.
   */
  maxRatio: number;
  /** Nested archives up to this size are held in memory; larger ones are spilled to the temp dir. */
  inMemoryBytes: number;
}

const GiB = 1024 ** 3;

export const defaultLimits: Readonly<Limits> = {
  maxDepth: 16,
  maxMemberBytes: 8 * GiB,
  maxTotalBytes: 64 * GiB,
  maxRatio: 100,
  inMemoryBytes: 16 * 1024 ** 2,
};

/**
 * The ratio check starts after this many expanded bytes: small runs of zeros (a sparse image, a
 * padded file) are not bombs; a bomb is stopped within a second of inflating past this.
 */
export const RATIO_GRACE_BYTES = 64 * 1024 ** 2;
