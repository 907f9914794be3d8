/**
 * The whydiff command line. Exit status follows diff(1): 0 identical, 1 different, 2 trouble
 * (usage, I/O, an artifact that cannot be read), with one line on stderr saying what and where.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { WhydiffError } from '@whydiff/formats/errors';
import { CAUSE_CATEGORIES, defaultLimits, FOLD_AFTER, removeTempDir, STDIN, TOOL_VERSION, type Limits } from '@whydiff/core';
import { listCommand } from './ls.js';
import { compareCommand, type ReportFormat } from './compare-command.js';
import { manifestCommand } from './manifest-command.js';
import { verifyCommand } from './verify-command.js';
import { demoArtifacts } from './demo.js';
import { loadTui } from './tui/load-tui.js';

export class UsageError extends WhydiffError {
  constructor(message: string) {
    super('USAGE', message);
  }
}

function byteCount(value: string): number {
  const match = /^(\d+(?:\.\d+)?)([kmgt]i?b?)?$/i.exec(value.trim());
  if (!match) throw new InvalidArgumentError('expected a byte count like 1048576, 512M or 4G');
  const unit = (match[2] ?? '').toLowerCase()[0];
  const scale = unit === undefined ? 1 : 1024 ** ('kmgt'.indexOf(unit) + 1);
  return Math.floor(Number(match[1]) * scale);
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number');
  return n;
}

/** Options every command that reads artifacts takes. */
function withLimits(command: Command): Command {
  return command
    .addOption(new Option('--max-depth <n>', 'nesting levels opened below the artifact').argParser(positiveInt).default(defaultLimits.maxDepth))
    .addOption(new Option('--max-member-bytes <bytes>', 'bytes one member or layer may expand to').argParser(byteCount).default(defaultLimits.maxMemberBytes, '8G'))
    .addOption(new Option('--max-total-bytes <bytes>', 'bytes of content read in all, per artifact').argParser(byteCount).default(defaultLimits.maxTotalBytes, '64G'))
    .addOption(new Option('--max-ratio <n>', 'largest expansion ratio of a compressed layer').argParser(positiveInt).default(defaultLimits.maxRatio));
}

export function limitsFrom(options: Record<string, unknown>): Partial<Limits> {
  return {
    maxDepth: options.maxDepth as number,
    maxMemberBytes: options.maxMemberBytes as number,
    maxTotalBytes: options.maxTotalBytes as number,
    maxRatio: options.maxRatio as number,
  };
}

/**
 * `-` names standard input, as most tools' operands do: read as /dev/stdin (core's STDIN), which
 * core copies once into the private directory unless it is a file (seekable-input.ts); shown as
 * `-`. A terminal there holds no artifact, and one input is all it can give.
 */
function fromStdin(operands: Array<string | undefined>): (operand: string) => string {
  const dashes = operands.filter((operand) => operand === '-').length;
  if (dashes > 1) throw new UsageError('only one artifact can be read from standard input (-)');
  if (dashes === 1 && process.stdin.isTTY === true) throw new UsageError('- reads the artifact from standard input, which is a terminal: pipe it in (curl -sL URL | whydiff - rebuilt.tar.gz)');
  return (operand) => (operand === '-' ? STDIN : operand);
}

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const processIo: Io = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
};

/** Run the CLI; resolves to the exit status. */
export async function main(argv: string[], io: Io = processIo): Promise<number> {
  let status = 0;
  const program = new Command('whydiff')
    .description('Explain why two builds that should be byte-identical are not.')
    .version(TOOL_VERSION, '-V, --version', 'print the version of whydiff')
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError('(run whydiff --help for usage)');

  const categories: readonly string[] = CAUSE_CATEGORIES;
  withLimits(
    program
      .argument('[a]', 'the first artifact: an archive, a plain file or a directory')
      .argument('[b]', 'the second artifact')
      .option('--demo', 'compare the bundled demo pair')
      .option('--text', 'plain text report (the default when stdout is not a terminal)')
      .option('--markdown', 'markdown report, for pasting into an issue tracker')
      .option('--json', 'JSON report (schema whydiff.report/1)')
      .option('-o, --output <file>', 'write the report to a file instead of stdout')
      .option('--exclude <glob>', 'leave out member paths matching the glob, at any level (repeatable)', (v: string, all: string[]) => [...all, v], [] as string[])
      .addOption(new Option('--ignore <category>', `drop a cause category from causes and verdict (repeatable): ${categories.join(', ')}`).argParser((v: string, all: string[] = []) => {
        if (!categories.includes(v)) throw new InvalidArgumentError(`expected one of ${categories.join(', ')}`);
        return [...all, v];
      }))
      .addOption(new Option('--max-diff-lines <n>', 'lines of unified diff shown per member').argParser(positiveInt).default(200))
      .option('--all-members', `list every differing member (by default, after ${FOLD_AFTER} members with the same differences the rest are folded: counted, and named under their causes)`)
      .option('--no-color', 'no colour in the text report (NO_COLOR is honoured too)'),
  ).action(async (a: string | undefined, b: string | undefined, options: Record<string, unknown>) => {
    let names = { a: a ?? '', b: b ?? '' };
    if (options.demo) {
      const demo = await demoArtifacts();
      [a, b, names] = [demo.a.path, demo.b.path, { a: demo.a.name, b: demo.b.name }];
    }
    if (a === undefined || b === undefined) throw new UsageError('expected two artifacts to compare (or --demo, or a command: ls)');
    const path = fromStdin([a, b]);
    [a, b] = [path(a), path(b)];
    const interactive = !options.text && !options.json && !options.markdown && options.output === undefined && process.stdout.isTTY === true && process.stdin.isTTY === true;
    if (interactive) {
      // A terminal on both ends: the TUI (Ink needs raw mode on stdin). Loaded only here: Ink and
      // React cost ~0.3 s and 40 MB at start-up that no other command needs.
      const { runTui } = await loadTui();
      status = await runTui({
        pathA: a,
        pathB: b,
        names,
        color: options.color !== false && process.env.NO_COLOR === undefined,
        // Folded as the reports are: listing every member, the view held the whole report and
        // its copies, 1.2 GB for the bench's ×4 zip pair (bench/RESULTS.md, round 19).
        compareOptions: { limits: limitsFrom(options), exclude: options.exclude as string[], ignore: (options.ignore as never[] | undefined) ?? [], maxDiffLines: options.maxDiffLines as number, fold: options.allMembers !== true },
      });
      return;
    }
    const format: ReportFormat = options.json ? 'json' : options.markdown ? 'markdown' : 'text';
    const color = options.color !== false && process.env.NO_COLOR === undefined && options.output === undefined && process.stdout.isTTY === true;
    const compared = await compareCommand(a, b, {
      names,
      format,
      output: options.output as string | undefined,
      color,
      limits: limitsFrom(options),
      exclude: options.exclude as string[],
      ignore: (options.ignore as never[] | undefined) ?? [],
      maxDiffLines: options.maxDiffLines as number,
      fold: options.allMembers !== true,
    }, io);
    // The demo pair always differs: running it successfully is not a failure (exit 0).
    status = options.demo ? 0 : compared;
  });

  withLimits(
    program
      .command('ls')
      .description('list an artifact recursively, like tar tvf: nested archives under "outer!/inner" paths')
      .argument('[artifact]', 'an archive: tar, tar.gz, tar.bz2, zip, egg, wheel, xar/.pkg, cpio (detected by content)')
      .option('--json', 'print JSON Lines: one object per entry')
      .option('--demo', 'list the bundled demo artifact'),
  ).action(async (artifact: string | undefined, options: Record<string, unknown>) => {
    let name = artifact;
    if (options.demo) ({ path: artifact, name } = (await demoArtifacts()).a);
    if (artifact === undefined || name === undefined) throw new UsageError('ls: missing the artifact to list (or --demo)');
    status = await listCommand(fromStdin([artifact])(artifact), { name, json: options.json === true, limits: limitsFrom(options) }, io);
  });

  withLimits(
    program
      .command('manifest')
      .description('write publishable fingerprints of release artifacts (JSON, schema whydiff.manifest/1): every member, and a content digest')
      .argument('<artifact...>', 'the release artifacts (one per platform is the common case); - reads one from standard input')
      .option('--name <name>', 'the file name to record for the artifact read from standard input (-)')
      .option('-o, --output <file>', 'write the manifest to a file instead of stdout'),
  ).action(async (artifacts: string[], options: Record<string, unknown>) => {
    const path = fromStdin(artifacts);
    const name = options.name as string | undefined;
    const piped = artifacts.includes('-');
    // verify finds an artifact by the file name its manifest records: standard input has none.
    if (piped && name === undefined) throw new UsageError('manifest: the artifact read from standard input (-) needs the file name to record: --name NAME (verify finds artifacts by file name)');
    if (!piped && name !== undefined) throw new UsageError('manifest: --name names the artifact read from standard input (-); the others are recorded under their own file names');
    const names = piped ? new Map([[path('-'), name!]]) : undefined;
    status = await manifestCommand(artifacts.map(path), { output: options.output as string | undefined, limits: limitsFrom(options), names }, io);
  });

  withLimits(
    program
      .command('verify')
      .description('check a rebuilt artifact against a published manifest, SHA256SUMS file or --sha256, and explain a mismatch')
      .argument('<artifact>', 'the rebuilt artifact')
      .argument('[manifest]', 'a whydiff manifest (whydiff manifest ...) or a SHA256SUMS file')
      .option('--name <entry>', "the entry to check against (default: the artifact's file name, or the only entry)")
      .option('--sha256 <hex>', 'a published sha256, instead of a manifest')
      .addOption(new Option('--size <bytes>', 'the published size in bytes, with --sha256').argParser(positiveInt))
      .option('--text', 'plain text report (the default when stdout is not a terminal)')
      .option('--markdown', 'markdown report')
      .option('--json', 'JSON report (schema whydiff.report/1)')
      .option('-o, --output <file>', 'write the report to a file instead of stdout')
      .option('--no-color', 'no colour in the text report (NO_COLOR is honoured too)'),
  ).action(async (artifact: string, manifest: string | undefined, options: Record<string, unknown>) => {
    const format: ReportFormat = options.json ? 'json' : options.markdown ? 'markdown' : 'text';
    const color = options.color !== false && process.env.NO_COLOR === undefined && options.output === undefined && process.stdout.isTTY === true;
    status = await verifyCommand(fromStdin([artifact])(artifact), manifest, {
      artifactName: artifact,
      format,
      color,
      output: options.output as string | undefined,
      limits: limitsFrom(options),
      name: options.name as string | undefined,
      sha256: options.sha256 as string | undefined,
      size: options.size as number | undefined,
    }, io);
  });

  try {
    await program.parseAsync(argv, { from: 'user' });
    return status;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof WhydiffError) {
      io.stderr(`whydiff: ${error.oneLine()}\n`);
      return 2;
    }
    const err = error as NodeJS.ErrnoException;
    if (err.code === 'ENOENT' || err.code === 'EACCES' || err.code === 'EISDIR') {
      io.stderr(`whydiff: ${err.path ?? ''}: ${err.code === 'ENOENT' ? 'no such file' : err.code === 'EACCES' ? 'permission denied' : 'is a directory'}\n`);
      return 2;
    }
    io.stderr(`whydiff: internal error: ${err.stack ?? String(error)}\n`);
    return 2;
  } finally {
    removeTempDir();
  }
}
