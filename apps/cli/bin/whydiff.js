#!/usr/bin/env -S node --max-semi-space-size=2
// --max-semi-space-size=2 (MB): a small young generation. Measured on the bench's ×1 tar.gz (2 cores,
// Node 20.20): `whydiff ls --json` 123 → 94 MB peak RSS (1.42 → 1.31 s), `whydiff --json a b`
// 298 → 255 MB (3.37 → 3.48 s, within noise). The walk makes many short-lived chunks and objects;
// V8's default 16 MB semi-spaces let them pile up before a scavenge. The root `whydiff` script and the
// bench pass the same flag (the bench reads it from this line).
// Thin shim: the CLI is compiled to dist/ (run `pnpm build`, or `pnpm whydiff`, which builds first).
import { main } from '../dist/main.js';

// `whydiff ... | head`: a reader that stops early is not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

process.exitCode = await main(process.argv.slice(2));
