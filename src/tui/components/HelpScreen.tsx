/** `?`: every key and what it does, and what the symbols mean. Any key closes it. */
import { Box, Text } from 'ink';
import { BINDINGS } from '../keymap.js';
import type { MonitorStatus } from '../model.js';
import { STATUS_SYMBOL, usePaint } from '../theme.js';

const LEGEND: readonly (MonitorStatus | 'paused')[] = ['up', 'degraded', 'down', 'unknown', 'pending', 'paused'];

export function HelpScreen({ height, width }: { height: number; width: number }) {
  const paint = usePaint();
  return (
    <Box flexDirection="column" height={height} width={width} overflow="hidden">
      <Text bold={paint.enabled}>keys</Text>
      {BINDINGS.map((b) => (
        <Text key={b.command} wrap="truncate-end">
          {'  '}
          <Text bold={paint.enabled} color={paint.color('accent')}>
            {b.keys.padEnd(8)}
          </Text>
          {b.help}
        </Text>
      ))}
      <Text wrap="truncate-end">
        {LEGEND.map((state) => (
          <Text key={state}>
            {'  '}
            <Text color={paint.color(state)}>{STATUS_SYMBOL[state]}</Text> {state}
          </Text>
        ))}
      </Text>
    </Box>
  );
}
