/**
 * /api/v1: monitors and their state, results (paged backwards by id, with `since`), incidents and
 * dashboards for any key; for operators POST run, silence, unsilence and ack. Answers are built from
 * named fields only (never a monitor's config: URLs, headers and auth stay out), errors are fixed
 * lines. Monitors are the config's: a name not configured is a 404.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseDurationFlag } from '../../core/duration.js';
import { UserError } from '../../core/errors.js';
import type { Monitor } from '../../core/monitor.js';
import type { Incident } from '../../storage/ports/incidents.js';
import type { StoredResult } from '../../storage/ports/results.js';
import { miss, unauthorized, type ServerContext } from '../context.js';
import { methodNotAllowed, sendJson, unavailable } from '../http/respond.js';
import { auditWhenDone, findKey, roleAllows } from './auth.js';
import { BodyError, readJsonBody } from './request-body.js';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const problem = (res: ServerResponse, status: number, error: string) => sendJson(res, status, { error });

function resultJson(r: StoredResult) {
  return { id: r.id, ts: iso(r.ts), status: r.status, latencyMs: r.latencyMs, durationMs: r.durationMs, attempts: r.attempts, message: r.message, metrics: r.metrics };
}

function incidentJson(i: Incident) {
  return { id: i.id, monitor: i.monitor, rule: i.rule, number: i.number, kind: i.kind, startedAt: iso(i.startedAt), endedAt: iso(i.endedAt), message: i.message, acknowledgedBy: i.acknowledgedBy, acknowledgedAt: iso(i.acknowledgedAt) };
}

async function monitorJson(ctx: ServerContext, m: Monitor, latest: StoredResult | undefined, full: boolean) {
  const base = { name: m.name, type: m.type, description: m.description ?? null, tags: m.tags, intervalMs: m.intervalMs, now: latest ? { status: latest.status, message: latest.message, checkedAt: iso(latest.ts), latencyMs: latest.latencyMs } : null };
  if (!full) return base;
  const now = ctx.now();
  const figures = await ctx.figures.figures(m.name, now);
  const silence = await ctx.storage.alerts.activeSilence(m.name, now);
  const open = await ctx.storage.incidents.list({ monitors: [m.name], open: true });
  return { ...base, uptime: figures.uptime, daily: figures.daily, openIncidents: open.map(incidentJson), silencedUntil: silence ? iso(silence.endsAt) : null };
}

/** A whole number query parameter within bounds, or the default; undefined means invalid. */
function intParam(query: URLSearchParams, name: string, fallback: number | undefined, max: number): number | undefined | null {
  const text = query.get(name);
  if (text === null) return fallback ?? null;
  return /^\d{1,16}$/.test(text) && Number(text) <= max ? Number(text) : undefined;
}

function timeParam(query: URLSearchParams, name: string): number | null | undefined {
  const text = query.get(name);
  if (text === null) return null;
  const ms = /^\d{1,16}$/.test(text) ? Number(text) : Date.parse(text);
  return Number.isFinite(ms) ? ms : undefined;
}

async function results(ctx: ServerContext, res: ServerResponse, m: Monitor, query: URLSearchParams): Promise<void> {
  const limit = intParam(query, 'limit', 100, 1000);
  const before = intParam(query, 'before', undefined, Number.MAX_SAFE_INTEGER);
  const since = timeParam(query, 'since');
  if (limit === undefined || limit === null || limit < 1) return problem(res, 400, 'limit: expected a whole number from 1 to 1000');
  if (before === undefined) return problem(res, 400, 'before: expected a result id');
  if (since === undefined) return problem(res, 400, 'since: expected epoch milliseconds or an ISO 8601 time');
  const rows = await ctx.storage.results.recentResults(m.name, { limit, ...(since !== null ? { since } : {}), ...(before !== null ? { beforeId: before } : {}) });
  const next = rows.length === limit ? rows[rows.length - 1]!.id : null;
  sendJson(res, 200, { monitor: m.name, results: rows.map(resultJson), next: next === null ? null : `/api/v1/monitors/${encodeURIComponent(m.name)}/results?before=${next}&limit=${limit}${since !== null ? `&since=${since}` : ''}` });
}

async function silence(ctx: ServerContext, req: IncomingMessage, res: ServerResponse, m: Monitor, by: string): Promise<void> {
  const body = await readJsonBody(req);
  const text = typeof body.for === 'string' ? body.for : '1h';
  const reason = typeof body.reason === 'string' ? body.reason.slice(0, 200) : null;
  let ms: number;
  try {
    ms = parseDurationFlag(text, 'for');
  } catch (error) {
    if (error instanceof UserError) return problem(res, 400, 'for: expected a duration such as 30m, 2h or 1d');
    throw error;
  }
  const now = ctx.now();
  const s = await ctx.storage.alerts.addSilence(m.name, now, now + ms, reason, `key:${by}`);
  sendJson(res, 200, { monitor: m.name, silencedUntil: iso(s.endsAt), reason: s.reason });
}

async function route(ctx: ServerContext, req: IncomingMessage, res: ServerResponse, keyName: string, parts: string[], query: URLSearchParams): Promise<void> {
  const method = req.method === 'HEAD' ? 'GET' : req.method!;
  const [what, id, action, ...extra] = parts;
  if (extra.length) return miss(ctx, req, res);
  if (what === 'monitors') {
    if (id === undefined) {
      if (method !== 'GET') return methodNotAllowed(res, 'GET, HEAD');
      const latest = new Map((await ctx.storage.results.latestResults()).map((r) => [r.monitor, r]));
      return sendJson(res, 200, { monitors: await Promise.all(ctx.config.monitors.map((m) => monitorJson(ctx, m, latest.get(m.name), false))) });
    }
    const monitor = ctx.config.monitors.find((m) => m.name === id);
    if (!monitor) return miss(ctx, req, res);
    if (action === undefined || action === 'results') {
      if (method !== 'GET') return methodNotAllowed(res, 'GET, HEAD');
      if (action === 'results') return results(ctx, res, monitor, query);
      const [latest] = await ctx.storage.results.recentResults(monitor.name, { limit: 1 });
      return sendJson(res, 200, await monitorJson(ctx, monitor, latest, true));
    }
    if (action !== 'run' && action !== 'silence' && action !== 'unsilence') return miss(ctx, req, res);
    if (method !== 'POST') return methodNotAllowed(res, 'POST');
    if (action === 'run') {
      if (!ctx.runtime) return unavailable(res, 'Run-now needs the scheduler: it is not running in this process\n');
      await ctx.runtime.runNow(monitor.name);
      return sendJson(res, 202, { monitor: monitor.name, queued: true });
    }
    if (action === 'silence') return silence(ctx, req, res, monitor, keyName);
    const ended = await ctx.storage.alerts.endSilences(monitor.name, ctx.now());
    return sendJson(res, 200, { monitor: monitor.name, silencesEnded: ended });
  }
  if (what === 'incidents') {
    if (id === undefined) {
      if (method !== 'GET') return methodNotAllowed(res, 'GET, HEAD');
      const limit = intParam(query, 'limit', 50, 500);
      const before = intParam(query, 'before', undefined, Number.MAX_SAFE_INTEGER);
      if (!limit || before === undefined) return problem(res, 400, 'limit and before: expected whole numbers (limit up to 500)');
      const open = query.get('open');
      const monitor = query.get('monitor');
      const list = await ctx.storage.incidents.list({ limit, ...(before !== null ? { beforeId: before } : {}), ...(open === 'true' ? { open: true } : open === 'false' ? { open: false } : {}), ...(monitor ? { monitors: [monitor] } : {}) });
      return sendJson(res, 200, { incidents: list.map(incidentJson) });
    }
    if (!/^\d{1,15}$/.test(id) || action !== 'ack') return miss(ctx, req, res);
    if (method !== 'POST') return methodNotAllowed(res, 'POST');
    const incident = await ctx.storage.incidents.acknowledge(Number(id), `key:${keyName}`, ctx.now());
    if (!incident) return miss(ctx, req, res);
    return sendJson(res, 200, incidentJson(incident));
  }
  if (what === 'dashboards' && id === undefined) {
    if (method !== 'GET') return methodNotAllowed(res, 'GET, HEAD');
    const links = new Map((await ctx.storage.access.dashboardLinks()).map((l) => [l.dashboard, l]));
    const list = [...ctx.dashboards.values()].map((d) => {
      const link = links.get(d.name);
      return { name: d.name, title: d.title, description: d.description, monitors: d.monitors.map((m) => m.name), shared: !!link && link.revokedAt === null, lastUsedAt: iso(link?.lastUsedAt ?? null) };
    });
    return sendJson(res, 200, { dashboards: list });
  }
  return miss(ctx, req, res);
}

/** `parts` are the path segments after /api/v1. */
export async function handleApi(ctx: ServerContext, req: IncomingMessage, res: ServerResponse, parts: string[], query: URLSearchParams): Promise<void> {
  let keyName: string | null = null;
  auditWhenDone(ctx, req, res, () => keyName);
  const key = await findKey(ctx, req);
  if (!key) return miss(ctx, req, res, unauthorized);
  keyName = key.name;
  const now = ctx.now();
  ctx.storage.access.touchKey(key.keyHash, now).catch((error: unknown) => ctx.log.warn(`could not record a key's use: ${String(error)}`));
  if (!roleAllows(key.role, req.method!)) return problem(res, 403, `a ${key.role} key may not do this`);
  try {
    await route(ctx, req, res, key.name, parts, query);
  } catch (error) {
    if (error instanceof BodyError) return problem(res, error.status, error.message);
    throw error;
  }
}
