/**
 * `trackz watch` on the PostgreSQL backend: the same screen, results stored in PostgreSQL, the detail
 * view read back from it, and a second watch seeded from what the first stored.
 */
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuiltFor } from '../helpers/built.js';
import { BIN, trackz } from '../helpers/cli.js';
import { freshDatabase } from '../helpers/postgres.js';
import { hasTmux, startTmux, type TmuxSession } from '../helpers/tmux.js';
import { useWorkspace } from '../helpers/workspace.js';

const ws = useWorkspace('trackz-watch-pg-');
let server: Server;
const sessions: TmuxSession[] = [];

beforeAll(async () => {
  if (!hasTmux()) throw new Error('tmux is missing: scripts/setup-system.sh installs it (npm run setup:system)');
  ensureBuiltFor(['src', 'plugins']);
  server = createServer((_req, res) => res.end('ok'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = await freshDatabase('watch');
  ws.write(
    'trackz.config.yaml',
    `workspace: pgwatch
storage: { url: "${url}" }
defaults: { interval: 1s, timeout: 2s }
monitors:
  - { name: homepage, type: uptime, url: "http://127.0.0.1:${(server.address() as { port: number }).port}/" }
`,
  );
});

afterAll(async () => {
  for (const session of sessions) session.kill();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const watchOnce = async (check: (tui: TmuxSession) => Promise<void>) => {
  const tui = startTmux({ cwd: ws.dir, command: `${process.execPath} ${BIN} watch`, env: { CI: 'true', TRACKZ_LOG: 'warn' } });
  sessions.push(tui);
  await check(tui);
  tui.keys('q');
  expect(await tui.exitStatus()).toBe(0);
};

describe('trackz watch on PostgreSQL', () => {
  it('stores results there, shows the detail from there, and a later watch starts from them', { timeout: 60_000 }, async () => {
    await watchOnce(async (tui) => {
      await tui.waitFor(/✔ 1 up/, 15_000, 'homepage up');
      tui.keys('Enter');
      await tui.waitFor((s) => (s.match(/\d\d:\d\d:\d\d ✔ up/g) ?? []).length >= 2, 10_000, 'two stored results in the detail');
    });
    const history = await trackz(['history', 'homepage', '--json'], { cwd: ws.dir });
    expect(history.exitCode).toBe(0);
    const stored = JSON.parse(history.stdout).results.length as number;
    expect(stored).toBeGreaterThanOrEqual(2);
    // Seeded from storage: the uptime column and the sparkline are there before the first new result.
    await watchOnce(async (tui) => {
      const screen = await tui.waitFor(/homepage/, 15_000, 'the list');
      expect(screen).toMatch(/homepage\s+uptime\s+\d+ms\s+\S+\s+100%/);
    });
  });
});
