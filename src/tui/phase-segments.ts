/**
 * The timing phases of one result as cells of a bar: each phase's share of the time, at least one
 * cell for any phase that took time, the cells summing to the width (largest remainders). Pure.
 */
import type { Phase, PhaseTimings } from '../core/timing.js';

export type BarPhase = Exclude<Phase, 'total'>;
export const BAR_PHASES: readonly BarPhase[] = ['dns', 'connect', 'tls', 'ttfb', 'transfer'];

/** A distinct character per phase, so the bar reads without colour too. */
export const PHASE_CHAR: Record<BarPhase, string> = { dns: '░', connect: '▒', tls: '▓', ttfb: '█', transfer: '▄' };

export interface Segment {
  phase: BarPhase;
  ms: number;
  cells: number;
}

export function phaseSegments(phases: PhaseTimings, width: number): Segment[] {
  const present = BAR_PHASES.filter((phase) => (phases[phase] ?? 0) > 0).map((phase) => ({ phase, ms: phases[phase]!, cells: 0 }));
  const sum = present.reduce((total, s) => total + s.ms, 0);
  if (sum === 0 || width <= 0) return present;
  // Every phase that took time gets a cell first (when the width allows), the rest is shared by time.
  const guaranteed = Math.min(present.length, width);
  present.slice(0, guaranteed).forEach((s) => (s.cells = 1));
  const left = width - guaranteed;
  const shares = present.map((s) => (s.ms / sum) * width);
  const extra = present.map((s, at) => Math.max(0, shares[at]! - s.cells));
  const extraSum = extra.reduce((a, b) => a + b, 0);
  const exact = extra.map((e) => (extraSum === 0 ? 0 : (e / extraSum) * left));
  let given = 0;
  present.forEach((s, at) => {
    const whole = Math.floor(exact[at]!);
    s.cells += whole;
    given += whole;
  });
  const byRemainder = present.map((_, at) => at).sort((a, b) => exact[b]! - Math.floor(exact[b]!) - (exact[a]! - Math.floor(exact[a]!)));
  for (let i = 0; given < left && i < byRemainder.length; i++, given++) present[byRemainder[i]!]!.cells++;
  return present;
}
