/**
 * The monitor list: column titles, then only the rows that fit on screen (a thousand monitors cost
 * the same as twenty). The area keeps its height, so the lines below it never move.
 */
import { Box, Text } from 'ink';
import type { ListColumns } from '../layout.js';
import type { ListRow, SortKey } from '../list-rows.js';
import { usePaint } from '../theme.js';
import { Cell } from './Cell.js';
import { GroupLine } from './GroupLine.js';
import { MonitorLine } from './MonitorLine.js';

export interface MonitorListProps {
  rows: readonly ListRow[];
  selected: number;
  /** The first row on screen. */
  top: number;
  /** Lines for rows (the titles take one more). */
  height: number;
  width: number;
  columns: ListColumns;
  sort: SortKey;
  /** Said when no row is left, e.g. `no monitor matches "api"`. */
  empty: string;
}

const TITLES: readonly [keyof ListColumns, string, SortKey | null, 'left' | 'right'][] = [
  ['name', 'NAME', 'name', 'left'],
  ['type', 'TYPE', 'type', 'left'],
  ['latency', 'LATENCY', 'latency', 'right'],
  ['spark', 'RECENT', null, 'left'],
  ['uptime', 'UP 24H', 'uptime', 'right'],
  ['key', 'KEY', null, 'left'],
];

export function MonitorList({ rows, selected, top, height, width, columns, sort, empty }: MonitorListProps) {
  const paint = usePaint();
  const visible = rows.slice(top, top + height);
  return (
    <Box flexDirection="column" width={width}>
      <Box height={1}>
        <Text color={paint.color('muted')}>{sort === 'status' ? ' ▾' : '  '}</Text>
        {TITLES.map(([cell, title, key, align]) => (
          <Cell key={cell} width={columns[cell]} align={align} bold={paint.enabled} color={paint.color('muted')}>
            {key === sort ? `${title}▾` : title}
          </Cell>
        ))}
      </Box>
      <Box flexDirection="column" height={height}>
        {visible.length === 0 && <Text color={paint.color('muted')}> {empty}</Text>}
        {visible.map((row, at) =>
          row.kind === 'group' ? (
            <GroupLine key={row.key} group={row} width={width} />
          ) : (
            <MonitorLine key={row.key} monitor={row.monitor} selected={top + at === selected} columns={columns} />
          ),
        )}
      </Box>
    </Box>
  );
}
