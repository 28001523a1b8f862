/**
 * The promise of the runtime: a scheduler (here, in this test process, on the real clock) and cron's
 * `trackz check --alert` (the real binary, run again and again) share one database while the target
 * flaps, and every transition reaches the receiver exactly once — no matter which process saw it
 * first, evaluated it or delivered it. The alert engine's lock, its refusal of results older than the
 * state, and the outbox's UNIQUE key and leases do the work; this checks they do it on SQLite and on
 * PostgreSQL, through the same runtime path `watch` and `serve` use.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { createLogger } from '../../src/core/log.js';
import type { RuntimeEvent } from '../../src/runtime/events.js';
import { createRuntime } from '../../src/runtime/runtime.js';
import { openStorage } from '../../src/storage/open.js';
import { ensureBuilt } from '../config/build.js';
import { flapBesideCron, type FlapState } from '../helpers/flap-beside-cron.js';
import { freshDatabase } from '../helpers/postgres.js';
import { startSwitchTarget, type SwitchTarget } from '../helpers/switch-target.js';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.js';
import { useWorkspace } from '../helpers/workspace.js';

const ws = useWorkspace('trackz-beside-check-');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const FLAPS: FlapState[] = ['down', 'up', 'down', 'up'];
let receiver: WebhookReceiver;
let target: SwitchTarget;

beforeAll(async () => {
  await ensureBuilt();
  receiver = await startWebhookReceiver();
  target = await startSwitchTarget();
});
afterAll(async () => {
  await receiver.close();
  await target.close();
});

interface Hook {
  event: { id: string; kind: string; monitor: string };
}

describe.each([
  { backend: 'SQLite', storage: async () => '{ path: trackz.db }' },
  { backend: 'PostgreSQL', storage: async () => `{ url: "${await freshDatabase('beside_check')}" }` },
])('the scheduler beside `trackz check --alert` on $backend', ({ backend, storage: storageYaml }) => {
  it('delivers every transition of a flapping target exactly once', { timeout: 240_000 }, async () => {
    target.set('up');
    const path = `/flap/${backend}`;
    const dir = ws.path(backend);
    ws.write(
      `${backend}/trackz.config.yaml`,
      `workspace: flap\nstorage: ${await storageYaml()}\nmonitors:\n  - { name: web, type: uptime, url: "${target.url}", interval: 500ms, timeout: 2s }\nalerts:\n  channels:\n    - { name: hook, type: webhook, url: "${receiver.url}${path}", timeout: 2s }\n  rules:\n    - { name: main, channels: [hook], failureThreshold: 1, successThreshold: 1 }\n`,
    );
    const config = await loadConfig({ cwd: dir, env: {} });
    const storage = await openStorage({ target: config.storage.target, workspace: config.workspace });
    const runtime = await createRuntime({ config, storage, alerts: true, log: createLogger('test', 'silent'), command: 'serve', tuning: { batchDelayMs: 100, deliveryEveryMs: 500 } });
    const heard: RuntimeEvent[] = [];
    runtime.events.subscribe((event) => void heard.push(event));
    try {
      runtime.start();
      // cron's side: `check --alert` again and again (cron runs overlapping each other are test/alerts/cli.test.ts's);
      // every state lasts until both sides have seen it, so each transition is raced for by both.
      const runs = await flapBesideCron({ cwd: dir, states: FLAPS, set: (state) => target.set(state) });
      // Up for good: let the last checks and deliveries land, then stop (which delivers what is left).
      await sleep(1_000);
      await runtime.stop();

      const hooks = receiver.accepted().filter((hook) => hook.path === path).map((hook) => (hook.body as Hook).event);
      expect(hooks.map((event) => event.kind)).toEqual(FLAPS);
      expect(new Set(hooks.map((event) => event.id)).size).toBe(hooks.length);
      expect(await storage.alerts.outboxCounts()).toEqual({ pending: 0, delivered: FLAPS.length, failed: 0 });
      // Both sides took part: the binary saw every state (down is exit 1), the scheduler stored its own results.
      expect(runs.length).toBeGreaterThanOrEqual(2);
      for (const run of runs) expect([0, 1], run.stderr).toContain(run.exitCode);
      expect(runs.some((run) => run.exitCode === 1)).toBe(true);
      expect(heard.filter((event) => event.type === 'results.stored').length).toBeGreaterThan(5);
      expect(heard.filter((event) => event.type === 'error')).toEqual([]);
      // And between them every transition was queued once: what the processes queued plus what the scheduler did.
      const queuedByCron = runs.flatMap((run) => run.stderr.match(/queued (down|up) web \(main\)/g) ?? []);
      const queuedHere = heard.filter((event) => event.type === 'alert.transition');
      expect(queuedByCron.length + queuedHere.length).toBe(FLAPS.length);
    } finally {
      await runtime.stop({ cancel: true });
      await storage.close();
    }
  });
});
