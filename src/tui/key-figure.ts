/**
 * Each type's one figure for the list, read from a result's metrics and assertions (the plugins'
 * shared vocabulary: days_left, performance_score, lag_s, tls.* assertions). Pure.
 */
import { formatDuration } from '../core/duration.js';
import type { AssertionResult, CheckResult, Status } from '../core/result.js';
import type { KeyFigure } from './model.js';

type Figured = Pick<CheckResult, 'status' | 'metrics' | 'assertions'> & { type: string };

const assertionStatus = (assertions: readonly AssertionResult[] | undefined, test: (name: string) => boolean): Status | undefined => {
  const found = (assertions ?? []).filter((a) => test(a.name));
  if (found.length === 0) return undefined;
  const rank: Record<Status, number> = { up: 0, degraded: 1, unknown: 2, down: 3 };
  return found.reduce<Status>((worst, a) => (rank[a.status] > rank[worst] ? a.status : worst), 'up');
};

/** Lighthouse's own colour bands: 90+ good, 50+ needs improvement, below poor. */
export function scoreTone(score: number): Status {
  return score >= 0.9 ? 'up' : score >= 0.5 ? 'degraded' : 'down';
}

function sslFigure(result: Figured): KeyFigure | null {
  const days = result.metrics.days_left;
  if (days === undefined) return null;
  return { text: `${days}d left`, tone: assertionStatus(result.assertions, (n) => n === 'daysLeft') ?? result.status };
}

function lighthouseFigure(result: Figured): KeyFigure | null {
  const score = result.metrics.performance_score;
  if (score === undefined) return null;
  return { text: `perf ${Math.round(score * 100)}`, tone: scoreTone(score) };
}

function smtpFigure(result: Figured): KeyFigure | null {
  const tls = assertionStatus(result.assertions, (n) => n === 'starttls' || n.startsWith('tls.'));
  const days = result.metrics.days_left;
  if (tls !== undefined && tls !== 'up') return { text: 'TLS failed', tone: tls };
  if (days !== undefined) return { text: `TLS ${days}d`, tone: tls ?? 'up' };
  // Connected, talked, and never reached TLS: a server without STARTTLS (or a config that said `never`).
  if (result.status === 'up' || result.status === 'degraded') return { text: 'no TLS', tone: tls === undefined ? 'up' : 'degraded' };
  return null;
}

function activityFigure(result: Figured): KeyFigure | null {
  const lag = result.metrics.lag_s;
  if (lag === undefined) return null;
  return { text: `lag ${formatDuration(lag * 1000)}`, tone: assertionStatus(result.assertions, (n) => n === 'lag') ?? 'up' };
}

const BY_TYPE: Record<string, (result: Figured) => KeyFigure | null> = {
  ssl: sslFigure,
  lighthouse: lighthouseFigure,
  smtp: smtpFigure,
  activity: activityFigure,
};

/** The key figure of a result, or null for a type without one (uptime, tcp, command) or a result without it. */
export function keyFigure(result: Figured): KeyFigure | null {
  return BY_TYPE[result.type]?.(result) ?? null;
}
