/**
 * `whydiff verify ARTIFACT [MANIFEST]`: check a rebuilt artifact against what was published (a
 * whydiff manifest, a SHA256SUMS file, or --sha256 HEX [--size N]). Exit 0 on a match, 1 on a
 * mismatch (explained as a report), 2 on error.
 */
import { basename } from 'node:path';
import { readVerifyTarget, verify, type ChecksumList, type Limits, type Manifest } from '@whydiff/core';
import { WhydiffError } from '@whydiff/formats/errors';
import { render, type ReportFormat } from './compare-command.js';
import type { Io } from './main.js';
import { writePieces } from './write-text.js';

export interface VerifyCommandOptions {
  format: ReportFormat;
  color: boolean;
  /** Write the report to a file instead of stdout. */
  output?: string;
  limits: Partial<Limits>;
  /** The manifest entry to check against (--name; default the artifact's file name, or the only entry). */
  name?: string;
  /** A published sha256 (--sha256), instead of a manifest file. */
  sha256?: string;
  /** A published size in bytes (--size), with --sha256. */
  size?: number;
  /** How the artifact is named in the report (default: its path; `-` for standard input). */
  artifactName?: string;
}

export async function verifyCommand(artifact: string, manifestPath: string | undefined, options: VerifyCommandOptions, io: Io): Promise<number> {
  const published = await publishedRecord(artifact, manifestPath, options);
  const result = await verify(artifact, published, {
    name: options.name,
    manifestName: manifestPath ?? '--sha256',
    artifactName: options.artifactName ?? artifact,
    limits: options.limits,
  });
  const format = options.format;
  const pieces = (function* () {
    yield* render(result.report, format, options.color && options.output === undefined);
    if (format === 'text') yield `\n${result.message}\n`;
    else if (format === 'markdown') yield `\n**verify:** ${result.message}\n`;
  })();
  if (options.output !== undefined) await writePieces(options.output, pieces);
  else for (const piece of pieces) io.stdout(piece);
  return result.match ? 0 : 1;
}

async function publishedRecord(artifact: string, manifestPath: string | undefined, options: VerifyCommandOptions): Promise<Manifest | ChecksumList> {
  if (options.sha256 !== undefined) {
    if (manifestPath !== undefined) throw new WhydiffError('USAGE', 'verify: give a manifest (or SHA256SUMS) file or --sha256, not both');
    if (!/^[0-9a-fA-F]{64}$/.test(options.sha256)) throw new WhydiffError('USAGE', `verify: --sha256 expects 64 hex digits, found ${JSON.stringify(options.sha256)}`);
    return { checksums: [{ name: options.name ?? basename(options.artifactName ?? artifact), sha256: options.sha256.toLowerCase(), size: options.size ?? null }] };
  }
  if (options.size !== undefined) throw new WhydiffError('USAGE', 'verify: --size goes with --sha256');
  if (manifestPath === undefined) throw new WhydiffError('USAGE', 'verify: missing what to verify against: a manifest (whydiff manifest ...), a SHA256SUMS file, or --sha256 HEX [--size N]');
  return readVerifyTarget(manifestPath);
}
