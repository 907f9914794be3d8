/** The causes, biggest first: category, count and summary on one line, the remedy under it. */
import { Box, Text } from 'ink';
import type { Cause } from '@whydiff/core';
import { causeCount, causeTitle, fit, visible } from './format.js';
import { colorOf } from './theme.js';

export interface CauseListProps {
  readonly causes: readonly Cause[];
  readonly selected: number;
  readonly top: number;
  /** Causes shown at once (two lines each). */
  readonly slots: number;
  readonly focused: boolean;
  readonly width: number;
  readonly color: boolean;
}

export function CauseList({ causes, selected, top, slots, focused, width, color }: CauseListProps) {
  const shown = causes.slice(top, top + slots);
  const more = causes.length - top - shown.length;
  return (
    <Box flexDirection="column" height={1 + 2 * slots}>
      <Text wrap="truncate" bold={focused}>
        {`Causes (${causes.length})`}
        <Text dimColor>{causes.length === 0 ? '  none: nothing left that differs' : `  Enter: show a cause's paths${top > 0 ? `  ↑${top} more` : ''}${more > 0 ? `  ↓${more} more` : ''}`}</Text>
      </Text>
      {shown.map((cause, i) => {
        const at = top + i;
        const isSelected = at === selected;
        const head = `${causeTitle(cause)}  ${causeCount(cause)}  `;
        return (
          <Box key={at} flexDirection="column">
            <Text wrap="truncate" inverse={isSelected && focused} bold={isSelected}>
              {isSelected ? '› ' : '  '}
              <Text color={colorOf('warn', color)} bold>
                {head}
              </Text>
              {fit(visible(cause.summary), Math.max(1, width - head.length - 2))}
            </Text>
            <Text wrap="truncate" dimColor>
              {fit(`    fix: ${visible(cause.remedy)}`, width)}
            </Text>
          </Box>
        );
      })}
    </Box>
  );
}
