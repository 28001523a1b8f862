/**
 * What the daemon's log says about the runtime's events: a line per alert, notification, skipped
 * slot and error; a line per result only at debug (a thousand monitors would flood the journal).
 */
import type { EventStream, Unsubscribe } from '../runtime/event-stream.js';
import type { DaemonLog } from './daemon-log.js';

export function logRuntimeEvents(events: EventStream, log: DaemonLog): Unsubscribe {
  return events.subscribe((event) => {
    switch (event.type) {
      case 'check.result': {
        const { record } = event;
        log.event('debug', `${record.monitor}: ${record.status}`, { monitor: record.monitor, status: record.status, durationMs: Math.round(record.durationMs), message: record.message || undefined });
        return;
      }
      case 'check.skipped':
        log.event('warn', `${event.monitor}: skipped ${event.slots} slot${event.slots === 1 ? '' : 's'} (${event.reason})`, { monitor: event.monitor, slots: event.slots, reason: event.reason });
        return;
      case 'alert.transition':
        log.event('info', `alert: ${event.event.monitor} ${event.event.kind}`, { monitor: event.event.monitor, rule: event.event.rule, kind: event.event.kind, channels: event.channels });
        return;
      case 'notification.sent':
        log.event('info', `notification sent to ${event.entry.channel}`, { channel: event.entry.channel, monitor: event.entry.monitor });
        return;
      case 'notification.retrying':
        log.event('warn', `notification to ${event.entry.channel} will be retried: ${event.error}`, { channel: event.entry.channel, monitor: event.entry.monitor });
        return;
      case 'notification.failed':
        log.event('error', `notification to ${event.entry.channel} failed: ${event.error}`, { channel: event.entry.channel, monitor: event.entry.monitor });
        return;
      case 'error':
        log.event('error', event.message, { phase: event.phase, monitor: event.monitor });
        return;
      default:
        return;
    }
  });
}
