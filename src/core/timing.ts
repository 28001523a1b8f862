/**
 * One vocabulary for timing phases everywhere (plugins, store, reporters): milliseconds per phase.
 */
export const PHASES = ['dns', 'connect', 'tls', 'ttfb', 'transfer', 'total'] as const;
export type Phase = (typeof PHASES)[number];
export type PhaseTimings = Partial<Record<Phase, number>>;

/** `{ dns: 1.2 }` → `{ dns_ms: 1.2 }`, rounded to 0.1 ms. */
export function phaseMetrics(timings: PhaseTimings): Record<string, number> {
  const metrics: Record<string, number> = {};
  for (const phase of PHASES) {
    const value = timings[phase];
    if (value !== undefined) metrics[`${phase}_ms`] = Math.round(value * 10) / 10;
  }
  return metrics;
}

/** What a person calls each phase, for "timeout … while <doing this>". */
export const PHASE_ACTIVITY: Record<Phase, string> = {
  dns: 'during the DNS lookup',
  connect: 'while connecting',
  tls: 'during the TLS handshake',
  ttfb: 'waiting for the response headers',
  transfer: 'while reading the response body',
  total: '',
};

/** A stopwatch over performance.now(): `lap()` returns ms since the previous lap. */
export class Stopwatch {
  private readonly start = performance.now();
  private last = this.start;
  lap(): number {
    const now = performance.now();
    const elapsed = now - this.last;
    this.last = now;
    return elapsed;
  }
  total(): number {
    return performance.now() - this.start;
  }
  /** From the start to the last lap: exactly the sum of the laps, so phases add up to this total. */
  untilLastLap(): number {
    return this.last - this.start;
  }
}
