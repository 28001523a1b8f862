/**
 * The scheduler on the real clock, wired as `watch` will wire it: a config with a third-party plugin,
 * the runtime's registry and runOne (runMonitor underneath), a few monitors for about two seconds.
 * Checks that starts sit on each monitor's grid, that no monitor overlaps itself, that an overrun is
 * reported, and that stop() returns only once every started check has reported.
 */
import { describe, expect, it } from 'vitest';
import { loadConfigText } from '../../src/config/load.js';
import { createLogger } from '../../src/core/log.js';
import { EventStream } from '../../src/runtime/event-stream.js';
import type { CheckResultEvent, CheckStartedEvent, RuntimeEvent } from '../../src/runtime/events.js';
import { createMonitorRunner } from '../../src/runtime/monitor-runner.js';
import { Scheduler } from '../../src/runtime/scheduler.js';
import { useWorkspace } from '../helpers/workspace.js';

const workspace = useWorkspace('trackz-scheduler-');
workspace.write(
  'sleepy.mjs',
  `export default {
  type: 'sleepy',
  options: { '~standard': { version: 1, vendor: 'test', validate: (value) => ({ value }) } },
  run(monitor, ctx) {
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve({ status: 'up', message: 'slept', metrics: {} }), monitor.options.ms);
      ctx.signal.addEventListener('abort', () => (clearTimeout(timer), resolve({ status: 'unknown', message: 'stopped', metrics: {} })), { once: true });
    });
  },
};
`,
);

const CONFIG = `plugins: [./sleepy.mjs]
monitors:
  - { name: quick, type: sleepy, ms: 20, interval: 200ms, timeout: 2s }
  - { name: steady, type: sleepy, ms: 60, interval: 300ms, timeout: 2s }
  - { name: overrun, type: sleepy, ms: 400, interval: 150ms, timeout: 2s }
`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the scheduler on the real clock', () => {
  it('runs each monitor on its grid, never overlapping itself, and stops cleanly', async () => {
    const config = await loadConfigText(workspace.path('trackz.config.yaml'), CONFIG, { env: {} });
    const runner = createMonitorRunner({ plugins: config.plugins, configDir: config.dir, log: createLogger('test', 'silent') });
    await runner.prepare(config.monitors);
    const events = new EventStream(createLogger('test', 'silent'));
    const heard: RuntimeEvent[] = [];
    events.subscribe((event) => void heard.push(event));
    const scheduler = new Scheduler({ runOne: runner.runOne, laneOf: runner.laneOf, events });
    scheduler.start(config.monitors);
    await sleep(2_000);
    await scheduler.stop();
    await runner.dispose();

    for (const monitor of config.monitors) {
      const own = heard.filter((e): e is CheckStartedEvent | CheckResultEvent => (e.type === 'check.started' && e.monitor.name === monitor.name) || (e.type === 'check.result' && e.record.monitor === monitor.name));
      // Never two at once: started and result alternate, and stop() left none unreported.
      expect(own.map((e) => e.type)).toEqual(own.map((_, i) => (i % 2 ? 'check.result' : 'check.started')));
      expect(own.at(-1)?.type).toBe('check.result');
      const starts = own.filter((e): e is CheckStartedEvent => e.type === 'check.started');
      // Every run was for a slot of the monitor's grid: anchor + k·interval.
      const slots = starts.map((e) => (e.scheduledAt! - starts[0]!.scheduledAt!) / monitor.intervalMs);
      for (const slot of slots) expect(Math.abs(slot - Math.round(slot))).toBeLessThan(1e-6);
      const results = own.filter((e): e is CheckResultEvent => e.type === 'check.result');
      expect(results.every((e) => e.record.status === 'up')).toBe(true);
      // Each run started only after the previous one of the same monitor had ended.
      for (let i = 1; i < results.length; i++) expect(starts[i]!.startedAt).toBeGreaterThanOrEqual(results[i - 1]!.record.startedAt + results[i - 1]!.record.durationMs - 1);
    }

    const startsOf = (name: string) => heard.filter((e): e is CheckStartedEvent => e.type === 'check.started' && e.monitor.name === name);
    // About 2 s / interval runs each (jitter and a busy machine may cost one or two).
    expect(startsOf('quick').length).toBeGreaterThanOrEqual(7);
    expect(startsOf('quick').length).toBeLessThanOrEqual(11);
    expect(startsOf('steady').length).toBeGreaterThanOrEqual(5);
    expect(startsOf('steady').length).toBeLessThanOrEqual(7);
    // 400 ms checks every 150 ms: each run covers its next two or three slots, and each gap says so.
    const overrun = startsOf('overrun');
    expect(overrun.length).toBeGreaterThanOrEqual(3);
    expect(overrun.length).toBeLessThanOrEqual(5);
    const skips = heard.filter((e) => e.type === 'check.skipped' && e.monitor === 'overrun');
    expect(skips.length).toBeGreaterThanOrEqual(overrun.length - 1);
    expect(skips.every((e) => e.type === 'check.skipped' && e.reason === 'overrun' && e.slots >= 2)).toBe(true);
    expect(heard.some((e) => e.type === 'check.skipped' && e.monitor !== 'overrun')).toBe(false);

    // Lag is measured per run and summarised; on an idle machine it is a few ms.
    const lag = scheduler.lag();
    expect(lag.count).toBe(heard.filter((e) => e.type === 'check.started').length);
    expect(lag.sumMs / lag.count).toBeLessThan(100);
  });
});
