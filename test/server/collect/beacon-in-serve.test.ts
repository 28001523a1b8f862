/**
 * The beacon inside trackz serve's own server (createTrackzServer): /t.js and POST /collect answer
 * for a config with beacon sites, the server's other routes are untouched, and close() (what SIGTERM
 * runs) writes every accepted page view before the storage closes. A config without beacon sites
 * does not answer the beacon's paths at all.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load.js';
import { createLogger } from '../../../src/core/log.js';
import { createTrackzServer } from '../../../src/server/create-server.js';
import { openStorage } from '../../../src/storage/open.js';
import { useWorkspace } from '../../helpers/workspace.js';

const ws = useWorkspace('trackz-beacon-serve-');
const ORIGIN = 'https://blog.example';
const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';
const closers: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const close of closers.reverse()) await close();
});

async function start(yaml: string, name: string) {
  const file = ws.write(`${name}.yaml`, `workspace: ${name}\nstorage: { path: ./${name}.db }\ngeo: { database: none }\nmonitors: []\n${yaml}`);
  const config = await loadConfig({ configPath: file, env: {} });
  const storage = await openStorage({ target: config.storage.target, workspace: config.workspace });
  const app = createTrackzServer({ config, storage, log: createLogger('test', 'silent') });
  const base = `http://127.0.0.1:${(await app.listen(0, '127.0.0.1')).port}`;
  return { storage, app, base };
}

describe('the beacon in trackz serve', () => {
  it('serves /t.js, takes page views at /collect, and writes them all on close', async () => {
    const { storage, app, base } = await start(`sites:\n  - name: blog\n    collect: { origins: ["${ORIGIN}"] }\n`, 'beacon');
    closers.push(() => storage.close());
    const script = await fetch(`${base}/t.js`);
    expect(script.status).toBe(200);
    expect(await script.text()).toContain('"blog"');
    for (let i = 0; i < 5; i++) {
      const res = await fetch(`${base}/collect`, { method: 'POST', headers: { 'Content-Type': 'text/plain', Origin: ORIGIN, 'User-Agent': FIREFOX }, body: JSON.stringify({ site: 'blog', events: [{ kind: 'pageview', url: `/post-${i}`, referrer: '' }] }) });
      expect(res.status).toBe(202);
    }
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    await app.close();
    const siteId = await storage.activity.findSource('site', 'blog');
    const figures = await storage.activity.siteFigures(siteId!, 0, Date.now() + 60_000, { ownHost: 'blog.example', top: 10 });
    expect(figures.pageViews).toBe(5);
  });

  it('leaves the beacon paths to the 404 of any unknown path when no site collects', async () => {
    const { storage, app, base } = await start('sites:\n  - name: logs-only\n    logs: { path: access.log }\n', 'plain');
    closers.push(() => storage.close(), () => app.close());
    expect((await fetch(`${base}/t.js`)).status).toBe(404);
    expect((await fetch(`${base}/collect`, { method: 'POST', headers: { Origin: ORIGIN }, body: '{}' })).status).toBe(405);
  });
});
