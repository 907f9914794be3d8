/** `?`: every key, from the same table that handles them. */
import { Box, Text } from 'ink';
import { helpLines } from './keys.js';
import { fit } from './format.js';

/** What the tree's title means by folded (the report's stats.folded). */
const FOLDED = 'Folded: members that differ as members listed do are counted, not listed; their paths are under their causes (--all-members lists every one)';

export interface HelpOverlayProps {
  readonly height: number;
  readonly width: number;
}

export function HelpOverlay({ height, width }: HelpOverlayProps) {
  return (
    <Box flexDirection="column" height={height}>
      <Text bold>Keys</Text>
      {helpLines.map((b) => (
        <Text key={b.keys} wrap="truncate">
          <Text bold>{`  ${b.keys.padEnd(10)}`}</Text>
          {fit(b.does, Math.max(1, width - 12))}
        </Text>
      ))}
      <Text wrap="truncate">{fit(FOLDED, width)}</Text>
      <Text dimColor>{fit('? or Esc closes this help', width)}</Text>
    </Box>
  );
}
