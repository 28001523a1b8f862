/**
 * `trackz serve` (the real binary) and cron's `trackz check --alert` (the real binary, again and
 * again) on one database while the target flaps: every transition reaches the webhook receiver
 * exactly once, on SQLite and on PostgreSQL. test/runtime/beside-check.test.ts does the same with
 * the runtime in-process; this is the daemon a user runs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../config/build.js';
import { flapBesideCron, type CronRun, type FlapState } from '../helpers/flap-beside-cron.js';
import { freshDatabase } from '../helpers/postgres.js';
import { startServe } from '../helpers/serve-process.js';
import { startSwitchTarget, type SwitchTarget } from '../helpers/switch-target.js';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.js';
import { useWorkspace } from '../helpers/workspace.js';

const ws = useWorkspace('trackz-serve-beside-');
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
  { backend: 'PostgreSQL', storage: async () => `{ url: "${await freshDatabase('serve_beside')}" }` },
])('trackz serve beside `trackz check --alert` on $backend', ({ backend, storage: storageYaml }) => {
  it('delivers every transition of a flapping target exactly once', { timeout: 240_000 }, async () => {
    target.set('up');
    const path = `/serve-flap/${backend}`;
    const dir = ws.path(backend);
    ws.write(
      `${backend}/trackz.config.yaml`,
      `workspace: flap\nstorage: ${await storageYaml()}\nmonitors:\n  - { name: web, type: uptime, url: "${target.url}", interval: 500ms, timeout: 2s }\nalerts:\n  channels:\n    - { name: hook, type: webhook, url: "${receiver.url}${path}", timeout: 2s }\n  rules:\n    - { name: main, channels: [hook], failureThreshold: 1, successThreshold: 1 }\n`,
    );
    const serve = await startServe(dir, [], { TRACKZ_LOG: 'info' });
    let runs: CronRun[] = [];
    try {
      runs = await flapBesideCron({ cwd: dir, states: FLAPS, set: (state) => target.set(state) });
      await sleep(1_000);
    } finally {
      // A graceful stop delivers what is still queued.
      expect(await serve.stop('SIGTERM')).toBe(0);
    }
    const hooks = receiver.accepted().filter((hook) => hook.path === path).map((hook) => (hook.body as Hook).event);
    expect(hooks.map((event) => event.kind)).toEqual(FLAPS);
    expect(new Set(hooks.map((event) => event.id)).size).toBe(hooks.length);
    expect(runs.length).toBeGreaterThanOrEqual(2);
    for (const run of runs) expect([0, 1], run.stderr).toContain(run.exitCode);
    // Between them every transition was queued once: cron's "queued …" lines plus serve's alert lines.
    const queuedByCron = runs.flatMap((run) => run.stderr.match(/queued (down|up) web \(main\)/g) ?? []);
    const queuedByServe = serve.lines.filter((line) => line.msg.startsWith('alert: web '));
    expect(queuedByCron.length + queuedByServe.length).toBe(FLAPS.length);
    expect(serve.lines.filter((line) => line.level === 'error')).toEqual([]);
  });
});
