import { describe, expect, it } from 'vitest';
import { listRows, matchesFilter, nextSortKey, SORT_KEYS, sortMonitors, UNTAGGED, type ListRow, type SortKey } from '../../src/tui/list-rows.js';
import type { MonitorRow } from '../../src/tui/model.js';

const row = (name: string, extra: Partial<MonitorRow> = {}): MonitorRow => ({
  name,
  type: 'uptime',
  tags: [],
  status: 'up',
  paused: false,
  latencyMs: null,
  recentLatencies: [],
  uptime24h: null,
  keyFigure: null,
  message: '',
  lastResultAt: null,
  ...extra,
});

const names = (rows: readonly ListRow[]) => rows.map((r) => (r.kind === 'group' ? `#${r.tag}` : r.monitor.name));

describe('the list rows', () => {
  const monitors = [
    row('web-a', { tags: ['web'], latencyMs: 300, uptime24h: 99.9 }),
    row('db', { type: 'tcp', tags: ['data'], status: 'down', uptime24h: 80 }),
    row('web-b', { tags: ['web', 'public'], status: 'degraded', latencyMs: 900, uptime24h: 100 }),
    row('cert', { type: 'ssl', status: 'up', paused: true, latencyMs: 20 }),
    row('new', { status: 'pending' }),
  ];

  it('filter: name, type or tag, case-insensitive; every word must match', () => {
    expect(matchesFilter(monitors[0]!, 'WEB')).toBe(true);
    expect(matchesFilter(monitors[1]!, 'tcp')).toBe(true);
    expect(matchesFilter(monitors[2]!, 'publ')).toBe(true);
    expect(matchesFilter(monitors[2]!, 'web public')).toBe(true);
    expect(matchesFilter(monitors[0]!, 'web public')).toBe(false);
    expect(matchesFilter(monitors[3]!, '  ')).toBe(true);
  });

  it('sort by status puts the worst first and paused ones after their peers', () => {
    expect(sortMonitors(monitors, 'status').map((m) => m.name)).toEqual(['db', 'web-b', 'new', 'web-a', 'cert']);
  });

  it('sort by latency (slowest first), uptime (lowest first), missing values last; by name; by type', () => {
    expect(sortMonitors(monitors, 'latency').map((m) => m.name)).toEqual(['web-b', 'web-a', 'cert', 'db', 'new']);
    expect(sortMonitors(monitors, 'uptime').map((m) => m.name)).toEqual(['db', 'web-a', 'web-b', 'cert', 'new']);
    expect(sortMonitors(monitors, 'name').map((m) => m.name)).toEqual(['cert', 'db', 'new', 'web-a', 'web-b']);
    expect(sortMonitors(monitors, 'type').map((m) => m.name)).toEqual(['cert', 'db', 'new', 'web-a', 'web-b']);
  });

  it('o cycles through every sort key and back', () => {
    let key: SortKey = SORT_KEYS[0];
    const seen: SortKey[] = [key];
    for (let i = 0; i < SORT_KEYS.length; i++) seen.push((key = nextSortKey(key)));
    expect(seen).toEqual([...SORT_KEYS, SORT_KEYS[0]]);
  });

  it('groups by tag: tags in order, untagged last, a monitor under each of its tags with a unique key', () => {
    const rows = listRows(monitors, { filter: '', sort: 'name', groupByTag: true });
    expect(names(rows)).toEqual(['#data', 'db', '#public', 'web-b', '#web', 'web-a', 'web-b', `#${UNTAGGED}`, 'cert', 'new']);
    expect(new Set(rows.map((r) => r.key)).size).toBe(rows.length);
    const web = rows.find((r) => r.kind === 'group' && r.tag === 'web');
    expect(web).toMatchObject({ count: 2, worst: 'degraded' });
  });

  it('filters before grouping', () => {
    expect(names(listRows(monitors, { filter: 'public', sort: 'name', groupByTag: true }))).toEqual(['#public', 'web-b', '#web', 'web-b']);
    expect(names(listRows(monitors, { filter: 'nothing', sort: 'name', groupByTag: false }))).toEqual([]);
  });
});
