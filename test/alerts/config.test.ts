/** The `alerts:` section through the real loader: defaults, and every mistake at its file:line:column. */
import { describe, expect, it } from 'vitest';
import { loadConfigText } from '../../src/config/load.js';
import { alertSettingsFrom } from '../../src/alerts/alert-settings.js';
import { ConfigError, type ConfigIssue } from '../../src/core/errors.js';

const FILE = '/virtual/trackz.config.yaml';
const MONITORS = `monitors:
  - { name: homepage, type: tcp, host: 127.0.0.1, port: 80 }
  - { name: api, type: tcp, host: 127.0.0.1, port: 81, tags: [web] }
`;

async function issuesOf(text: string, env: Record<string, string> = {}): Promise<ConfigIssue[]> {
  try {
    await loadConfigText(FILE, text, { env });
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
  throw new Error('expected the config to be refused');
}

describe('alerts config', () => {
  it('fills in the documented defaults', async () => {
    const config = await loadConfigText(FILE, `${MONITORS}alerts:\n  channels:\n    - { name: ops, type: email, to: [ops@example.com], smtp: { host: smtp.example.com } }\n  rules:\n    - channels: [ops]\n`, { env: {} });
    const settings = alertSettingsFrom(config);
    expect(settings.rules).toEqual([{ name: 'rule-1', monitors: ['*'], tags: [], channels: ['ops'], failureThreshold: 2, successThreshold: 1, remindEveryMs: undefined, degraded: false }]);
    expect(settings.delivery).toEqual({ maxAttempts: 10, backoffMs: 30_000, maxBackoffMs: 3_600_000, budgetMs: 30_000 });
    expect(settings.channels[0]).toMatchObject({ type: 'email', timeout: 10_000, smtp: { host: 'smtp.example.com', secure: false, starttls: 'opportunistic', rejectUnauthorized: true } });
  });

  it('a config without alerts loads without the alerts schema, and the alerts box sees the defaults', async () => {
    const config = await loadConfigText(FILE, MONITORS, { env: {} });
    // The section is validated (and its schema imported) only when the file has it.
    expect(config.root.alerts).toBeUndefined();
    const settings = alertSettingsFrom(config);
    expect(settings.channels).toEqual([]);
    expect(settings.rules).toEqual([]);
    expect(settings.maintenance).toEqual([]);
    expect(settings.delivery).toEqual({ maxAttempts: 10, backoffMs: 30_000, maxBackoffMs: 3_600_000, budgetMs: 30_000 });
  });

  it('points at a rule naming an unknown channel, with a did-you-mean', async () => {
    const text = `${MONITORS}alerts:
  channels:
    - { name: oncall, type: webhook, url: "https://hooks.example.com/x" }
  rules:
    - name: main
      channels: [oncal]
`;
    const issues = await issuesOf(text);
    expect(issues).toEqual([
      expect.objectContaining({ file: FILE, line: 9, column: 18, message: 'alerts.rules[0].channels[0]: no channel named "oncal"', hint: 'did you mean `oncall`?' }),
    ]);
  });

  it('points at unknown monitor names in rules and windows, and accepts patterns', async () => {
    const text = `${MONITORS}alerts:
  channels: [{ name: c, type: command, run: [./notify.sh] }]
  rules:
    - { channels: [c], monitors: [homepag, "web-*"] }
  maintenance:
    - { monitors: [apii], cron: "0 3 * * sun", duration: 30m }
`;
    const issues = await issuesOf(text);
    expect(issues.map((i) => [i.line, i.message, i.hint])).toEqual([
      [7, 'alerts.rules[0].monitors[0]: no monitor named "homepag"', 'did you mean `homepage`?'],
      [9, 'alerts.maintenance[0].monitors[0]: no monitor named "apii"', 'did you mean `api`?'],
    ]);
  });

  it('refuses duplicate channel and rule names, bad cron, unknown time zones, bad thresholds', async () => {
    const text = `${MONITORS}alerts:
  channels:
    - { name: c, type: command, run: [./a.sh] }
    - { name: c, type: command, run: [./b.sh] }
  rules:
    - { name: r, channels: [c], failureThreshold: 0 }
    - { name: r, channels: [c] }
  maintenance:
    - { cron: "0 3 * *", duration: 30m }
    - { cron: "0 3 * * sun", duration: 30, timezone: Mars/Olympus }
`;
    const issues = await issuesOf(text);
    const byLine = Object.fromEntries(issues.map((i) => [i.line, i.message]));
    expect(byLine[7]).toBe('alerts.channels[1].name: duplicate channel name "c"');
    expect(byLine[9]).toMatch(/^alerts\.rules\[0\]\.failureThreshold: expected a whole number from 1 to 1000/);
    expect(byLine[10]).toBe('alerts.rules[1]: duplicate rule name "r"');
    expect(byLine[12]).toBe('alerts.maintenance[0].cron: a cron expression has 5 fields (minute hour day month weekday), or 6 with seconds first; found 4');
    expect(issues.filter((i) => i.line === 13).map((i) => i.message).sort()).toEqual([
      'alerts.maintenance[1].duration: expected a duration such as 500ms, 90s, 1h30m or 7d (add a unit, e.g. 30s or 30ms)',
      'alerts.maintenance[1].timezone: unknown time zone "Mars/Olympus"',
    ]);
  });

  it('refuses an unknown channel type and a key a channel does not have', async () => {
    const text = `${MONITORS}alerts:
  channels:
    - { name: a, type: pager }
    - { name: b, type: webhook, url: "https://example.com/hook", fromat: slack }
`;
    const issues = await issuesOf(text);
    expect(issues.map((i) => `${i.line}: ${i.message}${i.hint ? ` (${i.hint})` : ''}`)).toEqual([
      '6: alerts.channels[0].type: expected a channel with `type: email`, `type: webhook` or `type: command`',
      '7: alerts.channels[1].fromat: unknown key `fromat` (did you mean `format`?)',
    ]);
  });
});
