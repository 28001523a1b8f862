/**
 * Small web pages for Lighthouse to audit on 127.0.0.1: a light page, one with a 20 KB script (to miss
 * a resource budget), a 500 document, and one that never answers (to interrupt an audit in flight).
 */
import { createServer, type ServerResponse } from 'node:http';

export interface PagesServer {
  url: string;
  /** Paths requested so far, in order. */
  requests: string[];
  close(): Promise<void>;
}

const PAGE = (title: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="description" content="${title} for trackz tests"></head><body><h1>${title}</h1><p>Audited by the trackz tests.</p>${body}</body></html>`;

export const SCRIPT_BYTES = 20_000;

export async function startPagesServer(): Promise<PagesServer> {
  const requests: string[] = [];
  const held = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    const path = req.url ?? '/';
    requests.push(path);
    const send = (status: number, type: string, body: string) => {
      res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
      res.end(body);
    };
    switch (path) {
      case '/':
        return send(200, 'text/html; charset=utf-8', PAGE('Home', ''));
      case '/heavy':
        return send(200, 'text/html; charset=utf-8', PAGE('Heavy', '<script src="/app.js"></script>'));
      case '/app.js':
        return send(200, 'text/javascript', `window.payload = "${'x'.repeat(SCRIPT_BYTES)}";`);
      case '/500':
        return send(500, 'text/html; charset=utf-8', PAGE('Server error', ''));
      case '/hang':
        held.add(res); // never answered; closed with the server
        return;
      default:
        return send(404, 'text/plain', 'not found');
    }
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: async () => {
      for (const res of held) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
