/**
 * watch and cron side by side: `trackz watch` (in a real terminal) and `trackz check --alert` (the
 * real binary, again and again) on one SQLite file while a target flaps. Both evaluate the same
 * alert state under the storage's alert lock, and the outbox keys each transition, so the webhook
 * receiver gets exactly one message per transition, whoever saw it first.
 */
import Database from 'better-sqlite3';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuiltFor } from '../helpers/built.js';
import { BIN, trackz } from '../helpers/cli.js';
import { flapBesideCron } from '../helpers/flap-beside-cron.js';
import { hasTmux, startTmux, type TmuxSession } from '../helpers/tmux.js';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.js';
import { useWorkspace } from '../helpers/workspace.js';

const ws = useWorkspace('trackz-watch-alerts-');
let target: Server;
let receiver: WebhookReceiver;
let healthy = true;
let tui: TmuxSession | undefined;

beforeAll(async () => {
  if (!hasTmux()) throw new Error('tmux is missing: scripts/setup-system.sh installs it (npm run setup:system)');
  ensureBuiltFor(['src', 'plugins']);
  target = createServer((_req, res) => res.writeHead(healthy ? 200 : 503).end(healthy ? 'ok' : 'down'));
  await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
  receiver = await startWebhookReceiver();
  ws.write(
    'trackz.config.yaml',
    `workspace: sidebyside
storage: { path: trackz.db }
defaults: { interval: 1s, timeout: 2s }
monitors:
  - { name: flappy, type: uptime, url: "http://127.0.0.1:${(target.address() as { port: number }).port}/" }
alerts:
  channels:
    - { name: hook, type: webhook, url: "${receiver.url}/hook", timeout: 3s }
  rules:
    - { name: main, channels: [hook], failureThreshold: 1, successThreshold: 1 }
`,
  );
});

afterAll(async () => {
  tui?.kill();
  await receiver?.close();
  await new Promise<void>((resolve) => target.close(() => resolve()));
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('watch beside trackz check --alert', () => {
  it('sends exactly one message per transition while a target flaps', { timeout: 180_000 }, async () => {
    tui = startTmux({ cwd: ws.dir, command: `${process.execPath} ${BIN} watch`, env: { CI: 'true', TRACKZ_LOG: 'warn' } });
    await tui.waitFor(/✔ 1 up/, 15_000, 'watch running, flappy up');

    // cron's side: one check after another, for as long as the target flaps. Down, up, down, up: each
    // phase lasts several intervals of watch, and until a check begun after the switch has ended.
    const runs = await flapBesideCron({ cwd: ws.dir, states: ['down', 'up', 'down', 'up'], set: (state) => (healthy = state === 'up'), phaseMs: 3_500, env: { TRACKZ_LOG: 'warn' } });
    for (const run of runs) expect([0, 1], run.stderr).toContain(run.exitCode);
    // Both sides have seen the last recovery; let delivery finish, then quit watch.
    await receiver.waitFor(4, 20_000);
    tui.keys('q');
    expect(await tui.exitStatus()).toBe(0);
    const last = await trackz(['check', '--alert'], { cwd: ws.dir });
    expect(last.exitCode).toBe(0);
    await sleep(500);

    // Both sides saw the outage: each stored down results under its own runs.
    const db = new Database(ws.path('trackz.db'), { readonly: true });
    const downs = db.prepare("SELECT runs.command AS command, count(*) AS n FROM results JOIN runs ON runs.id = results.run_id WHERE results.status = 'down' GROUP BY runs.command").all() as { command: string; n: number }[];
    db.close();
    expect(Object.fromEntries(downs.map((d) => [d.command, d.n > 0]))).toEqual({ check: true, watch: true });
    expect(runs.length).toBeGreaterThanOrEqual(3);
    const events = receiver.accepted().map((hook) => (hook.body as { event: { id: string; kind: string; incident: number } }).event);
    const ids = events.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(events.map((e) => `${e.kind}#${e.incident}`)).toEqual(['down#1', 'up#1', 'down#2', 'up#2']);
  });
});
