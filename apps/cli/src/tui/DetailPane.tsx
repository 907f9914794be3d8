/** The selected node in detail: lines from detail-lines.ts, scrolled; only the visible ones render. */
import { Box, Text } from 'ink';
import type { DetailLine } from './detail-lines.js';
import { colorOf } from './theme.js';

export interface DetailPaneProps {
  readonly lines: readonly DetailLine[];
  readonly scroll: number;
  readonly height: number;
  readonly focused: boolean;
  readonly width: number;
  readonly color: boolean;
}

export function DetailPane({ lines, scroll, height, focused, width, color }: DetailPaneProps) {
  const shown = lines.slice(scroll, scroll + height);
  const below = lines.length - scroll - shown.length;
  return (
    <Box flexDirection="column" width={width} height={height + 1}>
      <Text wrap="truncate" bold={focused}>
        {'Detail'}
        <Text dimColor>{`${scroll > 0 ? `  ↑${scroll}` : ''}${below > 0 ? `  ↓${below} more (Tab here, then ↓)` : ''}`}</Text>
      </Text>
      {shown.map((line, i) => (
        <Text key={scroll + i} wrap="truncate">
          {line.length === 0
            ? ' '
            : line.map((s, j) => (
                <Text key={j} color={colorOf(s.tone, color)} bold={s.tone === 'title'} dimColor={s.tone === 'dim'}>
                  {s.text}
                </Text>
              ))}
        </Text>
      ))}
    </Box>
  );
}
