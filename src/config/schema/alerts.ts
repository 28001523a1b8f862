/**
 * The `alerts:` section: channels (email, webhook, command), rules (which monitors, which channels,
 * thresholds, reminders), maintenance windows, delivery limits. Plus the cross-references the shape
 * alone cannot check (a rule naming an unknown channel or monitor, a bad cron or time zone), each
 * reported at its file:line:column. Nothing here imports the alert engine, croner or nodemailer:
 * this module is loaded by every command, and `trackz check` without `--alert` must stay lean.
 */
import * as v from 'valibot';
import type { ConfigIssue } from '../../core/errors.js';
import { didYouMean } from '../suggest.js';
import { locate, type YamlSource } from '../yaml-source.js';
import { duration, entityName, flag, hostName, httpUrl, integer, list, nonEmptyText, port, text, timerDuration } from './fields.js';

const timeout = () => v.optional(timerDuration('Time limit for one delivery attempt. Default: 10s'), '10s');

const EMAIL_MESSAGE = 'expected an email address such as ops@example.com';
const emailAddress = (description: string) => v.pipe(v.string(EMAIL_MESSAGE), v.regex(/^[^\s@<>]+@[^\s@<>]+$|^[^<>]*<[^\s@<>]+@[^\s@<>]+>$/, EMAIL_MESSAGE), v.description(description));

const stringMap = (description: string) => v.pipe(v.record(v.string(), v.string('expected text')), v.description(description));

export const emailChannelSchema = v.strictObject({
  name: entityName('channel'),
  type: v.pipe(v.literal('email'), v.description('Send an email (text and HTML) through an SMTP server.')),
  to: v.pipe(list(emailAddress('A recipient.'), 'Recipients.'), v.minLength(1, 'expected at least one recipient')),
  from: v.optional(emailAddress('The sender. Default: trackz@<this host name>.')),
  smtp: v.pipe(
    v.strictObject({
      host: hostName('The SMTP server.'),
      port: v.optional(port('The SMTP port. Default: 587 (465 when `secure: true`).')),
      secure: v.optional(flag('TLS from the first byte (usually port 465). Default: false'), false),
      starttls: v.optional(
        v.pipe(v.picklist(['required', 'opportunistic', 'off']), v.description('Upgrade a plain connection with STARTTLS: required, opportunistic (when offered; the default) or off.')),
        'opportunistic',
      ),
      user: v.optional(text('User name for SMTP AUTH.')),
      pass: v.optional(text('Password for SMTP AUTH; write it as ${ENV_NAME} or ${secret:NAME}, never in clear.')),
      rejectUnauthorized: v.optional(flag("Refuse a certificate that is not trusted or not for the host. Default: true"), true),
    }),
    v.description('How to reach the SMTP server.'),
  ),
  timeout: timeout(),
});

export const WEBHOOK_FORMATS = ['generic', 'slack', 'discord'] as const;

export const webhookChannelSchema = v.strictObject({
  name: entityName('channel'),
  type: v.pipe(v.literal('webhook'), v.description('POST a JSON body to a URL.')),
  url: httpUrl('Where to POST. Often carries a token: write it as ${ENV_NAME} or ${secret:NAME}; trackz never prints it in full.'),
  format: v.optional(v.pipe(v.picklist(WEBHOOK_FORMATS), v.description('The body: generic (documented trackz JSON), slack ({text, blocks}) or discord ({content, embeds}). Default: generic')), 'generic'),
  secret: v.optional(nonEmptyText('Signs each body with HMAC-SHA256 (headers X-Trackz-Timestamp and X-Trackz-Signature) so the receiver can verify it.')),
  headers: v.optional(stringMap('Extra request headers (their values are treated as secrets).'), {}),
  timeout: timeout(),
});

export const commandChannelSchema = v.strictObject({
  name: entityName('channel'),
  type: v.pipe(v.literal('command'), v.description('Run a program with the event as JSON on stdin.')),
  run: v.pipe(list(nonEmptyText('A program or argument.'), 'The program and its arguments, e.g. [./notify.sh, --urgent]; run without a shell, in the config file directory.'), v.minLength(1, 'expected at least the program to run')),
  env: v.optional(stringMap('Extra environment variables for the program (their values are treated as secrets).'), {}),
  timeout: timeout(),
});

export const channelSchema = v.pipe(
  v.variant('type', [emailChannelSchema, webhookChannelSchema, commandChannelSchema], 'expected a channel with `type: email`, `type: webhook` or `type: command`'),
  v.description('Where notifications go.'),
);

const monitorPatterns = (what: string) =>
  v.optional(list(nonEmptyText('A monitor name, or a pattern with * such as web-*.'), `Monitors ${what}: names or patterns with *. Default: every monitor.`), ['*']);
const tagFilter = (what: string) => v.optional(list(nonEmptyText('A tag.'), `Only monitors with one of these tags ${what}. Default: no tag filter.`), []);

export const ruleSchema = v.strictObject({
  name: v.optional(entityName('rule')),
  monitors: monitorPatterns('this rule watches'),
  tags: tagFilter('are watched'),
  channels: v.pipe(list(nonEmptyText('A channel name.'), 'Channels that receive this rule\'s notifications.'), v.minLength(1, 'expected at least one channel')),
  failureThreshold: v.optional(integer(1, 1000, 'Consecutive failed results (down or unknown) before a monitor counts as down and one DOWN message is sent. Default: 2'), 2),
  successThreshold: v.optional(integer(1, 1000, 'Consecutive passing results before a down monitor counts as recovered and one RECOVERED message is sent. Default: 1'), 1),
  remindEvery: v.optional(duration('While still down, send a reminder this often (at the next run after it is due). Default: no reminders.')),
  degraded: v.optional(flag('Also warn when a monitor is degraded (failureThreshold consecutive degraded results), and when it is no longer. Default: false'), false),
});

export const maintenanceSchema = v.strictObject({
  name: v.optional(entityName('maintenance window')),
  monitors: monitorPatterns('muted during the window'),
  tags: tagFilter('are muted'),
  cron: nonEmptyText('When each window starts: a cron expression (minute hour day month weekday, optionally seconds first), e.g. "0 3 * * sun".', 'expected a cron expression such as "0 3 * * sun"'),
  duration: duration('How long each window lasts, e.g. 30m.'),
  timezone: v.optional(nonEmptyText('IANA time zone of the cron expression, e.g. Europe/Berlin. Default: the machine\'s time zone.')),
});

export const deliverySchema = v.strictObject({
  maxAttempts: v.optional(integer(1, 100, 'Attempts per notification before it is marked failed. Default: 10'), 10),
  backoff: v.optional(duration('Wait before the first retry; doubles on each further retry, with jitter. Default: 30s'), '30s'),
  maxBackoff: v.optional(duration('The longest wait between two retries. Default: 1h'), '1h'),
  budget: v.optional(timerDuration('How long one `trackz check --alert` run may spend delivering before it exits (undelivered ones wait for the next run). Default: 30s'), '30s'),
});

export const alertsSchema = v.pipe(
  v.strictObject({
    dashboardUrl: v.optional(httpUrl('A link to the dashboard, included in every message.')),
    channels: v.optional(list(channelSchema, 'Where notifications go.'), []),
    rules: v.optional(list(ruleSchema, 'Which monitors alert which channels, and when.'), []),
    maintenance: v.optional(list(maintenanceSchema, 'Recurring windows in which matching monitors do not alert (their state is still kept).'), []),
    delivery: v.optional(v.pipe(deliverySchema, v.description('Retries and time limits for delivering notifications.')), {}),
  }),
  v.description('Alerting: one message per incident and one on recovery, through an outbox in the SQLite file (used by `trackz check --alert`).'),
);

/** The `alerts:` key as the root sees it: absent means no channels, no rules, default delivery. */
export const alertsEntry = v.optional(alertsSchema, {});

export type AlertsConfig = v.InferOutput<typeof alertsSchema>;
export type ChannelConfig = v.InferOutput<typeof channelSchema>;
export type EmailChannelConfig = v.InferOutput<typeof emailChannelSchema>;
export type WebhookChannelConfig = v.InferOutput<typeof webhookChannelSchema>;
export type CommandChannelConfig = v.InferOutput<typeof commandChannelSchema>;
export type RuleConfig = v.InferOutput<typeof ruleSchema>;
export type MaintenanceConfig = v.InferOutput<typeof maintenanceSchema>;

/** Rules and windows may be unnamed; their state is keyed by this name, so naming them keeps it across reorders. */
export const defaultRuleName = (index: number) => `rule-${index + 1}`;
export const defaultWindowName = (index: number) => `window-${index + 1}`;

/** `*` matches any run of characters; everything else literally. */
export function matchesPattern(pattern: string, name: string): boolean {
  if (!pattern.includes('*')) return pattern === name;
  const re = new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return re.test(name);
}

/** Cron field syntax (digits, names, `*`, `,`, `-`, `/`, `?`, `L`, `W`, `#`), 5 to 7 fields or a nickname. croner parses it for real when alerting runs. */
const CRON_FIELD_RE = /^[0-9A-Za-z*,\-/?#]+$/;
const CRON_NICKNAMES = ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly'];

export function cronSyntaxProblem(expression: string): string | undefined {
  const trimmed = expression.trim();
  if (trimmed.startsWith('@')) return CRON_NICKNAMES.includes(trimmed.toLowerCase()) ? undefined : `unknown cron nickname; expected one of ${CRON_NICKNAMES.join(', ')}`;
  const fields = trimmed.split(/\s+/);
  if (fields.length < 5 || fields.length > 7) return `a cron expression has 5 fields (minute hour day month weekday), or 6 with seconds first; found ${fields.length}`;
  const bad = fields.find((field) => !CRON_FIELD_RE.test(field));
  return bad ? `"${bad}" is not a cron field` : undefined;
}

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

type Raw = Record<string, unknown>;
const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const asRecord = (value: unknown): Raw | undefined => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Raw) : undefined);

/**
 * What the schema cannot see: duplicate channel/rule names, rules naming unknown channels,
 * monitor names that match nothing, cron and time zone mistakes. Works on the raw data so these
 * are reported together with the schema's own issues.
 */
export function alertsConfigIssues(source: YamlSource, rawAlerts: unknown, monitorNames: Iterable<string>): ConfigIssue[] {
  const alerts = asRecord(rawAlerts);
  if (!alerts) return [];
  const file = source.file;
  const issues: ConfigIssue[] = [];
  const monitors = [...monitorNames];

  const channels = new Map<string, number>();
  for (const [index, raw] of asList(alerts.channels).entries()) {
    const name = asRecord(raw)?.name;
    if (typeof name !== 'string') continue;
    const first = channels.get(name);
    if (first !== undefined) {
      issues.push({ file, ...locate(source, ['alerts', 'channels', index, 'name']), message: `alerts.channels[${index}].name: duplicate channel name "${name}"`, hint: `alerts.channels[${first}] already uses it; names must be unique` });
    } else channels.set(name, index);
  }

  const checkMonitors = (section: string, index: number, raw: Raw) => {
    for (const [j, pattern] of asList(raw.monitors).entries()) {
      if (typeof pattern !== 'string' || pattern.includes('*') || monitors.includes(pattern)) continue;
      issues.push({ file, ...locate(source, ['alerts', section, index, 'monitors', j]), message: `alerts.${section}[${index}].monitors[${j}]: no monitor named "${pattern}"`, hint: didYouMean(pattern, monitors) });
    }
  };

  const rules = new Map<string, number>();
  for (const [index, raw] of asList(alerts.rules).entries()) {
    const rule = asRecord(raw);
    if (!rule) continue;
    const name = typeof rule.name === 'string' ? rule.name : defaultRuleName(index);
    const first = rules.get(name);
    if (first !== undefined) {
      issues.push({
        file,
        ...locate(source, ['alerts', 'rules', index, ...(typeof rule.name === 'string' ? ['name'] : [])]),
        message: `alerts.rules[${index}]: duplicate rule name "${name}"`,
        hint: `alerts.rules[${first}] already uses it; alert state is kept per rule name, so names must be unique`,
      });
    } else rules.set(name, index);
    for (const [j, channel] of asList(rule.channels).entries()) {
      if (typeof channel !== 'string' || channels.has(channel)) continue;
      issues.push({
        file,
        ...locate(source, ['alerts', 'rules', index, 'channels', j]),
        message: `alerts.rules[${index}].channels[${j}]: no channel named "${channel}"`,
        hint: didYouMean(channel, channels.keys()) ?? (channels.size ? `channels: ${[...channels.keys()].join(', ')}` : 'declare it under alerts.channels'),
      });
    }
    checkMonitors('rules', index, rule);
  }

  for (const [index, raw] of asList(alerts.maintenance).entries()) {
    const window = asRecord(raw);
    if (!window) continue;
    if (typeof window.cron === 'string') {
      const problem = cronSyntaxProblem(window.cron);
      if (problem) issues.push({ file, ...locate(source, ['alerts', 'maintenance', index, 'cron']), message: `alerts.maintenance[${index}].cron: ${problem}`, found: JSON.stringify(window.cron) });
    }
    if (typeof window.timezone === 'string' && !isTimeZone(window.timezone)) {
      issues.push({
        file,
        ...locate(source, ['alerts', 'maintenance', index, 'timezone']),
        message: `alerts.maintenance[${index}].timezone: unknown time zone "${window.timezone}"`,
        hint: 'expected an IANA time zone such as UTC, Europe/Berlin or America/New_York',
      });
    }
    checkMonitors('maintenance', index, window);
  }
  return issues;
}
