/**
 * What a notification says, in words: one subject line that says what and why
 * (`[trackz] DOWN homepage — connection refused`) and the facts below it (why, since when, the last
 * error, the dashboard). Email, Slack and Discord all render from here. Every text passes the redactor.
 */
import { formatDuration } from '../core/duration.js';
import { redact } from '../privacy/redactor.js';
import type { AlertEvent } from './alert-event.js';
import { formatTimestamp } from '../core/timestamp.js';

const MAX_REASON = 140;

/** At most `max` characters, with … when cut. */
export function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

const oneLine = (text: string) => clip(text.replace(/\s+/g, ' ').trim(), MAX_REASON);

/** DOWN, RECOVERED, DEGRADED, STILL DOWN, TEST. */
export function headline(event: AlertEvent): string {
  switch (event.kind) {
    case 'down':
      return 'DOWN';
    case 'up':
      return 'RECOVERED';
    case 'degraded':
      return 'DEGRADED';
    case 'reminder':
      return 'STILL DOWN';
    case 'test':
      return 'TEST';
  }
}

/** The part after the dash: why (or, for a recovery, for how long). */
export function reason(event: AlertEvent): string {
  const lasted = event.durationMs === null ? undefined : formatDuration(event.durationMs);
  switch (event.kind) {
    case 'down':
    case 'degraded':
      return oneLine(event.message || event.lastError || event.status);
    case 'up':
      if (event.recoveredFrom === 'degraded') return lasted ? `no longer degraded (after ${lasted})` : 'no longer degraded';
      return lasted ? `was down for ${lasted}` : 'back up';
    case 'reminder':
      return oneLine(`for ${lasted ?? 'a while'}: ${event.lastError ?? event.message}`);
    case 'test':
      return oneLine(event.message);
  }
}

/** `DOWN homepage`; a test message is about no monitor. */
export function titleOf(event: AlertEvent): string {
  return event.kind === 'test' ? headline(event) : `${headline(event)} ${event.monitor}`;
}

export function subjectOf(event: AlertEvent): string {
  return redact(`[trackz] ${titleOf(event)} — ${reason(event)}`);
}

/** The one line chat channels lead with. */
export function summaryOf(event: AlertEvent): string {
  return redact(`${titleOf(event)} — ${reason(event)}`);
}

export function formatTime(iso: string | null): string {
  if (!iso) return '–';
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : `${formatTimestamp(ms)} UTC`;
}

/** Label/value pairs every channel shows, in order. */
export function factsOf(event: AlertEvent): [string, string][] {
  const facts: [string, string][] = [];
  if (event.kind === 'test') {
    facts.push(['What', event.message]);
  } else {
    facts.push(['Monitor', `${event.monitor} (${event.type})`]);
    facts.push(['Status', event.status]);
    if (event.kind !== 'up') facts.push(['Why', event.message || '–']);
    if (event.since) facts.push([event.kind === 'up' ? 'Down since' : 'Since', `${formatTime(event.since)}${event.durationMs !== null ? ` (${formatDuration(event.durationMs)}${event.kind === 'up' ? ' in all' : ' ago'})` : ''}`]);
    if (event.kind === 'up') facts.push(['Recovered', formatTime(event.at)]);
    if (event.lastError) facts.push(['Last error', event.lastError]);
    if (event.reminder) facts.push(['Reminder', `#${event.reminder}`]);
    facts.push(['Rule', event.rule]);
  }
  facts.push(['Workspace', event.workspace]);
  if (event.dashboardUrl) facts.push(['Dashboard', event.dashboardUrl]);
  return facts.map(([label, value]) => [label, redact(value)]);
}

export function textBodyOf(event: AlertEvent): string {
  const facts = factsOf(event);
  const width = Math.max(...facts.map(([label]) => label.length)) + 2;
  const lines = [event.kind === 'test' ? reason(event) : `${event.monitor} is ${headline(event)}: ${reason(event)}`, '', ...facts.map(([label, value]) => `${`${label}:`.padEnd(width)}${value}`), ''];
  if (event.kind === 'down' || event.kind === 'reminder') lines.push(`Silence it: trackz alerts silence ${event.monitor} --for 2h --reason "…"`);
  lines.push(`Event ${event.id}`, '-- ', 'Sent by trackz');
  return redact(`${lines.join('\n')}\n`);
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const COLORS = { down: '#c62828', reminder: '#c62828', degraded: '#ef6c00', up: '#2e7d32', test: '#1565c0' } as const;

export function colorOf(event: AlertEvent): string {
  return COLORS[event.kind];
}

export function htmlBodyOf(event: AlertEvent): string {
  const rows = factsOf(event)
    .map(([label, value]) => {
      const cell = label === 'Dashboard' ? `<a href="${escapeHtml(value)}">${escapeHtml(value)}</a>` : escapeHtml(value);
      return `<tr><th align="left" style="padding:2px 12px 2px 0;color:#555">${escapeHtml(label)}</th><td style="padding:2px 0">${cell}</td></tr>`;
    })
    .join('');
  return redact(
    `<!doctype html><html><body style="font-family:system-ui,sans-serif;font-size:14px">` +
      `<h2 style="color:${colorOf(event)};margin:0 0 12px">${escapeHtml(titleOf(event))}</h2>` +
      `<p style="margin:0 0 12px">${escapeHtml(reason(event))}</p>` +
      `<table cellspacing="0">${rows}</table>` +
      `<p style="color:#888;font-size:12px;margin-top:16px">Event ${escapeHtml(event.id)} · sent by trackz</p>` +
      `</body></html>\n`,
  );
}
