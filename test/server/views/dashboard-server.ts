/**
 * A stand-in for the future `trackz serve`, just enough for the browser tests: serves rendered
 * dashboards at /d/<name> with the real headers, and their SSE streams at /d/<name>/events (the
 * opening `retry:`, then a full update, then whatever the test pushes). `restart()` drops every
 * connection and listens again on the same port, as a restarted server would.
 */
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DASHBOARD_HEADERS, DASHBOARD_PAGE_HEADERS } from '../../../src/server/views/page-headers.js';
import { renderDashboardPage } from '../../../src/server/views/dashboard-page.js';
import { renderUpdateEvent, sseOpening, SSE_HEADERS } from '../../../src/server/views/sse.js';
import type { DashboardData } from '../../../src/server/views/index.js';

export interface DashboardServer {
  /** `http://127.0.0.1:PORT` */
  origin: string;
  /** Replaces a dashboard's data (new page loads and new streams see it). */
  set(name: string, data: DashboardData): void;
  /** Writes raw SSE text to every open stream of a dashboard; resolves with how many got it. */
  push(name: string, text: string): number;
  streams(name: string): number;
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function startDashboardServer(dashboards: Record<string, DashboardData>): Promise<DashboardServer> {
  const data = new Map(Object.entries(dashboards));
  const streams = new Map<string, Set<ServerResponse>>();
  let server: Server;
  let port = 0;

  const handler = (req: import('node:http').IncomingMessage, res: ServerResponse): void => {
    const match = /^\/d\/([a-z0-9-]+)(\/events)?$/.exec(req.url ?? '');
    const dashboard = match ? data.get(match[1]!) : undefined;
    if (!match || !dashboard) {
      res.writeHead(404, { ...DASHBOARD_HEADERS, 'Content-Type': 'text/plain' }).end('not found');
      return;
    }
    const name = match[1]!;
    if (!match[2]) {
      const page = renderDashboardPage(dashboard, { eventsUrl: `/d/${name}/events`, statusJsonUrl: `/d/${name}/status.json`, feedUrl: `/d/${name}/feed.xml` });
      res.writeHead(200, { ...DASHBOARD_PAGE_HEADERS, 'Content-Security-Policy': page.csp }).end(page.html);
      return;
    }
    res.writeHead(200, { ...DASHBOARD_HEADERS, ...SSE_HEADERS });
    res.write(sseOpening());
    res.write(renderUpdateEvent(dashboard));
    const open = streams.get(name) ?? new Set<ServerResponse>();
    streams.set(name, open);
    open.add(res);
    res.on('close', () => open.delete(res));
  };

  const listen = async (): Promise<void> => {
    server = createServer(handler);
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  };
  const stop = async (): Promise<void> => {
    for (const open of streams.values()) for (const res of open) res.destroy();
    streams.clear();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };

  await listen();
  return {
    origin: `http://127.0.0.1:${port}`,
    set: (name, next) => void data.set(name, next),
    push(name, text) {
      const open = streams.get(name) ?? new Set();
      for (const res of open) res.write(text);
      return open.size;
    },
    streams: (name) => streams.get(name)?.size ?? 0,
    async restart() {
      await stop();
      await listen();
    },
    close: stop,
  };
}
