/**
 * The tree of differences, virtualized: it renders only rows[top .. top+height], so the cost of a
 * frame does not depend on the size of the report.
 */
import { Box, Text } from 'ink';
import { fit, nodeMarkers, statusGlyph, visible } from './format.js';
import { colorOf } from './theme.js';
import { nodeLabel, type TreeIndex } from './tree-model.js';

export interface DifferenceTreeProps {
  readonly index: TreeIndex;
  readonly rows: readonly number[];
  readonly top: number;
  readonly height: number;
  readonly selectedRow: number;
  readonly expanded: ReadonlySet<number>;
  /** Filtering shows everything it keeps expanded. */
  readonly filtering: boolean;
  readonly title: string;
  readonly focused: boolean;
  readonly width: number;
  readonly color: boolean;
}

export function DifferenceTree({ index, rows, top, height, selectedRow, expanded, filtering, title, focused, width, color }: DifferenceTreeProps) {
  const window = rows.slice(top, top + height);
  return (
    <Box flexDirection="column" width={width} height={height + 1}>
      <Text wrap="truncate" bold={focused}>
        {fit(title, width)}
      </Text>
      {window.length === 0 ? <Text dimColor>{fit('  (nothing to show)', width)}</Text> : null}
      {window.map((node, i) => {
        const row = top + i;
        const n = index.nodes[node]!;
        const hasChildren = index.size[node]! > 0;
        const open = hasChildren && (filtering || expanded.has(node));
        const toggle = !hasChildren ? ' ' : open ? '▾' : '▸';
        const count = hasChildren && !open ? ` (${index.size[node]})` : '';
        const markers = nodeMarkers(n);
        const selected = row === selectedRow;
        const prefix = `${selected ? '›' : ' '}${'  '.repeat(index.depth[node]!)}${toggle} ${statusGlyph(n)} `;
        const label = `${visible(nodeLabel(index, node))}${count}`;
        const tone = n.status === 'added' ? 'added' : n.status === 'removed' ? 'removed' : 'plain';
        return (
          <Text key={node} wrap="truncate" inverse={selected && focused} bold={selected}>
            {prefix}
            <Text color={colorOf(tone, color)}>{fit(label, Math.max(1, width - prefix.length))}</Text>
            {markers ? <Text color={colorOf('warn', color)}>{`  [${markers}]`}</Text> : null}
          </Text>
        );
      })}
    </Box>
  );
}
