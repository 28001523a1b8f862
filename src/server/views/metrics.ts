/**
 * `/metrics`: trackz's state in the Prometheus text format, every name prefixed `trackz_`, units in
 * seconds as Prometheus prefers. The series (documented in docs/dashboard-views.md):
 *
 *   trackz_monitor_status{monitor,type,status}     1 for the current status, 0 for the other three (a
 *                                                   "state set": up, degraded, down, unknown); no series
 *                                                   before a monitor's first result
 *   trackz_monitor_up{monitor,type}                 1 when up or degraded (available), 0 when down or unknown
 *   trackz_monitor_latency_seconds{monitor,type}    the newest result's latency
 *   trackz_monitor_phase_seconds{monitor,type,phase} dns, connect, tls, ttfb, transfer, total
 *   trackz_monitor_last_check_timestamp_seconds{monitor,type}
 *   trackz_monitor_uptime_ratio{monitor,type,window} 0…1 over 24h, 7d, 30d, 1y
 *   trackz_certificate_time_left_seconds{monitor}   the ssl check's days left × 86400 (negative once
 *                                                   expired; seconds, not days, as Prometheus wants base units)
 *   trackz_lighthouse_score{monitor,category}       0…1
 *   trackz_alert_state{monitor,rule,state}          a state set: ok, degraded, down
 *   trackz_alert_muted{monitor,rule}                1 while silenced, in maintenance or under a down parent
 *   trackz_scheduler_lag_seconds                    how late the scheduler started its most recent check
 *   trackz_build_info{version}                      always 1
 */
import { PHASES, type Phase } from '../../core/timing.js';
import { STATUSES, type Status } from '../../core/result.js';
import { VERSION } from '../../core/version.js';
import { LIGHTHOUSE_CATEGORIES, UPTIME_WINDOWS, type LighthouseCategory, type UptimeWindow } from './dashboard-data.js';
import { renderFamily, type MetricFamily, type Sample } from './prometheus-text.js';

export interface MonitorMetrics {
  name: string;
  type: string;
  /** null before the first result. */
  status: Status | null;
  checkedAt?: number | null;
  latencyMs?: number | null;
  /** The newest result's timing phases, in ms (the `dns_ms`… metrics of the result). */
  phasesMs?: Partial<Record<Phase, number>>;
  /** Percent, like the dashboard; exported as a ratio. */
  uptimePercent?: Partial<Record<UptimeWindow, number | null>>;
  certDaysLeft?: number | null;
  lighthouseScores?: Partial<Record<LighthouseCategory, number>>;
}

export type AlertPhase = 'ok' | 'degraded' | 'down';
export const ALERT_PHASES: readonly AlertPhase[] = ['ok', 'degraded', 'down'];

export interface AlertRuleMetrics {
  monitor: string;
  rule: string;
  phase: AlertPhase;
  muted: boolean;
}

export interface MetricsSnapshot {
  monitors: readonly MonitorMetrics[];
  alerts: readonly AlertRuleMetrics[];
  /** null when the scheduler has not run yet (or trackz runs checks from cron only). */
  schedulerLagMs: number | null;
}

const finite = (n: number | null | undefined): n is number => typeof n === 'number' && Number.isFinite(n);

function monitorFamilies(monitors: readonly MonitorMetrics[]): MetricFamily[] {
  const status: Sample[] = [];
  const up: Sample[] = [];
  const latency: Sample[] = [];
  const phases: Sample[] = [];
  const lastCheck: Sample[] = [];
  const uptime: Sample[] = [];
  const cert: Sample[] = [];
  const scores: Sample[] = [];
  for (const m of monitors) {
    const labels = { monitor: m.name, type: m.type };
    if (m.status) {
      for (const s of STATUSES) status.push([{ ...labels, status: s }, s === m.status ? 1 : 0]);
      up.push([labels, m.status === 'up' || m.status === 'degraded' ? 1 : 0]);
    }
    if (finite(m.latencyMs)) latency.push([labels, m.latencyMs / 1000]);
    for (const phase of PHASES) {
      const ms = m.phasesMs?.[phase];
      if (finite(ms)) phases.push([{ ...labels, phase }, ms / 1000]);
    }
    if (finite(m.checkedAt)) lastCheck.push([labels, m.checkedAt / 1000]);
    for (const window of UPTIME_WINDOWS) {
      const percent = m.uptimePercent?.[window];
      // rounded to 1e-6 so 99.9% reads 0.999, not 0.9990000000000001
      if (finite(percent)) uptime.push([{ ...labels, window }, Math.round(percent * 10_000) / 1_000_000]);
    }
    if (finite(m.certDaysLeft)) cert.push([{ monitor: m.name }, Math.round(m.certDaysLeft * 86_400)]);
    for (const category of LIGHTHOUSE_CATEGORIES) {
      const score = m.lighthouseScores?.[category];
      if (finite(score)) scores.push([{ monitor: m.name, category }, score]);
    }
  }
  return [
    { name: 'trackz_monitor_status', type: 'gauge', help: 'Current status of the monitor: 1 for the status it is in (up, degraded, down, unknown), 0 for the others.', samples: status },
    { name: 'trackz_monitor_up', type: 'gauge', help: '1 when the monitor is up or degraded, 0 when down or unknown.', samples: up },
    { name: 'trackz_monitor_latency_seconds', type: 'gauge', help: 'Latency of the newest result.', samples: latency },
    { name: 'trackz_monitor_phase_seconds', type: 'gauge', help: 'Timing phases of the newest result: dns, connect, tls, ttfb, transfer, total.', samples: phases },
    { name: 'trackz_monitor_last_check_timestamp_seconds', type: 'gauge', help: 'When the newest result was checked (Unix time).', samples: lastCheck },
    { name: 'trackz_monitor_uptime_ratio', type: 'gauge', help: 'Share of checks up or degraded over the window (24h, 7d, 30d, 1y).', samples: uptime },
    { name: 'trackz_certificate_time_left_seconds', type: 'gauge', help: 'Time until the earliest certificate in the chain expires (negative once expired).', samples: cert },
    { name: 'trackz_lighthouse_score', type: 'gauge', help: 'Lighthouse category score of the newest audit, 0 to 1.', samples: scores },
  ];
}

function alertFamilies(alerts: readonly AlertRuleMetrics[]): MetricFamily[] {
  const state: Sample[] = [];
  const muted: Sample[] = [];
  for (const a of alerts) {
    const labels = { monitor: a.monitor, rule: a.rule };
    for (const phase of ALERT_PHASES) state.push([{ ...labels, state: phase }, phase === a.phase ? 1 : 0]);
    muted.push([labels, a.muted ? 1 : 0]);
  }
  return [
    { name: 'trackz_alert_state', type: 'gauge', help: 'Alert state per monitor and rule: 1 for the state it is in (ok, degraded, down), 0 for the others.', samples: state },
    { name: 'trackz_alert_muted', type: 'gauge', help: '1 while notifications for the monitor are muted (silence, maintenance, a parent down).', samples: muted },
  ];
}

export function renderMetrics(snapshot: MetricsSnapshot): string {
  const families: MetricFamily[] = [
    ...monitorFamilies(snapshot.monitors),
    ...alertFamilies(snapshot.alerts),
    {
      name: 'trackz_scheduler_lag_seconds',
      type: 'gauge',
      help: 'How late the scheduler started its most recent check.',
      samples: finite(snapshot.schedulerLagMs) ? [[{}, snapshot.schedulerLagMs / 1000]] : [],
    },
    { name: 'trackz_build_info', type: 'gauge', help: 'The running trackz version (always 1).', samples: [[{ version: VERSION }, 1]] },
  ];
  return families.map(renderFamily).join('');
}
