import { defineConfig } from 'vitest/config';

// Tests run against the TypeScript sources (no build step): every workspace package exports
// its src under the "@whydiff/source" condition.
export default defineConfig({
  resolve: { conditions: ['@whydiff/source'] },
  ssr: { resolve: { conditions: ['@whydiff/source'] } },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'apps/*/src/**/*.test.{ts,tsx}', 'test-fixtures/src/**/*.test.ts'],
    testTimeout: 30_000,
    pool: 'forks',
  },
});
