/**
 * The SSE streams of every dashboard. On connect a stream gets the full update; afterwards
 * `publish()` (the daemon calls it when results arrive) gathers the dashboard's data once, renders
 * the event once, and writes the same bytes to every stream of that dashboard. Keepalives hold
 * proxies open; a stream whose link was revoked or rotated is closed (see `closeExcept`).
 */
import type { ServerResponse } from 'node:http';
import { renderUpdateEvent, sseOpening, SSE_HEADERS, SSE_KEEPALIVE } from '../views/sse.js';
import { BASE_HEADERS } from '../http/respond.js';
import type { DashboardData } from '../views/dashboard-data.js';

interface Stream {
  res: ServerResponse;
  tokenHash: string;
}

export const KEEPALIVE_MS = 15_000;
/** Streams per dashboard; more are refused (503) so streams cannot exhaust the process. */
export const MAX_STREAMS = 2_000;

export class EventHub {
  private readonly streams = new Map<string, Set<Stream>>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly gather: (dashboard: string) => Promise<DashboardData | undefined>,
    private readonly onError: (error: unknown) => void,
    keepaliveMs = KEEPALIVE_MS,
  ) {
    this.timer = setInterval(() => this.writeAll(SSE_KEEPALIVE), keepaliveMs);
    this.timer.unref();
  }

  /** Opens a stream and sends the full update; false when there are too many. */
  open(dashboard: string, tokenHash: string, res: ServerResponse, data: DashboardData): boolean {
    const set = this.streams.get(dashboard) ?? new Set<Stream>();
    if (set.size >= MAX_STREAMS) return false;
    const stream: Stream = { res, tokenHash };
    set.add(stream);
    this.streams.set(dashboard, set);
    res.on('close', () => {
      set.delete(stream);
      if (set.size === 0 && this.streams.get(dashboard) === set) this.streams.delete(dashboard);
    });
    res.writeHead(200, { ...BASE_HEADERS, ...SSE_HEADERS });
    res.write(sseOpening());
    res.write(renderUpdateEvent(data));
    return true;
  }

  /**
   * New data for these dashboards (all that have streams when omitted): gathered and rendered once
   * each, then written to every stream. Resolves when written.
   */
  async publish(dashboards?: readonly string[], monitors?: readonly string[]): Promise<void> {
    const names = dashboards ?? [...this.streams.keys()];
    for (const name of names) {
      const set = this.streams.get(name);
      if (!set || set.size === 0) continue;
      try {
        const data = await this.gather(name);
        if (!data) continue;
        const own = monitors?.filter((m) => data.monitors.some((d) => d.name === m));
        // Encoded once: a string would be encoded again for each of up to MAX_STREAMS streams.
        const event = Buffer.from(renderUpdateEvent(data, own && own.length ? { monitors: own } : {}));
        for (const stream of set) stream.res.write(event);
      } catch (error) {
        this.onError(error);
      }
    }
  }

  /** Ends the streams whose token is no longer live (revoked, rotated, or its dashboard removed). */
  closeExcept(liveHashes: ReadonlySet<string>): void {
    for (const set of this.streams.values()) for (const stream of set) if (!liveHashes.has(stream.tokenHash)) stream.res.end();
  }

  /** Writes the same bytes to every stream of one dashboard (a reload event after a config change). */
  send(dashboard: string, bytes: string): void {
    for (const stream of this.streams.get(dashboard) ?? []) stream.res.write(bytes);
  }

  count(dashboard?: string): number {
    if (dashboard !== undefined) return this.streams.get(dashboard)?.size ?? 0;
    let n = 0;
    for (const set of this.streams.values()) n += set.size;
    return n;
  }

  close(): void {
    clearInterval(this.timer);
    for (const set of this.streams.values()) for (const stream of set) stream.res.end();
    this.streams.clear();
  }

  private writeAll(bytes: string): void {
    for (const set of this.streams.values()) for (const stream of set) stream.res.write(bytes);
  }
}
