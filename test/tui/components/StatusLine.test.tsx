import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { listStatus, StatusLine } from '../../../src/tui/components/StatusLine.js';

describe('StatusLine', () => {
  it('where the selection is, the sort, grouping and filter in force', () => {
    expect(listStatus({ position: 3, rows: 20, matching: 20, total: 20, sort: 'status', groupByTag: false, filter: '' })).toBe('3/20 · sort status');
    expect(listStatus({ position: 1, rows: 5, matching: 4, total: 20, sort: 'name', groupByTag: true, filter: 'web' })).toBe('1/5 · sort name · by tag · filter "web" (4 of 20)');
  });

  it('the notice on the right; an error keeps its end (the reason) when cut', () => {
    const info = render(<StatusLine left="3/20 · sort status" notice={{ text: 'ran homepage', tone: 'info' }} width={60} />).lastFrame()!;
    expect(info).toMatch(/^3\/20 · sort status +ran homepage$/);
    expect([...info].length).toBe(60);
    const error = render(<StatusLine left="3/20 · sort status" notice={{ text: `silence failed: ${'x'.repeat(80)} database is locked`, tone: 'error' }} width={60} />).lastFrame()!;
    expect(error).toMatch(/^3\/20 · sort status +….*database is locked$/);
    expect([...error].length).toBeLessThanOrEqual(60);
  });
});
