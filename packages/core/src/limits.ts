/** Limits that keep hostile input (bombs, quines, endless nesting) in bounded time and memory. */
export interface Limits {
  /** Nesting levels opened below the artifact (a tar.gz in a tar.gz is depth 1). */
  maxDepth: number;
  /** Bytes one member (or one decompressed layer) may expand to. */
  maxMemberBytes: number;
  /** Bytes of content read in all, at every level, per artifact. */
  maxTotalBytes: number;
  /** Decompressed ÷ compressed bytes of one layer, checked once it has expanded past 1 MiB. */
  maxRatio: number;
  /** Nested archives up to this size are held in memory; larger ones are spilled to the temp dir. */
  inMemoryBytes: number;
}

const GiB = 1024 ** 3;

export const defaultLimits: Readonly<Limits> = {
  maxDepth: 16,
  maxMemberBytes: 8 * GiB,
  maxTotalBytes: 64 * GiB,
  maxRatio: 2000,
  inMemoryBytes: 16 * 1024 ** 2,
};

/** The ratio check starts after this many expanded bytes: tiny files of zeros are not bombs. */
export const RATIO_GRACE_BYTES = 1024 ** 2;
