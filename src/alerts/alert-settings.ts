/**
 * The `alerts:` section resolved for the engine: rules and windows named, durations in ms, and what
 * the engine needs to know about each monitor (type, tags, parents). Pure; imports no engine code.
 */
import type { LoadedConfig } from '../config/load.js';
import * as v from 'valibot';
import { alertsEntry, defaultRuleName, defaultWindowName, matchesPattern, type AlertsConfig, type ChannelConfig } from '../config/schema/alerts.js';
import type { YamlSource } from '../config/yaml-source.js';
import { registerSecret } from '../privacy/redactor.js';
import type { RuleThresholds } from './state-machine.js';

export interface AlertRule extends RuleThresholds {
  name: string;
  monitors: string[];
  tags: string[];
  channels: string[];
}

export interface MaintenanceSpec {
  name: string;
  /** Position in alerts.maintenance, for errors that point at the config. */
  index: number;
  monitors: string[];
  tags: string[];
  cron: string;
  durationMs: number;
  timezone?: string;
}

export interface DeliverySettings {
  maxAttempts: number;
  backoffMs: number;
  maxBackoffMs: number;
  budgetMs: number;
}

export interface MonitorInfo {
  type: string;
  tags: string[];
  dependsOn: string[];
}

export interface AlertSettings {
  workspace: string;
  dashboardUrl?: string;
  rules: AlertRule[];
  channels: ChannelConfig[];
  maintenance: MaintenanceSpec[];
  delivery: DeliverySettings;
  monitors: Map<string, MonitorInfo>;
  /** Relative paths (command channels) resolve against it. */
  configDir: string;
  source?: YamlSource;
}

/** Does a rule or window with these patterns and tags cover this monitor? */
export function covers(selector: { monitors: string[]; tags: string[] }, monitor: string, tags: readonly string[]): boolean {
  if (!selector.monitors.some((pattern) => matchesPattern(pattern, monitor))) return false;
  return selector.tags.length === 0 || selector.tags.some((tag) => tags.includes(tag));
}

export function alertSettingsFrom(config: LoadedConfig): AlertSettings {
  // A file without `alerts:` has no channels and no rules; the defaults come from the same schema.
  const alerts: AlertsConfig = config.root.alerts ?? v.parse(alertsEntry, undefined);
  // Channel credentials are registered with the redactor whether they came from ${…} or were written in
  // clear; webhook URLs too, since they usually carry their token in the path.
  for (const channel of alerts.channels) {
    if (channel.type === 'email') registerSecret(channel.smtp.pass);
    if (channel.type === 'webhook') [channel.url, channel.secret, ...Object.values(channel.headers)].forEach(registerSecret);
    if (channel.type === 'command') Object.values(channel.env).forEach(registerSecret);
  }
  return {
    workspace: config.workspace,
    dashboardUrl: alerts.dashboardUrl,
    rules: alerts.rules.map((rule, index) => ({
      name: rule.name ?? defaultRuleName(index),
      monitors: rule.monitors,
      tags: rule.tags,
      channels: rule.channels,
      failureThreshold: rule.failureThreshold,
      successThreshold: rule.successThreshold,
      remindEveryMs: rule.remindEvery,
      degraded: rule.degraded,
    })),
    channels: alerts.channels,
    maintenance: alerts.maintenance.map((window, index) => ({
      name: window.name ?? defaultWindowName(index),
      index,
      monitors: window.monitors,
      tags: window.tags,
      cron: window.cron,
      durationMs: window.duration,
      timezone: window.timezone,
    })),
    delivery: {
      maxAttempts: alerts.delivery.maxAttempts,
      backoffMs: alerts.delivery.backoff,
      maxBackoffMs: alerts.delivery.maxBackoff,
      budgetMs: alerts.delivery.budget,
    },
    monitors: new Map(config.monitors.map((m) => [m.name, { type: m.type, tags: m.tags, dependsOn: m.dependsOn }])),
    configDir: config.dir,
    source: config.source,
  };
}
