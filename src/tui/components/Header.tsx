/**
 * The top line: workspace, counts by status (each with its symbol), and when the last result came;
 * a second line with the dashboard link while sharing.
 */
import { Box, Text } from 'ink';
import { monitorCounts } from '../counts.js';
import { formatAge, formatClock } from '../format.js';
import type { MonitorStatus, WatchModel } from '../model.js';
import { STATUS_SYMBOL, usePaint } from '../theme.js';

export interface HeaderProps {
  model: WatchModel;
  now: number;
  width: number;
}

/** Always shown, so "0 down" is there to read; the others only when some are. */
const ALWAYS: readonly (MonitorStatus | 'paused')[] = ['up', 'degraded', 'down'];
const MAX_WORKSPACE = 24;
const ORDER: readonly (MonitorStatus | 'paused')[] = ['up', 'degraded', 'down', 'unknown', 'pending', 'paused'];

export function Header({ model, now, width }: HeaderProps) {
  const paint = usePaint();
  const counts = monitorCounts(model.monitors);
  const shown = ORDER.filter((state) => ALWAYS.includes(state) || counts[state] > 0);
  // The workspace keeps its place (the counts give way), so a very long name is cut here.
  const workspace = model.workspace.length > MAX_WORKSPACE ? `${model.workspace.slice(0, MAX_WORKSPACE - 1)}…` : model.workspace;
  const last = model.lastResultAt === null ? 'no result yet' : `last ${formatClock(model.lastResultAt)} (${formatAge(model.lastResultAt, now)})`;
  return (
    <Box flexDirection="column" width={width}>
      <Box width={width}>
        <Box flexShrink={0}>
          <Text>
            <Text bold={paint.enabled} color={paint.color('accent')}>
              trackz
            </Text>
            {` · ${workspace}`}
          </Text>
        </Box>
        <Box flexGrow={1} flexShrink={1} marginLeft={2} marginRight={2} overflow="hidden">
          <Text wrap="truncate-end">
            {shown.map((state, at) => (
              <Text key={state} color={counts[state] > 0 || state === 'up' ? paint.color(state) : undefined}>
                {at > 0 ? '  ' : ''}
                {STATUS_SYMBOL[state]} {counts[state]} {state}
              </Text>
            ))}
          </Text>
        </Box>
        <Box flexShrink={0}>
          <Text color={paint.color('muted')}>{last}</Text>
        </Box>
      </Box>
      {model.shareLink !== null && (
        <Text wrap="truncate-end">
          <Text color={paint.color('accent')}>⇄ sharing</Text> {model.shareLink}
        </Text>
      )}
    </Box>
  );
}
