/**
 * The CLI's first step, before its other modules load: start the side workers a comparison of two
 * artifacts will most likely use (core's worker-spares.ts, sparesFor), so that they load beside the
 * main thread's own start. Only a comparison of two artifacts gets them.
 */
import { sparesFor, startSpares } from '@whydiff/core/worker-spares';

/**
 * Arguments for which no spare is started: the other commands (ls reads in the main thread;
 * manifest and verify read one artifact at a time, which this guess does not cover), help and
 * version, and the demo (its two small archives are read in the main thread).
 */
const NO_SPARES = new Set(['ls', 'manifest', 'verify', 'help', '-h', '--help', '-V', '--version', '--demo']);

export function prestart(argv: readonly string[]): void {
  if (argv.length === 0 || argv.some((arg) => NO_SPARES.has(arg))) return;
  // The operands, when nothing else stands beside the options (an option's value, `-o FILE`, would).
  startSpares(sparesFor(argv.filter((arg) => !arg.startsWith('-'))));
}
