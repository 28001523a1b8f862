/**
 * The detail view's data for one monitor (Enter): recent results, the phases of the latest result,
 * the last error in full, assertions, the alert state (open incident, silence, maintenance in force)
 * and Lighthouse's scores, read from the storage ports and the newest record this process has seen.
 */
import type { MaintenanceWindow } from '../../alerts/maintenance.js';
import type { Monitor } from '../../core/monitor.js';
import type { CheckRecord } from '../../core/result.js';
import { redactUrlUserinfo } from '../../core/sanitize.js';
import { PHASES, type PhaseTimings } from '../../core/timing.js';
import type { Storage, StoredResult } from '../../storage/ports/index.js';
import type { AlertView, LighthouseView, MonitorDetail, RecentResult } from '../../tui/model.js';

const RECENT = 20;
/** Web Vitals under the short names the view knows. */
const VITALS = ['lcp_ms', 'cls', 'tbt_ms', 'fcp_ms', 'ttfb_ms', 'speed_index_ms', 'tti_ms'];

export interface DetailSources {
  storage: Storage;
  monitors: () => readonly Monitor[];
  /** The newest record of each monitor seen in this process. */
  latest: ReadonlyMap<string, CheckRecord>;
  /** Maintenance windows of the config, compiled once (croner is loaded only for a config that has some). */
  maintenance: () => Promise<MaintenanceWindow[]>;
}

/** The URL or host a monitor checks, without credentials a URL may carry. */
export function targetOf(monitor: Monitor | undefined): string | null {
  const options = (monitor?.options ?? {}) as Record<string, unknown>;
  const url = typeof options.url === 'string' ? options.url : undefined;
  if (url) return redactUrlUserinfo(url);
  if (typeof options.host === 'string') return options.port === undefined ? options.host : `${options.host}:${String(options.port)}`;
  return null;
}

function phasesOf(metrics: Record<string, number>): PhaseTimings | null {
  const phases: PhaseTimings = {};
  for (const phase of PHASES) if (metrics[`${phase}_ms`] !== undefined) phases[phase] = metrics[`${phase}_ms`];
  return Object.keys(phases).length ? phases : null;
}

function lighthouseOf(type: string, metrics: Record<string, number>): LighthouseView | null {
  if (type !== 'lighthouse') return null;
  const scores: Record<string, number> = {};
  const vitals: Record<string, number> = {};
  for (const [key, value] of Object.entries(metrics)) {
    if (key.endsWith('_score')) scores[key.slice(0, -'_score'.length).replace(/_/g, '-')] = value;
    else if (VITALS.includes(key)) vitals[key] = value;
  }
  return Object.keys(scores).length || Object.keys(vitals).length ? { scores, vitals } : null;
}

const recentOf = (stored: StoredResult): RecentResult => ({ ts: stored.ts, status: stored.status, latencyMs: stored.latencyMs, message: stored.message });

async function alertOf(name: string, monitor: Monitor | undefined, sources: DetailSources, now: number): Promise<AlertView> {
  const { alerts } = sources.storage;
  const [states, silence] = await Promise.all([alerts.states({ monitor: name }), alerts.activeSilence(name, now)]);
  // Down outranks degraded when rules disagree.
  const open = states.filter((s) => s.phase !== 'ok').sort((a, b) => (a.phase === 'down' ? -1 : 0) - (b.phase === 'down' ? -1 : 0))[0];
  let maintenance: AlertView['maintenance'] = null;
  const windows = await sources.maintenance();
  if (windows.length && monitor) {
    const { activeMaintenance } = await import('../../alerts/maintenance.js');
    const active = activeMaintenance(windows, name, monitor.tags, now);
    if (active) maintenance = { until: active.until };
  }
  return {
    incident: open ? { phase: open.phase as 'down' | 'degraded', since: open.since, number: open.incident } : null,
    silence: silence ? { until: silence.endsAt, reason: silence.reason } : null,
    maintenance,
  };
}

export async function loadMonitorDetail(name: string, sources: DetailSources, now = Date.now()): Promise<MonitorDetail> {
  const monitor = sources.monitors().find((m) => m.name === name);
  const { results } = sources.storage;
  const stored = await results.recentResults(name, { limit: RECENT });
  const live = sources.latest.get(name);
  // The record seen in this process is fuller (every assertion, not only failed ones); storage has the rest.
  const newest = live && (!stored[0] || live.startedAt >= stored[0].ts) ? { type: live.type, metrics: live.metrics, assertions: live.assertions ?? [] } : stored[0];
  let lastError: MonitorDetail['lastError'] = null;
  const failed = stored.find((r) => r.status !== 'up');
  if (live && live.status !== 'up' && (!failed || live.startedAt >= failed.ts)) lastError = { at: live.startedAt, message: live.message };
  else if (failed) lastError = { at: failed.ts, message: failed.message };
  const recent = stored.map(recentOf);
  if (live && (!stored[0] || live.startedAt > stored[0].ts)) recent.unshift({ ts: live.startedAt, status: live.status, latencyMs: live.latencyMs ?? null, message: live.message });
  return {
    name,
    type: monitor?.type ?? newest?.type ?? 'unknown',
    target: targetOf(monitor),
    recent: recent.slice(0, RECENT),
    phases: newest ? phasesOf(newest.metrics) : null,
    lastError,
    assertions: newest?.assertions ?? [],
    alert: await alertOf(name, monitor, sources, now),
    lighthouse: newest ? lighthouseOf(monitor?.type ?? newest.type, newest.metrics) : null,
  };
}
