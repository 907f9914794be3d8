// Build the command line: `tsc -b` (dist/, the typed library the packages export), then one bundle
// of it for `bin/whydiff.js` to run (bundle/). Every place that runs the CLI builds it with this
// script: `pnpm build`, the root `pnpm whydiff`, the bench and the terminal end-to-end test.
//
// Why a bundle: loading ~60 ES modules (resolving each specifier through package.json exports,
// compiling each file) took ~57 ms in the main thread and ~20 ms in each side worker, before the
// first byte was read. Bundled (3 runs each, interleaved; bench/RESULTS.md, round 6), a comparison
// of two tiny archives takes 0.15 s instead of 0.18 s and 71 MB instead of 79, the bench's ×¼ pairs
// 0.68 s instead of 0.72 (tar.gz) and 0.82 instead of 0.88 (zip), ×1 1.45 instead of 1.50 and 1.90
// instead of 1.96. The TUI (ink, react) and each format's reader stay in chunks of their own,
// loaded when first needed, as they were as modules.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const cli = join(dirname(fileURLToPath(import.meta.url)), '..');
const core = join(cli, '../../packages/core');
const require = createRequire(import.meta.url);

// prestart: the shim's first import, small (it starts the side workers before the rest loads).
const entries = { whydiff: join(cli, 'dist/main.js'), 'side-worker': join(core, 'dist/side-worker.js'), prestart: join(cli, 'dist/prestart.js') };
const tsc = (...flags) => spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-b', cli, ...flags], { stdio: 'inherit' }).status;
let status = tsc();
// `tsc -b` goes by its .tsbuildinfo files: a dist/ deleted without them is not written again.
if (status === 0 && !Object.values(entries).every((file) => existsSync(file))) status = tsc('--force');
if (status !== 0) process.exit(status ?? 1);

const out = join(cli, 'bundle');
rmSync(out, { recursive: true, force: true });
await build({
  // The side worker is found next to the code that starts it (new URL('./side-worker.js', import.meta.url)).
  entryPoints: entries,
  outdir: out,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Loaded at run time with require() from the module that uses them (CommonJS, on first use): they
  // resolve from this package's own dependencies. ink imports react-devtools-core only with DEV=true.
  external: ['fast-xml-parser', 'unbzip2-stream', '@node-rs/crc32', 'react-devtools-core'],
  // The CommonJS packages bundled in (commander, react, ink's dependencies) call require() for node's modules.
  banner: { js: "import { createRequire as __whydiffRequire } from 'node:module'; const require = __whydiffRequire(import.meta.url);" },
  // React's production build: left to pick at run time, react and react-reconciler ran their
  // development builds (checks on every element, performance marks on every render). The TUI on the
  // bench's ×4 zip pair spent ~1 s of its main thread in them and as much again collecting their garbage.
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'warning',
});
// Read at run time next to the code that reads them (new URL('./report.schema.json', import.meta.url)).
copyFileSync(join(core, 'dist/report.schema.json'), join(out, 'report.schema.json'));
copyFileSync(join(core, 'dist/manifest/manifest.schema.json'), join(out, 'manifest.schema.json'));
