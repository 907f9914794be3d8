/** Both artifacts (name, format, size, short sha256) and the verdict. */
import { Box, Text } from 'ink';
import type { Report } from '@whydiff/core';
import { artifactLine, fit, statsLine, verdictOf, visible } from './format.js';
import { colorOf } from './theme.js';

export interface HeaderProps {
  readonly names: { readonly a: string; readonly b: string };
  readonly report: Report | null;
  readonly width: number;
  readonly color: boolean;
}

export function Header({ names, report, width, color }: HeaderProps) {
  const verdict = report === null ? null : verdictOf(report);
  const tone = verdict === 'identical' ? 'added' : verdict === 'differ' ? 'removed' : 'warn';
  return (
    <Box flexDirection="column" height={3}>
      <Text wrap="truncate">
        <Text bold>a: </Text>
        {fit(report === null ? visible(names.a) : artifactLine(report.a), width - 3)}
      </Text>
      <Text wrap="truncate">
        <Text bold>b: </Text>
        {fit(report === null ? visible(names.b) : artifactLine(report.b), width - 3)}
      </Text>
      <Text wrap="truncate">
        <Text bold>verdict: </Text>
        {verdict === null ? (
          <Text dimColor>reading…</Text>
        ) : (
          <>
            <Text bold color={colorOf(tone, color)}>
              {verdict}
            </Text>
            <Text dimColor>{`   ${report === null ? '' : statsLine(report)}`}</Text>
          </>
        )}
      </Text>
    </Box>
  );
}
