import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { alertText, DetailView } from '../../../src/tui/components/DetailView.js';
import type { MonitorDetail } from '../../../src/tui/model.js';
import { monitorRow, sampleDetail, T0 } from '../fixtures.js';

const loaded = (value: MonitorDetail) => ({ value, error: undefined, loading: false });

describe('DetailView', () => {
  it('state, alert state, the last error in full, timing phases as a bar, assertions, recent results', () => {
    const { lastFrame } = render(<DetailView monitor={monitorRow('api-health', { status: 'down' })} detail={loaded(sampleDetail('api-health'))} height={20} width={80} now={T0 + 5000} />);
    const lines = lastFrame()!.split('\n');
    expect(lines[0]).toBe('✖ down  api-health · uptime · http://127.0.0.1:8080/health');
    expect(lines[1]).toBe('incident #4 down since 11:57:00 (2m05s ago) · silenced until 12:59:00 (deploy)');
    expect(lastFrame()).toContain('last error 2026-03-14 11:59:00: connect ECONNREFUSED 127.0.0.1:9 (is the service');
    expect(lastFrame()).toContain('running?)');
    const bar = lines.find((l) => l.startsWith('░'))!;
    expect([...bar].length).toBe(79);
    expect(bar).toMatch(/^░+▒+▓+█+▄+$/);
    expect(lastFrame()).toContain('░ dns 2ms  ▒ connect 8ms  ▓ tls 30ms  █ ttfb 50ms  ▄ transfer 10ms  total 100ms');
    expect(lastFrame()).toContain('✔ status: 200 is one of 200');
    expect(lastFrame()).toContain('✖ body.contains: body does not contain "Welcome"');
    expect(lastFrame()).toMatch(/11:59:00 ✖ down +– connect ECONNREFUSED/);
    expect(lastFrame()).toMatch(/11:58:00 ✔ up +42ms 200 in 42ms/);
    expect(lines.length).toBeLessThanOrEqual(20);
  });

  it('Lighthouse scores and Web Vitals', () => {
    const detail = { ...sampleDetail('perf'), lastError: null, lighthouse: { scores: { performance: 0.93, accessibility: 1, 'best-practices': 0.78, seo: 0.4 }, vitals: { lcp_ms: 1800, cls: 0.012, tbt_ms: 30 } } };
    const { lastFrame } = render(<DetailView monitor={undefined} detail={loaded(detail)} height={20} width={80} now={T0} />);
    expect(lastFrame()).toContain('lighthouse  perf 93 a11y 100 best 78 seo 40');
    expect(lastFrame()).toContain('web vitals  LCP 1.8s  CLS 0.012  TBT 30ms');
  });

  it('no incident, maintenance in force', () => {
    expect(alertText({ incident: null, silence: null, maintenance: { until: T0 } }, T0)).toBe('no open incident · maintenance until 11:59:00');
  });

  it('never taller than its height: recent results give way first', () => {
    const many = { ...sampleDetail('x'), recent: Array.from({ length: 50 }, (_, at) => ({ ts: T0 - at * 60_000, status: 'up' as const, latencyMs: 10, message: 'ok' })) };
    for (const height of [4, 8, 12, 21]) {
      const { lastFrame } = render(<DetailView monitor={undefined} detail={loaded(many)} height={height} width={80} now={T0} />);
      expect(lastFrame()!.split('\n').length, `height ${height}`).toBeLessThanOrEqual(height);
    }
  });

  it('while loading, and when loading failed', () => {
    const row = monitorRow('api', { status: 'degraded' });
    expect(render(<DetailView monitor={row} detail={{ value: undefined, error: undefined, loading: true }} height={10} width={80} now={T0} />).lastFrame()).toContain('loading…');
    const failed = render(<DetailView monitor={row} detail={{ value: undefined, error: 'database is locked', loading: false }} height={10} width={80} now={T0} />).lastFrame()!;
    expect(failed).toContain('▲ degraded  api · uptime');
    expect(failed).toContain('could not load the detail: database is locked');
  });
});
