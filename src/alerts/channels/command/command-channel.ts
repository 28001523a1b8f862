/**
 * Runs a program without a shell, in the config file's directory: the event JSON (the webhook's
 * generic body) on stdin, and TRACKZ_EVENT_ID / TRACKZ_EVENT_KIND / TRACKZ_MONITOR in its environment.
 * Exit 0 is delivered; anything else is a failure to retry.
 *
 * It runs in a process group of its own (src/core/process-group.ts): when the send's time limit or
 * the run's delivery budget is reached, the program and everything it started (a shell script's curl
 * or sleep) are stopped together, so `check --alert` ends within its budget whatever a script does.
 * trackz's own secrets (TRACKZ_SECRET_KEY…) are never passed on (src/core/child-env.ts).
 */
import type { CommandChannelConfig } from '../../../config/schema/alerts.js';
import { childEnv } from '../../../core/child-env.js';
import { runInGroup } from '../../../core/process-group.js';
import { redact } from '../../../privacy/redactor.js';
import { eventBody } from '../../alert-event.js';
import type { AlertChannel, ChannelContext, Notification } from '../alert-channel.js';

/** SIGTERM first, so a script can tidy up; SIGKILL this much later. */
const KILL_GRACE_MS = 1000;
/** After the program exits, what it left holding stderr is read this long. */
const EXIT_GRACE_MS = 250;

export function createCommandChannel(config: CommandChannelConfig, context: ChannelContext): AlertChannel {
  const [file, ...args] = config.run as [string, ...string[]];
  return {
    name: config.name,
    type: 'command',
    timeoutMs: config.timeout,
    target: redact(config.run.join(' ')),
    async send(notification: Notification, signal: AbortSignal) {
      const result = await runInGroup({
        file,
        args,
        cwd: context.configDir,
        input: JSON.stringify(eventBody(notification.event)),
        env: childEnv(context.env, {
          ...config.env,
          TRACKZ_EVENT_ID: notification.key,
          TRACKZ_EVENT_KIND: notification.event.kind,
          TRACKZ_MONITOR: notification.event.monitor,
        }),
        signal,
        maxOutputBytes: 64 * 1024,
        exitGraceMs: EXIT_GRACE_MS,
        termGraceMs: KILL_GRACE_MS,
        captureStdout: false,
      });
      if (result.exitCode === 0 && !result.killed && !result.spawnError) return;
      const stderr = result.stderr.trim().split('\n').slice(-3).join(' | ').slice(0, 300);
      const why = result.killed
        ? 'stopped: time limit reached (it and every process it started)'
        : result.spawnError
          ? `failed to start (${result.spawnError.code})`
          : result.exitCode !== undefined
            ? `exited with code ${result.exitCode}`
            : `was killed by ${result.signal}`;
      throw new Error(redact(`${config.run[0]} ${why}${stderr ? `: ${stderr}` : ''}`));
    },
    async close() {},
  };
}
