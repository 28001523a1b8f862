import { describe, expect, it } from 'vitest';
import { renderStatusJson, STATUS_JSON_VERSION } from '../../../src/server/views/status-json.js';
import { VERSION } from '../../../src/core/version.js';
import { statusJsonBytes } from '../../../src/server/views/render-cache.js';
import { hostileDashboard, HOSTILE, SAMPLE_NOW, sampleDashboard } from './sample-dashboard.js';

describe('status.json', () => {
  const json = JSON.parse(renderStatusJson(sampleDashboard()));

  it('is versioned like the JSON report and says the overall state', () => {
    expect(STATUS_JSON_VERSION).toBe(1);
    expect(json).toMatchObject({
      version: 1,
      trackz: VERSION,
      title: 'Acme status',
      generatedAt: new Date(SAMPLE_NOW).toISOString(),
      status: 'down',
      summary: { total: 8, up: 4, degraded: 2, down: 1, unknown: 0, nodata: 1 },
    });
  });

  it('gives each monitor its state now, uptime windows (the approximate ones named), cert days and scores', () => {
    const byName = Object.fromEntries(json.monitors.map((m: { name: string }) => [m.name, m]));
    expect(byName.homepage).toEqual({
      name: 'homepage',
      type: 'uptime',
      description: 'https://example.com/ — the public site',
      status: 'up',
      message: '200 OK in 142ms',
      checkedAt: new Date(SAMPLE_NOW - 40_000).toISOString(),
      latencyMs: 142.3,
      uptime: { '24h': 100, '7d': 99.98, '30d': 99.95, '1y': 99.93 },
      uptimeApproximate: ['1y'],
      certDaysLeft: 61,
      lighthouse: null,
      openIncident: null,
    });
    expect(byName.checkout.openIncident).toEqual({ kind: 'down', since: new Date(SAMPLE_NOW - 37 * 60_000).toISOString() });
    expect(byName['homepage-perf'].lighthouse.scores).toEqual({ performance: 0.94, accessibility: 1, 'best-practices': 0.96, seo: 0.92 });
    expect(byName['status-page']).toMatchObject({ status: 'nodata', message: null, checkedAt: null, latencyMs: null, uptime: { '24h': null, '1y': null } });
  });

  it('lists open incidents, recently closed ones with durations, and maintenance ahead', () => {
    expect(json.incidents.open.map((i: { id: string }) => i.id)).toEqual(['checkout/default/4', 'api/default/9']);
    expect(json.incidents.open[0]).toMatchObject({ endedAt: null, durationMs: null, acknowledged: true });
    expect(json.incidents.recent[0]).toMatchObject({ id: 'api/default/8', kind: 'down', durationMs: 46 * 60_000 });
    expect(json.maintenance).toEqual([
      { monitors: ['checkout', 'api'], startsAt: new Date(SAMPLE_NOW + 2 * 86_400_000).toISOString(), endsAt: new Date(SAMPLE_NOW + 2 * 86_400_000 + 30 * 60_000).toISOString(), reason: 'Database upgrade to PostgreSQL 16' },
    ]);
  });

  it('carries hostile strings as JSON strings, unchanged', () => {
    const hostile = JSON.parse(renderStatusJson(hostileDashboard()));
    expect(hostile.title).toBe(`Acme ${HOSTILE.script}`);
    expect(hostile.monitors[0].message).toContain(HOSTILE.img);
  });

  it("carries the activity cards' aggregate figures, and empty lists when the dashboard lists no site or agent", () => {
    expect(json.sites).toEqual([
      {
        name: 'blog',
        window: '7d',
        visitors: 12_840,
        pageViews: 31_207,
        topPages: [
          { path: '/', count: 9_120 },
          { path: '/posts/zero-downtime-deploys', count: 4_410 },
          { path: '/posts/sqlite-in-production', count: 2_980 },
        ],
        referrers: [
          { host: 'news.ycombinator.com', count: 3_210 },
          { host: 'duckduckgo.com', count: 1_044 },
        ],
        countries: [
          { country: 'DE', count: 3_120 },
          { country: 'US', count: 2_870 },
          { country: 'FR', count: 1_230 },
        ],
      },
    ]);
    expect(json.agents).toEqual([
      { name: 'laptops', window: '7d', activeMs: 131 * 3_600_000 + 20 * 60_000, topApps: [{ app: 'Code', activeMs: 52 * 3_600_000 }, { app: 'Firefox', activeMs: 38 * 3_600_000 }, { app: 'Terminal', activeMs: 21 * 3_600_000 }] },
    ]);
    const bare = JSON.parse(renderStatusJson({ ...sampleDashboard(), sites: undefined, agents: undefined }));
    expect([bare.sites, bare.agents]).toEqual([[], []]);
  });

  it('leaves out maintenance that is over', () => {
    const data = sampleDashboard();
    data.maintenance = [{ monitors: ['api'], startsAt: SAMPLE_NOW - 7200_000, endsAt: SAMPLE_NOW - 3600_000 }];
    expect(JSON.parse(renderStatusJson(data)).maintenance).toEqual([]);
  });
});

describe('statusJsonBytes: rendered once per snapshot', () => {
  it('returns the same bytes for the same snapshot and renders a new snapshot afresh', () => {
    const first = sampleDashboard();
    const bytes = statusJsonBytes(first);
    expect(bytes.toString('utf8')).toBe(renderStatusJson(first));
    expect(statusJsonBytes(first)).toBe(bytes);
    const next = { ...first, generatedAt: first.generatedAt + 1000 };
    const nextBytes = statusJsonBytes(next);
    expect(nextBytes).not.toBe(bytes);
    expect(JSON.parse(nextBytes.toString('utf8')).generatedAt).toBe(new Date(first.generatedAt + 1000).toISOString());
  });
});
