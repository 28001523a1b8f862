/** Maintenance windows through croner, with the clock passed in: time zones, overlapping windows, edges. */
import { describe, expect, it } from 'vitest';
import { activeMaintenance, compileMaintenance, windowEnd } from '../../src/alerts/maintenance.js';
import type { MaintenanceSpec } from '../../src/alerts/alert-settings.js';
import { ConfigError } from '../../src/core/errors.js';

const MIN = 60_000;
const spec = (overrides: Partial<MaintenanceSpec>): MaintenanceSpec => ({ name: 'w', index: 0, monitors: ['*'], tags: [], cron: '0 3 * * sun', durationMs: 30 * MIN, ...overrides });
const at = (iso: string) => Date.parse(iso);

describe('maintenance windows', () => {
  it('is active from each start for its duration, in the given time zone', async () => {
    // Sunday 2024-06-02 03:00 in Berlin (summer time, UTC+2) is 01:00 UTC.
    const [window] = await compileMaintenance({ maintenance: [spec({ timezone: 'Europe/Berlin' })] });
    expect(windowEnd(window!, at('2024-06-02T00:59:59Z'))).toBeUndefined();
    expect(windowEnd(window!, at('2024-06-02T01:00:00Z'))).toBe(at('2024-06-02T01:30:00Z'));
    expect(windowEnd(window!, at('2024-06-02T01:29:59Z'))).toBe(at('2024-06-02T01:30:00Z'));
    expect(windowEnd(window!, at('2024-06-02T01:30:00Z'))).toBeUndefined();
    // Same wall-clock time in winter (UTC+1) is 02:00 UTC.
    expect(windowEnd(window!, at('2024-01-07T02:10:00Z'))).toBe(at('2024-01-07T02:30:00Z'));
    expect(windowEnd(window!, at('2024-01-07T01:10:00Z'))).toBeUndefined();
  });

  it('with overlapping windows, the latest start decides when it ends', async () => {
    const [window] = await compileMaintenance({ maintenance: [spec({ cron: '*/10 * * * *', durationMs: 25 * MIN, timezone: 'UTC' })] });
    expect(windowEnd(window!, at('2024-06-02T10:27:00Z'))).toBe(at('2024-06-02T10:45:00Z'));
  });

  it('applies only to the monitors and tags it names', async () => {
    const windows = await compileMaintenance({
      maintenance: [spec({ name: 'db-night', monitors: ['db-*'], cron: '0 2 * * *', durationMs: 60 * MIN, timezone: 'UTC' }), spec({ name: 'web', tags: ['web'], cron: '0 2 * * *', durationMs: 10 * MIN, timezone: 'UTC' })],
    });
    const now = at('2024-06-02T02:05:00Z');
    expect(activeMaintenance(windows, 'db-main', [], now)).toEqual({ window: 'db-night', until: at('2024-06-02T03:00:00Z') });
    expect(activeMaintenance(windows, 'homepage', ['web'], now)).toEqual({ window: 'web', until: at('2024-06-02T02:10:00Z') });
    expect(activeMaintenance(windows, 'homepage', ['api'], now)).toBeUndefined();
    expect(activeMaintenance(windows, 'db-main', ['web'], at('2024-06-02T02:30:00Z'))).toEqual({ window: 'db-night', until: at('2024-06-02T03:00:00Z') });
  });

  it('reports a cron expression croner refuses as a config error', async () => {
    await expect(compileMaintenance({ maintenance: [spec({ cron: '61 3 * * *' })] })).rejects.toThrow(ConfigError);
    await expect(compileMaintenance({ maintenance: [spec({ cron: '61 3 * * *' })] })).rejects.toThrow(/alerts\.maintenance\[0\]\.cron: Invalid value for minute: 61/);
  });
});
