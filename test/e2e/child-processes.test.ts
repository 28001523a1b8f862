/**
 * The child processes trackz starts, through the built binary: command checks whose program leaves
 * something running, command alert channels that run past their budget, and the environment every
 * child gets (command checks, channels, a third-party plugin's own child, Chromium): trackz's own
 * keys never reach it. Real processes, read back from /proc and from what the children wrote.
 */
import { chmodSync, copyFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../config/build.js';
import { trackz } from '../helpers/cli.js';
import { startPagesServer } from '../helpers/pages-server.js';
import { processesMatching, waitUntilGone } from '../helpers/processes.js';
import { useWorkspace } from '../helpers/workspace.js';

const KEY = 'a'.repeat(64);
const TOKEN = 'trackz-own-token-5f1c';
const ws = useWorkspace('trackz-children-');
/** Unique sleep lengths mark this file's processes in /proc. */
const mark = (n: number) => `sleep 6${n}.${process.pid % 1000}`;

beforeAll(async () => ensureBuilt());

interface JsonResult {
  monitor: string;
  status: string;
  message: string;
  durationMs: number;
  details: Record<string, unknown> | null;
}

async function checkJson(dir: string, config: string, env: Record<string, string> = {}, args: string[] = []) {
  ws.write(`${dir}/trackz.config.yaml`, config);
  const started = performance.now();
  const result = await trackz(['check', '--reporter', 'json', ...args], { cwd: ws.path(dir), env: { TRACKZ_SECRET_KEY: KEY, TRACKZ_API_TOKEN: TOKEN, OTHER_VAR: 'kept', ...env } });
  const elapsedMs = performance.now() - started;
  const report = result.stdout ? (JSON.parse(result.stdout) as { results: JsonResult[] }) : { results: [] };
  return { ...result, elapsedMs, results: Object.fromEntries(report.results.map((r) => [r.monitor, r])) };
}

describe('a command check whose program leaves a child behind', () => {
  it('is judged by its exit status: output still held open is cut after a short grace, the leftovers killed', async () => {
    const run = await checkJson(
      'leftovers',
      `monitors:
  - { name: fine, type: command, run: "echo 'OK - all good | t=1ms'; ${mark(1)} & exit 0", timeout: 20s }
  - { name: broken, type: command, run: "echo 'CRITICAL - queue stuck'; ${mark(2)} & exit 2", timeout: 20s }
  - { name: quiet, type: command, run: "${mark(3)} >/dev/null 2>&1 & echo 'OK - detached properly'", timeout: 20s }
`,
      {},
      ['--no-store'],
    );
    expect(run.exitCode, run.stderr).toBe(1);
    expect(run.results.fine).toMatchObject({ status: 'up', message: 'OK - all good', details: { exitCode: 0, outputCut: true } });
    expect(run.results.broken).toMatchObject({ status: 'down', message: 'CRITICAL - queue stuck', details: { exitCode: 2, outputCut: true } });
    expect(run.results.quiet).toMatchObject({ status: 'up', message: 'OK - detached properly' });
    expect(run.results.quiet!.details).not.toHaveProperty('outputCut');
    // Not a timeout: each took about the grace, far from its 20 s.
    for (const name of ['fine', 'broken']) expect(run.results[name]!.durationMs).toBeLessThan(5000);
    expect(await waitUntilGone(mark(1), 3000)).toEqual([]);
    expect(await waitUntilGone(mark(2), 3000)).toEqual([]);
    // A child that let go of the output is not the check's business: it is left alone.
    expect(processesMatching(mark(3)).length).toBe(1);
    for (const { pid } of processesMatching(mark(3))) process.kill(pid);
  });
});

describe("trackz's own keys reach no child", () => {
  it('a command check, a third-party plugin\'s child and Chromium see neither TRACKZ_SECRET_KEY nor TRACKZ_API_TOKEN', async () => {
    copyFileSync(join(import.meta.dirname, '../fixtures/plugins/spawns-child.mjs'), ws.write('env/spawns-child.mjs', ''));
    const chrome = ws.write('env/fake-chrome.sh', `#!/bin/sh\nenv > "${ws.path('env/chrome.env')}"\nexit 1\n`);
    chmodSync(chrome, 0o755);
    // A page that answers, so the lighthouse check gets as far as starting (the fake) Chromium.
    const pages = await startPagesServer();
    const run = await checkJson(
      'env',
      `plugins: [./spawns-child.mjs]
monitors:
  - name: cmd
    type: command
    run: "env | grep -E '^(TRACKZ_(SECRET_KEY|API_TOKEN|LOG)|OTHER_VAR|EXTRA)=' | cut -d= -f1 | sort | tr '\\\\n' ' '"
    env: { EXTRA: "from-config" }
  - { name: plugin, type: spawns-child }
  - { name: page, type: lighthouse, url: "${pages.url}/", timeout: 3s }
`,
      { CHROME_PATH: chrome },
      ['--no-store'],
    ).finally(() => pages.close());
    // TRACKZ_LOG is no secret and passes; the keys do not.
    expect(run.results.cmd, run.stderr).toMatchObject({ status: 'up', message: 'EXTRA OTHER_VAR TRACKZ_LOG' });
    expect(run.results.plugin).toMatchObject({ status: 'up', message: 'child saw: OTHER_VAR TRACKZ_LOG' });
    expect(existsSync(ws.path('env/chrome.env'))).toBe(true);
    const chromeEnv = readFileSync(ws.path('env/chrome.env'), 'utf8');
    expect(chromeEnv).toContain('OTHER_VAR=kept');
    expect(chromeEnv).not.toMatch(/TRACKZ_SECRET_KEY|TRACKZ_API_TOKEN/);
    expect(run.stdout + run.stderr).not.toContain(KEY);
  });
});

describe('a command alert channel', () => {
  it('gets the event but not the key, and a script that runs on is stopped with everything it started, within the budget', async () => {
    const notify = ws.write(
      'alerts/notify.sh',
      `#!/bin/sh
env | grep -E '^(TRACKZ_(SECRET_KEY|API_TOKEN|EVENT_|MONITOR|LOG)|OTHER_VAR)' | cut -d= -f1 | sort > "${ws.path('alerts/channel.env')}"
# A notifier that hangs: a child holding stderr, then a wait for it.
${mark(4)} &
${mark(5)}
`,
    );
    chmodSync(notify, 0o755);
    const run = await checkJson(
      'alerts',
      `monitors:
  - { name: closed, type: tcp, host: 127.0.0.1, port: 9, timeout: 1s }
alerts:
  channels:
    - { name: pager, type: command, run: [./notify.sh], timeout: 1s }
  rules:
    - { name: main, channels: [pager], failureThreshold: 1 }
  delivery: { budget: 2s }
`,
      {},
      ['--alert'],
    );
    expect(run.exitCode, run.stderr).toBe(1);
    expect(run.results.closed).toMatchObject({ status: 'down' });
    expect(readFileSync(ws.path('alerts/channel.env'), 'utf8').trim().split('\n')).toEqual(['OTHER_VAR', 'TRACKZ_EVENT_ID', 'TRACKZ_EVENT_KIND', 'TRACKZ_LOG', 'TRACKZ_MONITOR']);
    // The run ends within its budget (2 s) plus the channel's kill grace, not when the script's 60 s sleeps end.
    expect(run.elapsedMs).toBeLessThan(15_000);
    expect(run.stderr).toMatch(/pager: attempt 1\/10 failed \(\.\/notify\.sh stopped: time limit reached/);
    expect(await waitUntilGone(mark(4), 3000)).toEqual([]);
    expect(await waitUntilGone(mark(5), 3000)).toEqual([]);
  });
});
