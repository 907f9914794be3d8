/**
 * The one stateful screen: it owns the UiState, derives rows and panes from it and the report, and
 * passes read-only props to pure components. The report arrives as a prop (null while reading);
 * keys go through keys.ts and the reducer in ui-state.ts.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { Box, Text, useInput, useStdout } from 'ink';
import TextInput from 'ink-text-input';
import type { Report } from '@whydiff/core';
import { CauseList } from './CauseList.js';
import { DetailPane } from './DetailPane.js';
import { DifferenceTree } from './DifferenceTree.js';
import { Header } from './Header.js';
import { HelpOverlay } from './HelpOverlay.js';
import { ProgressLine, type ProgressState } from './ProgressLine.js';
import { detailLines } from './detail-lines.js';
import { describeFilters, isFiltering, matcher } from './filters.js';
import { fit, groupDigits, orderCauses } from './format.js';
import { actionFor } from './keys.js';
import { buildIndex, initialExpanded, keepMask, nodeLabel, visibleRows, windowStart } from './tree-model.js';
import { initialState, selectedRow, update, type UiEvent, type UiState, type View } from './ui-state.js';
import { colorOf } from './theme.js';

export interface AppProps {
  readonly names: { readonly a: string; readonly b: string };
  /** null until the first (provisional) report; while `reading`, a provisional one. */
  readonly report: Report | null;
  /** True while the sides are still being read (default: until a report arrives). */
  readonly reading?: boolean;
  readonly progress: ProgressState;
  readonly color: boolean;
  /** Terminal size; read from stdout (and followed on resize) when not given. */
  readonly columns?: number;
  readonly rows?: number;
  readonly onQuit: () => void;
  /** Write the JSON report to a file; resolves to the line to show. */
  readonly onExport: (file: string) => Promise<string>;
}

/** Below this width the detail pane takes the tree's place when focused, instead of sitting beside it. */
export const WIDE = 100;

/** The status line when nothing happened: what the focused pane does. */
const paneHints = {
  causes: 'causes: ↑↓ choose one, Enter shows only its paths in the tree, Tab goes to the tree',
  tree: 'tree: ↑↓ move, Enter/→ open, ← close, n/N next/previous difference, Tab goes to the detail',
  detail: 'detail: ↑↓ PgUp PgDn scroll, Tab goes back to the causes',
} as const;

export const DEFAULT_EXPORT_NAME = 'whydiff-report.json';

const emptyIndex = buildIndex([]);

function useTerminalSize(columns?: number, rows?: number): { columns: number; rows: number } {
  const { stdout } = useStdout();
  const [, setTick] = useState(0);
  useEffect(() => {
    const onResize = (): void => setTick((t) => t + 1);
    stdout.on('resize', onResize);
    return () => void stdout.off('resize', onResize);
  }, [stdout]);
  return { columns: columns ?? stdout.columns ?? 80, rows: rows ?? stdout.rows ?? 24 };
}

export function App({ names, report, reading = report === null, progress, color, columns, rows, onQuit, onExport }: AppProps) {
  const size = useTerminalSize(columns, rows);
  const index = useMemo(() => (report === null ? emptyIndex : buildIndex(report.differences)), [report]);
  const causes = useMemo(() => (report === null ? [] : orderCauses(report.causes)), [report]);
  const [state, setState] = useState<UiState>(() => initialState(initialExpanded(index)));
  const [exportName, setExportName] = useState('');
  // A report that arrives after the first render starts with its containers opened.
  const loaded = useRef(index);
  useEffect(() => {
    if (loaded.current === index) return;
    loaded.current = index;
    setState((s) => ({ ...s, expanded: initialExpanded(index), selected: -1, treeTop: 0 }));
  }, [index]);

  const predicate = useMemo(() => matcher(state.filters, causes), [state.filters, causes]);
  const keep = useMemo(() => (predicate === null ? null : keepMask(index, predicate)), [index, predicate]);
  const treeRows = useMemo(() => visibleRows(index, state.expanded, keep), [index, state.expanded, keep]);

  // Layout: the last terminal line stays empty (a frame as tall as the terminal makes Ink clear the screen).
  const width = Math.max(20, size.columns);
  const height = Math.max(10, size.rows - 1);
  const avail = height - 5; // header 3, status 1, footer 1
  const causeSlots = report === null || causes.length === 0 ? 0 : Math.max(1, Math.min(causes.length, Math.floor((avail * 0.4) / 2)));
  const bodyHeight = avail - 1 - 2 * causeSlots;
  const wide = width >= WIDE;
  const treeWidth = wide ? Math.floor(width * 0.45) : width;
  const detailWidth = wide ? width - treeWidth - 1 : width;
  const paneRows = Math.max(1, bodyHeight - 1);

  const row = selectedRow(state, treeRows);
  const top = windowStart(treeRows.length, paneRows, row, state.treeTop);
  const selectedNode = treeRows[row];
  const lines = useMemo(
    () => (selectedNode === undefined ? [] : detailLines(index.nodes[selectedNode]!, nodeLabel(index, selectedNode), detailWidth)),
    [index, selectedNode, detailWidth],
  );
  const causeTop = windowStart(causes.length, causeSlots, state.cause, state.causeTop);

  const view: View = { causes, index, rows: treeRows, keep, treeHeight: paneRows, causeSlots, detailHeight: paneRows, detailLength: lines.length };
  const viewRef = useRef(view);
  viewRef.current = view;
  const dispatch = (event: UiEvent): void => setState((s) => update(s, event, viewRef.current));

  const prompting = state.overlay === 'search' || state.overlay === 'export';
  useInput((input, key) => {
    if (key.ctrl && input === 'c') return onQuit();
    if (prompting) {
      if (!key.escape) return; // the text input has the other keys
      if (state.overlay === 'search') dispatch({ type: 'searchChanged', text: '' });
      return dispatch({ type: 'closeOverlay' });
    }
    // Keys typed faster than a frame (or sent by a script) arrive as one string: one action each.
    const presses: [string, typeof key][] =
      input.length > 1 && !key.ctrl && !key.meta ? [...input].map((c) => [c, { ...key, tab: c === '\t', return: c === '\r' }]) : [[input, key]];
    for (const [press, pressed] of presses) {
      const action = actionFor(press, pressed);
      if (action === null) continue;
      if (action.type === 'quit') return onQuit();
      if (action.type === 'search' || action.type === 'export') {
        // What follows belongs to the prompt: the text input will not see it, so stop here.
        if (action.type === 'export' && reading) return dispatch({ type: 'message', text: 'the report is not ready yet' });
        return dispatch(action);
      }
      if (state.overlay === 'help' && action.type !== 'help' && action.type !== 'clear') continue;
      dispatch(action);
    }
  });

  const submitExport = (file: string): void => {
    dispatch({ type: 'closeOverlay' });
    setExportName('');
    void onExport(file.trim() === '' ? DEFAULT_EXPORT_NAME : file.trim()).then((text) => dispatch({ type: 'message', text }));
  };

  const filtering = isFiltering(state.filters);
  const nodeCount = groupDigits(index.nodes.length);
  const position = treeRows.length > paneRows ? `  ${groupDigits(row + 1)}/${groupDigits(treeRows.length)}` : '';
  // Members folded away (differing as members listed do) are in their causes' paths, not in the tree (the help says so).
  const folded = report?.stats.folded ?? 0;
  const foldedNote = folded > 0 ? `, ${groupDigits(folded)} folded` : '';
  const treeTitle = filtering
    ? `Differences: ${groupDigits(treeRows.length)} of ${nodeCount} shown${foldedNote}${position}`
    : `Differences (${nodeCount}${folded > 0 ? ' listed' : ''}${foldedNote})${position}`;
  const problems = report !== null && report.problems.length > 0 ? `${report.problems.length} problem(s) reading the input (see --text)  ` : '';
  const status = state.message ?? (filtering ? `filter: ${describeFilters(state.filters)} (Esc clears)` : `${problems}${paneHints[state.focus]}`);

  const showTree = wide || state.focus !== 'detail';
  const showDetail = wide || state.focus === 'detail';

  return (
    <Box flexDirection="column" width={width} height={height}>
      <Header names={names} report={report} width={width} color={color} />
      {reading && state.message === null ? (
        <ProgressLine progress={progress} width={width} color={color} />
      ) : (
        <Text wrap="truncate" color={state.message || filtering ? colorOf('accent', color) : undefined} dimColor={!state.message && !filtering}>
          {fit(status, width)}
        </Text>
      )}
      {state.overlay === 'help' ? (
        <HelpOverlay height={avail} width={width} />
      ) : report === null ? (
        <Box height={avail}>
          <Text dimColor>Causes and differences appear as members are read on both sides.</Text>
        </Box>
      ) : (
        <Box flexDirection="column" height={avail}>
          <CauseList causes={causes} selected={state.cause} top={causeTop} slots={causeSlots} focused={state.focus === 'causes'} width={width} color={color} />
          <Box flexDirection="row" height={bodyHeight}>
            {showTree ? (
              <DifferenceTree
                index={index}
                rows={treeRows}
                top={top}
                height={paneRows}
                selectedRow={row}
                expanded={state.expanded}
                filtering={keep !== null}
                title={treeTitle}
                focused={state.focus === 'tree'}
                width={treeWidth}
                color={color}
              />
            ) : null}
            {wide ? <Box width={1} /> : null}
            {showDetail ? <DetailPane lines={lines} scroll={state.detailScroll} height={paneRows} focused={state.focus === 'detail'} width={detailWidth} color={color} /> : null}
          </Box>
        </Box>
      )}
      {state.overlay === 'search' ? (
        <Box>
          <Text bold>/ </Text>
          <TextInput value={state.filters.search} onChange={(text) => dispatch({ type: 'searchChanged', text })} onSubmit={() => dispatch({ type: 'searchDone' })} />
        </Box>
      ) : state.overlay === 'export' ? (
        <Box>
          <Text bold>write the JSON report to: </Text>
          <TextInput value={exportName} placeholder={`${DEFAULT_EXPORT_NAME} (Enter), or type a path; Esc cancels`} onChange={setExportName} onSubmit={submitExport} />
        </Box>
      ) : (
        <Text wrap="truncate" dimColor>
          {fit(`? help  q quit  Tab pane  ↑↓ move  Enter open  / search  n/N next/prev  f category  e export${filtering ? '  Esc clear' : ''}`, width)}
        </Text>
      )}
    </Box>
  );
}
