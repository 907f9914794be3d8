/** A generated test input: `name` is its path under test-fixtures/out, `bytes` makes it. */
export interface Fixture {
  name: string;
  /** What this file is and why it exists (shown by `pnpm --filter @whydiff/test-fixtures generate --list`). */
  about: string;
  bytes(): Uint8Array | Promise<Uint8Array>;
}
