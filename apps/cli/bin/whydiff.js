#!/usr/bin/env node
// Thin shim: the CLI is compiled to dist/ (run `pnpm build`, or `pnpm whydiff`, which builds first).
import { main } from '../dist/main.js';

process.exitCode = await main(process.argv.slice(2));
