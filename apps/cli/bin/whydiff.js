#!/usr/bin/env node
// Thin shim: the CLI is compiled to dist/ (run `pnpm build`, or `pnpm whydiff`, which builds first).
import { main } from '../dist/main.js';

// `whydiff ... | head`: a reader that stops early is not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

process.exitCode = await main(process.argv.slice(2));
