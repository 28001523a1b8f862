/**
 * Runs a program with execa, without a shell, in the config file's directory: the event JSON
 * (the webhook's generic body) on stdin, and TRACKZ_EVENT_ID / TRACKZ_EVENT_KIND / TRACKZ_MONITOR
 * in its environment. Exit 0 is delivered; anything else is a failure to retry.
 * TRACKZ_SECRET_KEY is never passed on: a notification script has no business with the store's key.
 */
import type { CommandChannelConfig } from '../../../config/schema/alerts.js';
import { redact } from '../../../privacy/redactor.js';
import { eventBody } from '../../alert-event.js';
import type { AlertChannel, ChannelContext, Notification } from '../alert-channel.js';

const KILL_GRACE_MS = 2000;

export function createCommandChannel(config: CommandChannelConfig, context: ChannelContext): AlertChannel {
  const [file, ...args] = config.run as [string, ...string[]];
  return {
    name: config.name,
    type: 'command',
    timeoutMs: config.timeout,
    target: redact(config.run.join(' ')),
    async send(notification: Notification, signal: AbortSignal) {
      const { execa } = await import('execa');
      const { TRACKZ_SECRET_KEY: _withheld, ...inherited } = context.env;
      const result = await execa(file, args, {
        cwd: context.configDir,
        input: JSON.stringify(eventBody(notification.event)),
        env: {
          ...inherited,
          ...config.env,
          TRACKZ_EVENT_ID: notification.key,
          TRACKZ_EVENT_KIND: notification.event.kind,
          TRACKZ_MONITOR: notification.event.monitor,
        },
        extendEnv: false,
        cancelSignal: signal,
        forceKillAfterDelay: KILL_GRACE_MS,
        reject: false,
        stdout: 'ignore',
        stderr: 'pipe',
        maxBuffer: 64 * 1024,
      });
      if (result.exitCode === 0 && !result.failed) return;
      const stderr = String(result.stderr ?? '').trim().split('\n').slice(-3).join(' | ').slice(0, 300);
      const why = result.isCanceled ? 'stopped: time limit reached' : result.exitCode !== undefined ? `exited with code ${result.exitCode}` : (result.shortMessage ?? 'failed to start');
      throw new Error(redact(`${config.run[0]} ${why}${stderr ? `: ${stderr}` : ''}`));
    },
    async close() {},
  };
}
