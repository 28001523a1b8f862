import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { ActivityView } from '../../../src/tui/components/ActivityView.js';
import type { ActivitySummary } from '../../../src/tui/model.js';
import { SAMPLE_ACTIVITY } from '../fixtures.js';

const loaded = (value: ActivitySummary) => ({ value, error: undefined, loading: false });

describe('ActivityView', () => {
  it('per site visitors, page views and top pages; per agent active time and top apps', () => {
    const { lastFrame } = render(<ActivityView activity={loaded(SAMPLE_ACTIVITY)} height={20} width={80} />);
    const lines = lastFrame()!.split('\n');
    // The view keeps its height (the lines below it stay put); the rest is blank.
    expect(lines).toHaveLength(20);
    expect(lines.slice(9).every((line) => line === '')).toBe(true);
    expect(lines.slice(0, 9)).toEqual([
      'activity · 2026-03-13 11:59 – 2026-03-14 11:59 UTC',
      'sites',
      '  blog 1,234 visitors · 5,678 page views',
      '      3,000  /',
      '        700  /about',
      'agents',
      '  laptops 6h active',
      '         3h  code',
      '         2h  firefox',
    ]);
  });

  it('cuts the top entries to fit, each source keeps its line', () => {
    const many: ActivitySummary = {
      ...SAMPLE_ACTIVITY,
      sites: Array.from({ length: 6 }, (_, at) => ({ name: `site-${at}`, visitors: at, pageViews: at, topPages: [{ path: '/a', views: 2 }, { path: '/b', views: 1 }] })),
    };
    const lines = render(<ActivityView activity={loaded(many)} height={12} width={80} />).lastFrame()!.split('\n');
    expect(lines.length).toBeLessThanOrEqual(12);
    for (let at = 0; at < 6; at++) expect(lines).toContain(`  site-${at} ${at} visitors · ${at} page views`);
    expect(lines).toContain('  laptops 6h active');
  });

  it('says when there is nothing to show, or why it could not load', () => {
    expect(render(<ActivityView activity={loaded({ ...SAMPLE_ACTIVITY, sites: [], agents: [] })} height={5} width={80} />).lastFrame()).toContain('no tracker sites or agents in this config');
    expect(render(<ActivityView activity={{ value: undefined, error: 'no storage', loading: false }} height={5} width={80} />).lastFrame()).toContain('could not load the activity: no storage');
  });
});
