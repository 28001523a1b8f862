/**
 * Durations on the command line get the config's bounds: a clear usage error (exit 2) naming the
 * flag, never a date that cannot be printed or a timer that fires at once. Through the built binary.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../config/build.js';
import { trackz } from '../helpers/cli.js';
import { useWorkspace } from '../helpers/workspace.js';

const ws = useWorkspace('trackz-duration-flags-');

beforeAll(async () => {
  await ensureBuilt();
  ws.write(
    'trackz.config.yaml',
    `monitors:
  - { name: one, type: tcp, host: 127.0.0.1, port: 1, timeout: 1s }
sites:
  - { name: blog, logs: { path: access.log } }
alerts:
  channels: [{ name: pager, type: command, run: [/bin/true] }]
  rules: [{ channels: [pager] }]
`,
  );
  ws.write('access.log', '');
  expect((await trackz(['check', 'one'], { cwd: ws.dir })).exitCode).toBe(1);
});

describe('duration flags', () => {
  it.each([
    [['history', 'one', '--since', '99999999w'], '--since: expected at most 100 years (5200w), got "99999999w"'],
    [['activity', '--since', '600000w'], '--since: expected at most 100 years (5200w), got "600000w"'],
    [['data', 'export', '--site', 'blog', '--since', '999999999999d'], '--since: expected at most 100 years (5200w), got "999999999999d"'],
    [['alerts', 'silence', 'one', '--for', '40000000w'], '--for: expected at most 100 years (5200w), got "40000000w"'],
  ])('trackz %j is a usage error', async (args, message) => {
    const result = await trackz(args, { cwd: ws.dir });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe(`trackz: ${message}`);
  });

  it('a long but sane duration is accepted', async () => {
    const result = await trackz(['history', 'one', '--since', '5000w', '--json'], { cwd: ws.dir });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).results).toHaveLength(1);
  });
});
