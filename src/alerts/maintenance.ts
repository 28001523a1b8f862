/**
 * Maintenance windows: a cron expression says when each window starts, `duration` how long it lasts.
 * A window is active at `now` when some start lies in (now - duration, now]. croner does the calendar
 * (time zones, DST); it is imported only here, and only when alerting runs.
 */
import type { Cron as CronType } from 'croner';
import { ConfigError } from '../core/errors.js';
import { locate } from '../config/yaml-source.js';
import { covers, type AlertSettings, type MaintenanceSpec } from './alert-settings.js';

export interface MaintenanceWindow extends MaintenanceSpec {
  schedule: CronType;
}

/** Parses every window's cron expression; a bad one is a config error at its line. */
export async function compileMaintenance(settings: Pick<AlertSettings, 'maintenance' | 'source'>): Promise<MaintenanceWindow[]> {
  if (settings.maintenance.length === 0) return [];
  const { Cron } = await import('croner');
  const issues = [];
  const windows: MaintenanceWindow[] = [];
  for (const spec of settings.maintenance) {
    try {
      // No callback: a pattern to ask about, never a timer that keeps the process alive.
      windows.push({ ...spec, schedule: new Cron(spec.cron, { timezone: spec.timezone }) });
    } catch (error) {
      const at = settings.source ? { file: settings.source.file, ...locate(settings.source, ['alerts', 'maintenance', spec.index, 'cron']) } : { file: '(config)', line: 1, column: 1 };
      issues.push({ ...at, message: `alerts.maintenance[${spec.index}].cron: ${(error as Error).message.replace(/^CronPattern: /, '')}`, found: JSON.stringify(spec.cron) });
    }
  }
  if (issues.length) throw new ConfigError(issues);
  return windows;
}

/** When the window covering `now` ends, or undefined when it is not in a window. */
export function windowEnd(window: MaintenanceWindow, now: number): number | undefined {
  const first = window.schedule.nextRun(new Date(now - window.durationMs));
  if (!first || first.getTime() > now) return undefined;
  // Windows may overlap (every 10 minutes, 30 minutes long): the latest start counts. Bounded walk.
  let latest = first.getTime();
  for (let i = 0; i < 10_000; i++) {
    const next = window.schedule.nextRun(new Date(latest))?.getTime();
    if (next === undefined || next > now) break;
    latest = next;
  }
  return latest + window.durationMs;
}

/** The active window for a monitor that ends last, if any. */
export function activeMaintenance(windows: readonly MaintenanceWindow[], monitor: string, tags: readonly string[], now: number): { window: string; until: number } | undefined {
  let found: { window: string; until: number } | undefined;
  for (const window of windows) {
    if (!covers(window, monitor, tags)) continue;
    const until = windowEnd(window, now);
    if (until !== undefined && (!found || until > found.until)) found = { window: window.name, until };
  }
  return found;
}
