/**
 * A dashboard's `sites:` and `agents:` cards on the real daemon: a site's access log and an agent's
 * ActivityWatch export imported through the binary, then the served page shows the site's visitors,
 * page views and top pages, and the agent's active time and top apps, beside the monitors.
 */
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM fixture without types
import { writeAwExport } from '../fixtures/activity/generate-aw-export.mjs';
import { ensureBuilt } from '../config/build.js';
import { trackz } from '../helpers/cli.js';
import { startServe } from '../helpers/serve-process.js';
import { clf } from '../helpers/clf-time.js';
import { useWorkspace } from '../helpers/workspace.js';

const ws = useWorkspace('trackz-serve-activity-');
const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:126.0) Gecko/20100101 Firefox/126.0';
const entry = (ip: string, at: number, path: string) => `${ip} - - [${clf(at)}] "GET ${path} HTTP/1.1" 200 100 "-" "${FIREFOX}"\n`;

describe('activity cards on a served dashboard', () => {
  it('shows a site\'s figures and an agent\'s active time', { timeout: 120_000 }, async () => {
    await ensureBuilt();
    const now = Date.now();
    ws.write('access.log', [entry('198.51.100.1', now - 600_000, '/pricing'), entry('198.51.100.1', now - 500_000, '/pricing'), entry('198.51.100.2', now - 400_000, '/pricing'), entry('198.51.100.3', now - 300_000, '/docs')].join(''));
    await writeAwExport(ws.path('export.json'), { hosts: ['laptop-1'], perHost: 40, startMs: now - 3_600_000 });
    ws.write(
      'trackz.config.yaml',
      `workspace: cards\nstorage: { path: trackz.db }\nmonitors:\n  - { name: web, type: tcp, host: 127.0.0.1, port: 9, interval: 60s }\nsites:\n  - name: blog\n    logs: { path: access.log }\nagents:\n  - name: laptops\n    source: { type: activitywatch-export, path: export.json }\ndashboards:\n  - { name: status, monitors: [web], sites: [blog], agents: [laptops] }\n`,
    );
    for (const name of ['site:blog', 'agent:laptops']) {
      const imported = await trackz(['import', name], { cwd: ws.dir });
      expect(imported.exitCode, imported.stderr).toBe(0);
    }
    const shared = await trackz(['dashboard', 'share', 'status'], { cwd: ws.dir });
    const path = `/d/${shared.stdout.trim().split('/d/')[1]}`;
    const serve = await startServe(ws.dir);
    try {
      const html = await (await fetch(`${serve.url}${path}`)).text();
      const site = /<article class="card"><div class="card-head"><h3>blog<\/h3>.*?<\/article>/s.exec(html)?.[0] ?? '';
      expect(site).toContain('site · 7d');
      expect(site).toMatch(/<dt>Visitors<\/dt><dd>3<\/dd>/);
      expect(site).toMatch(/<dt>Page views<\/dt><dd>4<\/dd>/);
      expect(site).toMatch(/<span>\/pricing<\/span><b>3<\/b>/);
      const agent = /<article class="card"><div class="card-head"><h3>laptops<\/h3>.*?<\/article>/s.exec(html)?.[0] ?? '';
      expect(agent).toContain('agent · 7d');
      expect(agent).toMatch(/<dt>Active time<\/dt><dd>(?!0s)[^<]+<\/dd>/);
      expect(agent).toContain('Top apps');
    } finally {
      expect(await serve.stop('SIGTERM')).toBe(0);
    }
  });
});
