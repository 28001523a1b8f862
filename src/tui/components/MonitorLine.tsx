/**
 * One monitor in the list: marker, status symbol, name, type, latency, sparkline, uptime 24h, key
 * figure. Memoised: a row whose monitor object did not change is not rendered again.
 */
import { Box, Text } from 'ink';
import { memo } from 'react';
import { formatLatency, formatUptime } from '../format.js';
import type { ListColumns } from '../layout.js';
import type { MonitorRow } from '../model.js';
import { sparkline } from '../sparkline.js';
import { STATUS_SYMBOL, usePaint } from '../theme.js';
import { Cell } from './Cell.js';

export interface MonitorLineProps {
  monitor: MonitorRow;
  selected: boolean;
  columns: ListColumns;
}

/** Below 99.9% over a day is worth a colour; below 99% is bad. */
const uptimeTone = (uptime: number | null) => (uptime === null || uptime >= 99.9 ? undefined : uptime >= 99 ? 'degraded' : 'down');

export const MonitorLine = memo(function MonitorLine({ monitor, selected, columns }: MonitorLineProps) {
  const paint = usePaint();
  const state = monitor.paused ? 'paused' : monitor.status;
  const inverse = selected && paint.enabled;
  const dim = monitor.paused && paint.enabled;
  const uptime = uptimeTone(monitor.uptime24h);
  return (
    <Box height={1}>
      <Text>{selected ? '›' : ' '}</Text>
      <Text color={paint.color(state)}>{STATUS_SYMBOL[state]}</Text>
      <Cell width={columns.name} inverse={inverse} dim={dim}>
        {monitor.name}
      </Cell>
      <Cell width={columns.type} color={paint.color('muted')}>
        {monitor.type}
      </Cell>
      <Cell width={columns.latency} align="right" dim={dim}>
        {formatLatency(monitor.latencyMs)}
      </Cell>
      <Cell width={columns.spark} color={paint.color(monitor.paused ? 'muted' : 'accent')}>
        {sparkline(monitor.recentLatencies, columns.spark)}
      </Cell>
      <Cell width={columns.uptime} align="right" color={uptime && paint.color(uptime)}>
        {formatUptime(monitor.uptime24h)}
      </Cell>
      <Cell width={columns.key} color={monitor.keyFigure ? paint.color(monitor.keyFigure.tone) : undefined}>
        {monitor.keyFigure?.text ?? ''}
      </Cell>
    </Box>
  );
});
