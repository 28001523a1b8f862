/**
 * `trackz watch` as a person meets it: the real binary in a real terminal (tmux, 80×24), keys sent,
 * the screen read back. CI=true as in .ci/run: Ink must still draw every frame (src/tui/ci-mode.ts).
 * The targets are a local HTTP server whose `flaky` page the test turns from 200 to 500.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuiltFor } from '../helpers/built.js';
import { BIN, trackz } from '../helpers/cli.js';
import { hasTmux, startTmux, type TmuxSession } from '../helpers/tmux.js';
import { useWorkspace } from '../helpers/workspace.js';

const ws = useWorkspace('trackz-watch-tmux-');
let server: Server;
let flakyHealthy = true;
const FLAKY_INTERVAL_MS = 2000;
const sessions: TmuxSession[] = [];
const TERMINAL_ENV = { CI: 'true', TRACKZ_LOG: 'warn' };
const watchCommand = `${process.execPath} ${BIN} watch`;

beforeAll(async () => {
  if (!hasTmux()) throw new Error('tmux is missing: scripts/setup-system.sh installs it (npm run setup:system)');
  ensureBuiltFor(['src', 'plugins']);
  server = createServer((req, res) => {
    if (req.url === '/flaky') res.writeHead(flakyHealthy ? 200 : 500).end(flakyHealthy ? 'ok' : 'broken');
    else res.end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  ws.write(
    'trackz.config.yaml',
    `workspace: tmuxtest
storage: { path: trackz.db }
defaults: { interval: 5s, timeout: 2s }
monitors:
  - { name: homepage, type: uptime, url: "${base}/", tags: [web] }
  - { name: api-health, type: uptime, url: "${base}/api", tags: [api] }
  - { name: flaky, type: uptime, url: "${base}/flaky", interval: ${FLAKY_INTERVAL_MS}ms, tags: [web] }
  - { name: docs, type: uptime, url: "${base}/docs", tags: [web] }
`,
  );
});

afterAll(async () => {
  for (const session of sessions) session.kill();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const open = (options: { command?: string; env?: Record<string, string> } = {}) => {
  const session = startTmux({ cwd: ws.dir, command: options.command, env: { ...TERMINAL_ENV, ...options.env } });
  sessions.push(session);
  return session;
};

/** capture-pane drops trailing spaces, the prompt's too. */
const PROMPT = /^test-prompt\$\s*$/m;
const rowOf = (screen: string, name: string) => screen.split('\n').find((line) => new RegExp(`^.[^ ]? ${name}\\b`).test(line)) ?? '';

describe('trackz watch in tmux at 80×24', () => {
  let tui: TmuxSession;

  it('shows the list: header with counts, one row per monitor, the footer, nothing wider than the terminal', async () => {
    tui = open({ command: watchCommand });
    const screen = await tui.waitFor((s) => /✔ 4 up/.test(s), 15_000, 'every monitor up');
    const lines = screen.split('\n');
    expect(lines[0]).toMatch(/^trackz · tmuxtest .*✔ 4 up.*✖ 0 down.*last \d\d:\d\d:\d\d/);
    expect(lines[1]).toMatch(/NAME\s+TYPE\s+LATENCY\s+RECENT\s+UP 24H/);
    for (const name of ['homepage', 'api-health', 'flaky', 'docs']) expect(rowOf(screen, name)).toMatch(/✔ .* uptime\s+\d+(?:\.\d+)?m?s/);
    expect(screen).toMatch(/q quit\s*$/);
    expect(lines.every((line) => line.length <= 80)).toBe(true);
    expect(tui.display('#{alternate_on}')).toBe('1');
  });

  it('filters: / and typing narrow the list, Enter keeps the filter, Esc clears it', async () => {
    tui.keys('/');
    tui.type('api');
    let screen = await tui.waitFor((s) => !/homepage/.test(s) && /api-health/.test(s), 5000, 'only api-health listed');
    expect(screen).toMatch(/\/api/);
    tui.keys('Enter');
    screen = await tui.waitFor(/filter "api" \(1 of 4\)/, 5000, 'the kept filter on the status line');
    expect(screen).not.toMatch(/homepage/);
    tui.keys('Escape');
    screen = await tui.waitFor((s) => /homepage/.test(s) && /docs/.test(s), 5000, 'every monitor back');
    expect(screen).not.toMatch(/filter "/);
  });

  it('opens the detail view with Enter and goes back with Esc', async () => {
    tui.keys('/');
    tui.type('homepage');
    tui.keys('Enter');
    await tui.waitFor(/filter "homepage"/, 5000);
    tui.keys('Enter');
    const screen = await tui.waitFor(/recent results/, 5000, 'the detail view');
    expect(screen).toMatch(/homepage · uptime · http:\/\/127\.0\.0\.1:\d+\//);
    expect(screen).toMatch(/\d\d:\d\d:\d\d ✔ up/);
    tui.keys('Escape');
    await tui.waitFor((s) => !/recent results/.test(s) && /NAME\s+TYPE/.test(s), 5000, 'the list again');
    tui.keys('Escape');
    await tui.waitFor(/docs/, 5000);
  });

  it('shows a target going down within one interval', async () => {
    flakyHealthy = false;
    const since = Date.now();
    const screen = await tui.waitFor((s) => /✖/.test(rowOf(s, 'flaky')), FLAKY_INTERVAL_MS + 2500, 'flaky down');
    flakyHealthy = true;
    // One interval, plus the redraw throttle (100 ms) and this loop's polling.
    expect(Date.now() - since).toBeLessThan(FLAKY_INTERVAL_MS + 2500);
    expect(screen.split('\n')[0]).toMatch(/✖ 1 down/);
    await tui.waitFor((s) => /✔/.test(rowOf(s, 'flaky')), FLAKY_INTERVAL_MS + 5000, 'flaky up again');
  });

  it('p pauses the selected monitor and resumes it', async () => {
    tui.keys('g');
    const selected = (s: string) => /^›. (\S+)/m.exec(s)?.[1] ?? '';
    const name = selected(await tui.waitFor((s) => selected(s) !== '', 5000, 'a selected row'));
    tui.keys('p');
    let screen = await tui.waitFor((s) => s.includes(`paused ${name}`) && /‖/.test(rowOf(s, name)), 5000, 'the paused notice and mark');
    // The header counts it too (at 80 columns the count gives way to the time of the last result).
    expect(screen.split('\n')[0]).toMatch(/‖ (1 paused|…)/);
    tui.keys('p');
    screen = await tui.waitFor((s) => s.includes(`resumed ${name}`) && !/‖/.test(rowOf(s, name)), 5000, 'the resumed notice, no mark');
    expect(screen.split('\n')[0]).not.toMatch(/‖/);
  });

  it('r runs the selected monitor now', async () => {
    tui.keys('g');
    tui.keys('r');
    await tui.waitFor(/ran \S+/, 10_000, 'the ran notice');
  });

  it('m silences the selected monitor for an hour, in the storage: the detail view shows it', async () => {
    tui.keys('g');
    const name = /^›. (\S+)/m.exec(tui.capture())![1]!;
    tui.keys('m');
    await tui.waitFor(new RegExp(`silenced ${name} for 1h`), 5000, 'the silenced notice');
    tui.keys('Enter');
    const screen = await tui.waitFor(/silenced until \d\d:\d\d:\d\d \(silenced from trackz watch\)/, 5000, 'the silence in the detail view');
    const until = /silenced until (\d\d):(\d\d)/.exec(screen)!;
    const inAnHour = new Date(Date.now() + 3_600_000);
    const minutes = Math.abs(Number(until[1]) * 60 + Number(until[2]) - (inAnHour.getHours() * 60 + inAnHour.getMinutes()));
    expect(Math.min(minutes, 24 * 60 - minutes)).toBeLessThanOrEqual(1);
    tui.keys('Escape');
    await tui.waitFor((s) => /NAME\s+TYPE/.test(s), 5000, 'the list again');
  });

  it('? shows the help, any key closes it', async () => {
    tui.keys('?');
    const screen = await tui.waitFor(/run the selected monitor now/, 5000, 'the help screen');
    expect(screen).toMatch(/silence the selected monitor's alerts for an hour/);
    tui.keys('?');
    await tui.waitFor((s) => /NAME\s+TYPE/.test(s), 5000, 'the list again');
  });

  it('q quits: the process ends with 0 and the results are in the database', async () => {
    tui.keys('q');
    expect(await tui.exitStatus()).toBe(0);
    const history = await trackz(['history', 'flaky', '--json'], { cwd: ws.dir });
    expect(history.exitCode).toBe(0);
    expect(JSON.parse(history.stdout).results.some((r: { status: string }) => r.status === 'down')).toBe(true);
  });
});

describe('leaving trackz watch', () => {
  it('q gives the shell back as it was: the prompt, stty settings (icanon, echo), no alternate screen, a visible cursor', async () => {
    const shell = open();
    await shell.waitFor(PROMPT, 10_000, 'the shell prompt');
    shell.type(`stty -a > before.txt; ${watchCommand}; echo "watch exited $?"; stty -a > after.txt`);
    shell.keys('Enter');
    await shell.waitFor(/NAME\s+TYPE/, 15_000, 'the watch screen');
    expect(shell.display('#{alternate_on}')).toBe('1');
    shell.keys('q');
    const screen = await shell.waitFor(/watch exited 0\n(.*\n)*test-prompt\$\s*$/m, 15_000, 'the prompt after watch');
    expect(screen).toMatch(/watch exited 0/);
    expect(shell.display('#{alternate_on}')).toBe('0');
    expect(shell.display('#{cursor_flag}')).toBe('1');
    const before = readFileSync(ws.path('before.txt'), 'utf8');
    expect(readFileSync(ws.path('after.txt'), 'utf8')).toBe(before);
    expect(before).toMatch(/(^|\s)icanon(\s|$)/m);
    expect(before).toMatch(/(^|\s)echo(\s|$)/m);
    // Typing works as before: echoed, line by line.
    shell.type('echo still-here');
    shell.keys('Enter');
    await shell.waitFor(/^still-here$/m, 5000, 'the echo');
  });

  it('Ctrl-C quits the same way', async () => {
    const shell = open();
    await shell.waitFor(PROMPT, 10_000, 'the shell prompt');
    shell.type(`${watchCommand}; echo "watch exited $?"`);
    shell.keys('Enter');
    await shell.waitFor(/NAME\s+TYPE/, 15_000, 'the watch screen');
    shell.keys('C-c');
    await shell.waitFor(/watch exited 0\n(.*\n)*test-prompt\$\s*$/m, 15_000, 'the prompt after watch');
    expect(shell.display('#{alternate_on}')).toBe('0');
  });

  it('SIGTERM ends it the same way: exit 0, the terminal restored', async () => {
    const shell = open();
    await shell.waitFor(PROMPT, 10_000, 'the shell prompt');
    shell.type(`${watchCommand}; echo "watch exited $?"`);
    shell.keys('Enter');
    await shell.waitFor(/NAME\s+TYPE/, 15_000, 'the watch screen');
    // The shell's one child is watch's node process.
    const watchPid = Number(execFileSync('pgrep', ['-P', shell.display('#{pane_pid}')], { encoding: 'utf8' }).trim().split('\n')[0]);
    process.kill(watchPid, 'SIGTERM');
    await shell.waitFor(/watch exited 0\n(.*\n)*test-prompt\$\s*$/m, 15_000, 'the prompt after watch');
    expect(shell.display('#{alternate_on}')).toBe('0');
    expect(shell.display('#{cursor_flag}')).toBe('1');
  });
});

describe('NO_COLOR and no terminal', () => {
  it('NO_COLOR draws no colours, and the symbols still say each status', async () => {
    const tui = open({ command: watchCommand, env: { NO_COLOR: '1' } });
    await tui.waitFor(/✔ \d up/, 15_000, 'the list');
    const screen = tui.capture({ escapes: true });
    // No foreground or background colour (SGR 30–49, 90–107, 38;5 / 48;5) anywhere.
    expect(screen).not.toMatch(/\u001B\[(?:[0-9;]*;)?(?:3[0-9]|4[0-9]|9[0-7]|10[0-7])(?:;[0-9;]*)?m/);
    expect(screen).toMatch(/✔ homepage/);
    tui.keys('q');
    expect(await tui.exitStatus()).toBe(0);
  });

  it('without a terminal it exits 2 and points to check and serve', async () => {
    const result = await trackz(['watch'], { cwd: ws.dir });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe('trackz: trackz watch needs a terminal, but stdin and stdout are not TTYs. For one run with a report, use `trackz check`; to keep checking without a terminal, use `trackz serve`.');
    expect(result.stdout).toBe('');
  });
});
