/**
 * /metrics: every configured monitor's newest result, uptime windows, days left, the alert rules'
 * phases and the scheduler's lag, in the Prometheus text format. Loopback only, unless
 * `serve.metricsToken` is set: then any address with `Authorization: Bearer <metricsToken>`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { timingSafeEqual, createHash } from 'node:crypto';
import { PHASES, type Phase } from '../../core/timing.js';
import type { ServerContext } from '../context.js';
import { clientAddress, forwardedByUntrustedProxy, isLoopback } from '../http/client-address.js';
import { notFound, send } from '../http/respond.js';
import { renderMetrics, type MonitorMetrics } from '../views/metrics.js';
import { PROMETHEUS_CONTENT_TYPE } from '../views/prometheus-text.js';

function phases(metrics: Record<string, number> | undefined): Partial<Record<Phase, number>> {
  const out: Partial<Record<Phase, number>> = {};
  for (const phase of PHASES) {
    const ms = metrics?.[`${phase}_ms`];
    if (typeof ms === 'number') out[phase] = ms;
  }
  return out;
}

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Allowed? With a token configured, only a matching Bearer (compared in constant time); otherwise this
 * machine only: a loopback client, and not a request an untrusted proxy forwarded from elsewhere.
 */
export function metricsAllowed(ctx: ServerContext, req: IncomingMessage): boolean {
  const token = ctx.config.root.serve?.metricsToken;
  if (!token) return isLoopback(clientAddress(req, ctx.proxies)) && !forwardedByUntrustedProxy(req, ctx.proxies);
  const header = req.headers.authorization ?? '';
  const presented = header.startsWith('Bearer ') ? header.slice(7) : '';
  return timingSafeEqual(digest(presented), digest(token));
}

export async function handleMetrics(ctx: ServerContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  // A refusal looks like an unknown path: /metrics is not announced to the world.
  if (!metricsAllowed(ctx, req)) return notFound(res);
  const now = ctx.now();
  const latest = new Map((await ctx.storage.results.latestResults()).map((r) => [r.monitor, r]));
  const monitors: MonitorMetrics[] = [];
  for (const monitor of ctx.config.monitors) {
    const result = latest.get(monitor.name);
    const figures = await ctx.figures.figures(monitor.name, now);
    const daysLeft = result?.metrics.days_left;
    monitors.push({
      name: monitor.name,
      type: monitor.type,
      status: result?.status ?? null,
      checkedAt: result?.ts ?? null,
      latencyMs: result?.latencyMs ?? null,
      phasesMs: phases(result?.metrics),
      uptimePercent: Object.fromEntries(Object.entries(figures.uptime).map(([w, f]) => [w, f.percent])),
      certDaysLeft: typeof daysLeft === 'number' ? daysLeft : null,
    });
  }
  const silenced = new Set((await ctx.storage.alerts.activeSilences(now)).map((s) => s.monitor));
  const alerts = (await ctx.storage.alerts.states()).map((s) => ({ monitor: s.monitor, rule: s.rule, phase: s.phase, muted: silenced.has(s.monitor) }));
  const body = renderMetrics({ monitors, alerts, schedulerLagMs: ctx.runtime?.lag() ?? null });
  send(res, 200, body, { 'Content-Type': PROMETHEUS_CONTENT_TYPE });
}
