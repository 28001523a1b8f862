import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { Header } from '../../../src/tui/components/Header.js';
import type { WatchModel } from '../../../src/tui/model.js';
import { monitorRow, T0 } from '../fixtures.js';

const model = (extra: Partial<WatchModel> = {}): WatchModel => ({
  workspace: 'acme',
  monitors: [
    monitorRow('a'),
    monitorRow('b'),
    monitorRow('c', { status: 'degraded' }),
    monitorRow('d', { status: 'down' }),
    monitorRow('e', { status: 'unknown' }),
    monitorRow('f', { status: 'down', paused: true }),
  ],
  lastResultAt: T0,
  shareLink: null,
  ...extra,
});

describe('Header', () => {
  it('workspace, counts with their symbols (paused apart), and the last result with its age', () => {
    const { lastFrame } = render(<Header model={model()} now={T0 + 3000} width={100} />);
    expect(lastFrame()).toContain('trackz · acme');
    expect(lastFrame()).toContain('✔ 2 up  ▲ 1 degraded  ✖ 1 down  ? 1 unknown  ‖ 1 paused');
    expect(lastFrame()).toContain('last 11:59:00 (3s ago)');
    expect(lastFrame()!.split('\n')).toHaveLength(1);
  });

  it('always says how many are down, even none; hides unknown/pending/paused when there are none', () => {
    const { lastFrame } = render(<Header model={model({ monitors: [monitorRow('a')], lastResultAt: null })} now={T0} width={80} />);
    expect(lastFrame()).toContain('✔ 1 up  ▲ 0 degraded  ✖ 0 down');
    expect(lastFrame()).not.toMatch(/unknown|pending|paused/);
    expect(lastFrame()).toContain('no result yet');
  });

  it('shows the share link on a line of its own while sharing', () => {
    const { lastFrame } = render(<Header model={model({ shareLink: 'http://127.0.0.1:4848/d/abc' })} now={T0} width={80} />);
    const lines = lastFrame()!.split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toBe('⇄ sharing http://127.0.0.1:4848/d/abc');
  });

  it('fits 80 columns: the counts are cut, the time stays', () => {
    const crowded = model({ monitors: [...model().monitors, monitorRow('p', { status: 'pending' })], workspace: 'a-rather-long-workspace-name' });
    const { lastFrame } = render(<Header model={crowded} now={T0} width={80} />);
    const line = lastFrame()!.split('\n')[0]!;
    expect([...line].length).toBeLessThanOrEqual(80);
    expect(line).toContain('last 11:59:00');
    expect(line).toMatch(/^trackz · a-rather-long-workspace…  ✔ 2 up .*…/);
  });
});
