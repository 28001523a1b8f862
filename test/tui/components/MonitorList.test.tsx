import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { MonitorList } from '../../../src/tui/components/MonitorList.js';
import { listColumns } from '../../../src/tui/layout.js';
import { listRows } from '../../../src/tui/list-rows.js';
import { monitorRow } from '../fixtures.js';

const monitors = [
  monitorRow('homepage', { tags: ['web'], latencyMs: 120, recentLatencies: [60, 120, 240, 120], uptime24h: 99.95 }),
  monitorRow('api-cert', { type: 'ssl', status: 'degraded', keyFigure: { text: '12d left', tone: 'degraded' }, uptime24h: 100 }),
  monitorRow('api-health', { status: 'down', latencyMs: null, recentLatencies: [40, null], uptime24h: 97.5 }),
  monitorRow('batch', { paused: true }),
  monitorRow('new-one', { status: 'pending', latencyMs: null, recentLatencies: [], uptime24h: null, lastResultAt: null }),
];

const list = (extra: Partial<Parameters<typeof MonitorList>[0]> = {}) => {
  const rows = listRows(monitors, { filter: '', sort: 'status', groupByTag: false });
  return render(<MonitorList rows={rows} selected={0} top={0} height={10} width={80} columns={listColumns(80)} sort="status" empty="none" {...extra} />);
};

describe('MonitorList', () => {
  it('a title line, then per monitor: marker, symbol, name, type, latency, sparkline, uptime, key figure', () => {
    const lines = list().lastFrame()!.split('\n');
    expect(lines[0]).toMatch(/^ ▾ NAME +TYPE +LATENCY RECENT +UP 24H KEY$/);
    expect(lines[1]).toMatch(/^›✖ api-health +uptime +– +█· +97\.5% *$/);
    expect(lines[2]).toMatch(/^ ▲ api-cert +ssl +42ms +▇██ +100% 12d left$/);
    expect(lines[3]).toMatch(/^ ○ new-one +uptime +– +– *$/);
    expect(lines[4]).toMatch(/^ ✔ homepage +uptime +120ms +▃▅█▅ +99\.95% *$/);
    expect(lines[5]).toMatch(/^ ‖ batch +uptime/);
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(80);
  });

  it('keeps its height whatever the number of rows, so the lines under it never move', () => {
    expect(list({ height: 10 }).lastFrame()!.split('\n')).toHaveLength(11);
    expect(list({ height: 3 }).lastFrame()!.split('\n')).toHaveLength(4);
  });

  it('renders only the rows in its window', () => {
    const frame = list({ top: 2, height: 2, selected: 3 }).lastFrame()!;
    expect(frame.split('\n').slice(1)).toEqual([expect.stringMatching(/^ ○ new-one/), expect.stringMatching(/^›✔ homepage/)]);
    expect(frame).not.toContain('api-health');
  });

  it('marks the sorted column', () => {
    const frame = list({ sort: 'latency' }).lastFrame()!;
    expect(frame.split('\n')[0]).toMatch(/^ {3}NAME +TYPE +LATENCY▾ RECENT/);
  });

  it('groups under tag headers with the count and worst status', () => {
    const rows = listRows(monitors, { filter: '', sort: 'name', groupByTag: true });
    const frame = render(<MonitorList rows={rows} selected={1} top={0} height={10} width={80} columns={listColumns(80)} sort="name" empty="" />).lastFrame()!;
    expect(frame).toMatch(/── web \(1\) ✔ ─+/);
    expect(frame).toMatch(/── \(untagged\) \(4\) ✖ ─+/);
  });

  it('says why it is empty', () => {
    const frame = render(<MonitorList rows={[]} selected={-1} top={0} height={3} width={80} columns={listColumns(80)} sort="name" empty='no monitor matches "zzz"' />).lastFrame()!;
    expect(frame).toContain('no monitor matches "zzz"');
  });
});
