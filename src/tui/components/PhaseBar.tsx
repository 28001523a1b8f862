/** The timing phases of the latest result: a bar of the time each phase took, and the figures under it. */
import { Box, Text } from 'ink';
import type { PhaseTimings } from '../../core/timing.js';
import { formatLatency } from '../format.js';
import { PHASE_CHAR, phaseSegments, type BarPhase } from '../phase-segments.js';
import { usePaint, type Tone } from '../theme.js';

const PHASE_TONE: Record<BarPhase, Tone> = { dns: 'accent', connect: 'unknown', tls: 'degraded', ttfb: 'up', transfer: 'pending' };

export function PhaseBar({ phases, width }: { phases: PhaseTimings; width: number }) {
  const paint = usePaint();
  const segments = phaseSegments(phases, Math.max(0, width - 1));
  if (segments.length === 0) return <Text color={paint.color('muted')}>no timing phases in the latest result</Text>;
  const total = phases.total ?? segments.reduce((sum, s) => sum + s.ms, 0);
  return (
    <Box flexDirection="column">
      <Text>
        {segments.map((s) => (
          <Text key={s.phase} color={paint.color(PHASE_TONE[s.phase])}>
            {PHASE_CHAR[s.phase].repeat(s.cells)}
          </Text>
        ))}
      </Text>
      <Text wrap="truncate-end">
        {segments.map((s) => (
          <Text key={s.phase}>
            <Text color={paint.color(PHASE_TONE[s.phase])}>{PHASE_CHAR[s.phase]}</Text> {s.phase} {formatLatency(s.ms)}
            {'  '}
          </Text>
        ))}
        <Text bold={paint.enabled}>total {formatLatency(total)}</Text>
      </Text>
    </Box>
  );
}
