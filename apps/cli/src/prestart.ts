/**
 * The CLI's first step, before its other modules load: start the side workers a comparison of two
 * artifacts will most likely use (core's worker-spares.ts, sparesFor), so that they load beside the
 * main thread's own start. Commands that compare nothing start none.
 */
import { sparesFor, startSpares } from '@whydiff/core/worker-spares';

/** Arguments that mean no comparison runs: the other commands, help and version. */
const NOT_COMPARING = new Set(['ls', 'manifest', 'verify', 'help', '-h', '--help', '-V', '--version']);

export function prestart(argv: readonly string[]): void {
  if (argv.length === 0 || argv.some((arg) => NOT_COMPARING.has(arg))) return;
  // The operands, when nothing else stands beside the options (an option's value, `-o FILE`, would).
  startSpares(sparesFor(argv.filter((arg) => !arg.startsWith('-'))));
}
