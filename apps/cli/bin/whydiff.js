#!/usr/bin/env -S node --max-semi-space-size=2 --single-threaded --heap-growing-percent=20 --max-inlined-bytecode-size-cumulative=150
// --max-semi-space-size=2 (MB): a small young generation. Measured on the bench's ×1 tar.gz (2 cores,
// Node 20.20): `whydiff ls --json` 123 → 94 MB peak RSS (1.42 → 1.31 s), `whydiff --json a b`
// 298 → 255 MB (3.37 → 3.48 s, within noise). The walk makes many short-lived chunks and objects;
// V8's default 16 MB semi-spaces let them pile up before a scavenge. The root `whydiff` script and the
// bench pass the same flags (the bench reads them from this line).
// --single-threaded: V8 compiles optimized code and collects garbage in the thread that runs the
// JavaScript instead of in helper threads. whydiff already keeps three JavaScript threads and
// zlib's pool busy, so on 2 cores the helpers only competed with them: measured on `pnpm bench`'s
// ×1 pairs (interleaved, medians of 6), tar.gz 1.75 → 1.72 s (2.92 → 2.82 s of CPU), zip 2.34 →
// 2.14 s (4.11 → 3.75), tar.bz2 2.91 → 2.74 s (5.54 → 5.25). On a machine with cores to spare the
// helpers would run beside the work (about 0.1 s of compiling a thread moves back onto it): there,
// run `node --max-semi-space-size=2 "$(command -v whydiff)" ...`.
// --heap-growing-percent=20: after a full collection V8 lets the old generation grow to 1.2 times
// what survived, not to its own factor (up to 4 times for a small heap). What the comparison keeps
// grows slowly and steadily, so the headroom was mostly garbage waiting: bench, 2 runs each,
// ×4 zip 257–273 → 205–215 MB, ×4 tar.gz 186 → 170–176 MB, ×1 zip 173–178 → 159–163 MB, with
// the same times (more, smaller full collections).
// --max-inlined-bytecode-size-cumulative=150: V8's optimizing compiler inlines at most 150 bytes of
// bytecode into a function, not 920. Every thread compiles its hot functions itself (above), ~0.25 s
// a worker, and the walk's hot path is many small functions called per member: inlining less
// compiles faster and, measured, runs no slower. bench pairs, this build with and without it in
// turn (median of each round's ratio): ×1 tar.gz 0.940 of the time (CPU 0.949, 20 runs), ×1 zip
// 0.947 (20 runs), ×4 0.965 and 0.966 (4 runs), ×¼ 0.91–0.94 (10 runs). 300 gained half as much,
// 60 lost at ×4 zip. bench/RESULTS.md, round 22.
// Thin shim: the CLI is compiled to dist/ and bundled into bundle/ by scripts/build.mjs (run
// `pnpm build`, or `pnpm whydiff`, which builds first); the script says why a bundle.
// The side workers a comparison will use start first, and load beside the rest (src/prestart.ts).
import { prestart } from '../bundle/prestart.js';

prestart(process.argv.slice(2));
const { main } = await import('../bundle/whydiff.js');

// `whydiff ... | head`: a reader that stops early is not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

process.exitCode = await main(process.argv.slice(2));
