/**
 * Every address-based decision of the real server agrees on the client behind a trusted proxy: the
 * miss throttle counts the forwarded client (not the proxy everyone shares), /metrics' loopback rule
 * looks at the forwarded client, and a reloaded config changes whose header is believed.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type LoadedConfig } from '../../../src/config/load.js';
import { createLogger } from '../../../src/core/log.js';
import { createTrackzServer, type TrackzServer } from '../../../src/server/create-server.js';
import { openStorage } from '../../../src/storage/open.js';
import type { Storage } from '../../../src/storage/ports/index.js';
import { useWorkspace } from '../../helpers/workspace.js';

const ws = useWorkspace('trackz-forwarded-client-');
const closers: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const close of closers.reverse()) await close();
});

async function config(name: string, serve: string): Promise<LoadedConfig> {
  const file = ws.write(`${name}.yaml`, `workspace: fwd\nstorage: { path: ./fwd.db }\nmonitors: []\nserve:\n${serve}`);
  return loadConfig({ configPath: file, env: {} });
}

let storage: Storage;
beforeAll(async () => {
  const loaded = await config('storage', '  port: 8787\n');
  storage = await openStorage({ target: loaded.storage.target, workspace: loaded.workspace });
  closers.push(() => storage.close());
});

async function start(loaded: LoadedConfig): Promise<{ app: TrackzServer; port: number }> {
  // One free miss per address, and no delayed answers: the second miss drops the connection.
  const app = createTrackzServer({ config: loaded, storage, log: createLogger('test', 'silent'), throttle: { freeMisses: 1, windowMs: 60_000, stepMs: 250, maxDelayMs: 5_000, maxPending: 0, maxAddresses: 100 } });
  closers.push(() => app.close());
  return { app, port: (await app.listen(0, '127.0.0.1')).port };
}

/** The status, or 'dropped' when the server closed the connection. */
function get(port: number, path: string, forwardedFor?: string): Promise<number | 'dropped'> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path, agent: false, headers: forwardedFor ? { 'X-Forwarded-For': forwardedFor } : {} }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', () => resolve('dropped'));
    req.end();
  });
}

describe('the client behind a trusted proxy, in the real server', () => {
  it('throttles misses per forwarded client, and /metrics is loopback only for the forwarded client', async () => {
    const { port } = await start(await config('trusted', '  trustedProxies: [127.0.0.1]\n'));
    expect(await get(port, '/nope', '198.51.100.7')).toBe(404);
    // Another person behind the same proxy still has a free miss.
    expect(await get(port, '/nope', '203.0.113.9')).toBe(404);
    expect(await get(port, '/nope', '198.51.100.7')).toBe('dropped');
    // A remote client through the local proxy is not "this machine"; the proxy's own request is.
    expect(await get(port, '/metrics', '198.51.100.7')).toBe(404);
    expect(await get(port, '/metrics')).toBe(200);
  });

  it('counts everyone as the proxy without trustedProxies, and follows a reloaded config', async () => {
    const { app, port } = await start(await config('untrusted', '  port: 8787\n'));
    // A proxy on this machine that is not trusted: its forwarded requests are not this machine's own.
    expect(await get(port, '/metrics', '198.51.100.7')).toBe(404);
    expect(await get(port, '/metrics')).toBe(200);
    expect(await get(port, '/nope', '198.51.100.7')).toBe(404);
    expect(await get(port, '/nope', '203.0.113.9')).toBe('dropped');
    app.setConfig(await config('reloaded', '  trustedProxies: [127.0.0.0/8]\n'));
    expect(await get(port, '/nope', '203.0.113.9')).toBe(404);
    expect(await get(port, '/metrics', '198.51.100.7')).toBe(404);
  });
});
