/**
 * `whydiff A B` on a terminal: draws the App on the alternate screen, runs the comparison with a
 * live progress line and provisional causes and differences as members are read, shows the final
 * report when it arrives, and resolves to the CLI's exit status when
 * the user quits (0 when nothing differs, 1 otherwise). A comparison that fails (an artifact that
 * cannot be read) closes the screen and rejects with the error, for main to report as usual.
 */
import { resolve } from 'node:path';
import { render } from 'ink';
import { compare, type CompareOptions, type Progress, type Report } from '@whydiff/core';
import { renderJsonChunks } from '@whydiff/report';
import { App } from './App.js';
import type { ProgressState } from './ProgressLine.js';
import { exitStatus } from '../compare-command.js';
import { writePieces } from '../write-text.js';

export interface RunTuiArgs {
  pathA: string;
  pathB: string;
  names: { a: string; b: string };
  compareOptions: CompareOptions;
  color: boolean;
}

/** Status when the user quits before the comparison has finished: nothing was decided. */
export const QUIT_EARLY_STATUS = 2;

/**
 * Frames drawn at most per second (Ink's default is 30). A frame is the whole screen made again
 * (Ink lays it out and cuts its lines to width) on the thread that also compares: while both sides
 * are read, the spinner (12.5 steps a second) and the progress line asked for one every 50 ms or so.
 * A key pressed after a pause is drawn at once (the first frame of a burst is not held back); keys
 * held down scroll at this rate. The bench's ×4 zip pair in the TUI, to its final report and quit:
 * 14.9–16.5 s at 30, 12.4 s at 10 (bench/RESULTS.md, round 19).
 */
const MAX_FPS = 10;

/** Progress redraws at most this often (the reader reports far more often than a screen can show). */
const PROGRESS_INTERVAL_MS = 100;

const ENTER_ALT_SCREEN = '\u001B[?1049h\u001B[H';
const LEAVE_ALT_SCREEN = '\u001B[?1049l';

/** The CLI's exit status for a finished report (one rule for every way of showing it). */
export const exitStatusOf: (report: Report) => number = exitStatus;

export async function writeJsonReport(report: Report, file: string): Promise<string> {
  const path = resolve(file);
  try {
    await writePieces(path, renderJsonChunks(report));
    return `wrote the JSON report to ${path}`;
  } catch (error) {
    return `could not write ${path}: ${(error as Error).message}`;
  }
}

export async function runTui(args: RunTuiArgs): Promise<number> {
  // NO_COLOR counts when set and not empty (no-color.org).
  const color = args.color && (process.env.NO_COLOR ?? '') === '';
  let report: Report | null = null;
  /** True once the final report is in (before, `report` is provisional: members read so far). */
  let final = false;
  let progress: ProgressState = {};
  let quit: (status: number) => void = () => {};
  const quitting = new Promise<number>((done) => (quit = done));

  const app = () => (
    <App
      names={args.names}
      report={report}
      reading={!final}
      progress={progress}
      color={color}
      onQuit={() => quit(!final || report === null ? QUIT_EARLY_STATUS : exitStatusOf(report))}
      onExport={(file) => (!final || report === null ? Promise.resolve('the report is not ready yet') : writeJsonReport(report, file))}
    />
  );

  process.stdout.write(ENTER_ALT_SCREEN);
  const instance = render(app(), { exitOnCtrlC: false, patchConsole: true, maxFps: MAX_FPS });
  let lastDraw = 0;
  const onProgress = (p: Progress): void => {
    progress = { ...progress, [p.side]: p };
    const now = Date.now();
    if (now - lastDraw < PROGRESS_INTERVAL_MS) return;
    lastDraw = now;
    instance.rerender(app());
  };

  // Causes and the tree fill in while reading: provisional reports of the members read so far.
  const onPartial = (partial: Report): void => {
    if (final) return;
    report = partial;
    instance.rerender(app());
  };
  const comparing = compare(args.pathA, args.pathB, { ...args.compareOptions, names: args.names, onProgress, onPartial }).then(
    (result) => {
      report = result;
      final = true;
      instance.rerender(app());
      return null;
    },
    (error: unknown) => ({ error }),
  );
  try {
    const outcome = await Promise.race([quitting.then((status) => ({ status })), comparing]);
    if (outcome !== null && 'error' in outcome) throw outcome.error;
    if (outcome !== null && 'status' in outcome) return outcome.status;
    return await quitting;
  } finally {
    instance.unmount();
    instance.cleanup();
    process.stdout.write(LEAVE_ALT_SCREEN);
  }
}
