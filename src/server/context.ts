/**
 * What every route handler of `trackz serve` shares: the config, the storage, the dashboards
 * resolved from the config, the short-lived lists of live link and key hashes, the SSE hub, the miss
 * throttle, the trusted proxies, and (from the daemon) the runtime.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LoadedConfig } from '../config/load.js';
import type { Logger } from '../core/log.js';
import type { KeyHash, LinkHash, Storage } from '../storage/ports/index.js';
import type { LiveList } from './access/live-list.js';
import type { EventHub } from './dashboards/event-hub.js';
import type { MonitorFigures } from './dashboards/monitor-figures.js';
import type { ResolvedDashboard } from './dashboards/resolve.js';
import type { SnapshotCache } from './dashboards/snapshot-cache.js';
import { clientAddress } from './http/client-address.js';
import type { MissThrottle } from './http/miss-throttle.js';
import type { ProxyTrust } from './http/proxy-trust.js';
import { notFound, send } from './http/respond.js';

/**
 * What the daemon's runtime (createRuntime()) gives the server. Absent in tests and when checks run
 * from cron: the run route then answers 503 and /readyz checks only the storage.
 */
export interface ServerRuntime {
  /** Runs one monitor now (its result is stored and alerted on like a scheduled one). */
  runNow(name: string): Promise<unknown>;
  /** The scheduler's lag in ms; null before it has run. */
  lag(): number | null;
  /** Is the scheduler running (/readyz)? Assumed so when absent. */
  running?(): boolean;
  readonly events?: unknown;
}

export interface ServerContext {
  config: LoadedConfig;
  storage: Storage;
  log: Logger;
  runtime?: ServerRuntime;
  dashboards: Map<string, ResolvedDashboard>;
  figures: MonitorFigures;
  /** Gathered dashboards shared by requests for a moment (the daemon); off (max age 0) by default. */
  snapshots: SnapshotCache;
  links: LiveList<LinkHash>;
  keys: LiveList<KeyHash>;
  hub: EventHub;
  throttle: MissThrottle;
  /** `serve.trustedProxies`, compiled (again on reload): whose X-Forwarded-For names the client. */
  proxies: ProxyTrust;
  now: () => number;
}

/** The same 404 as any unknown path, slowed down (or the connection dropped) for an address that keeps missing. */
export function miss(ctx: ServerContext, req: IncomingMessage, res: ServerResponse, answer: (res: ServerResponse) => void = notFound): void {
  const address = clientAddress(req, ctx.proxies);
  const verdict = ctx.throttle.miss(address, ctx.now());
  if (verdict === 'drop') {
    res.destroy();
    return;
  }
  if (verdict.delayMs === 0) {
    answer(res);
    return;
  }
  const timer = setTimeout(() => {
    ctx.throttle.released(address);
    answer(res);
  }, verdict.delayMs);
  res.on('close', () => {
    if (!res.writableEnded) {
      clearTimeout(timer);
      ctx.throttle.released(address);
    }
  });
}

export function unauthorized(res: ServerResponse): void {
  send(res, 401, 'An API key is required: Authorization: Bearer <key>\n', { 'WWW-Authenticate': 'Bearer realm="trackz"' });
}
