/**
 * command: runs any Nagios-compatible plugin. Exit 0 up, 1 degraded, 2 down, 3 unknown; the first
 * line of output is the message; performance data becomes metrics. A timeout kills the process group.
 */
import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { formatDuration } from '../../src/core/duration.js';
import { definePlugin } from '../../src/core/plugin.js';
import type { CheckResult } from '../../src/core/result.js';
import { redact } from '../../src/privacy/redactor.js';
import { statusForExit, unusualExit } from './nagios-status.js';
import { commandOptions } from './options.js';
import { commandPreflight } from './preflight.js';
import { parsePluginOutput, perfMetrics } from './perfdata.js';
import { MAX_OUTPUT_BYTES, runProcess } from './run-process.js';

const firstLine = (text: string) => text.split(/\r?\n/, 1)[0]!.trim();

const SPAWN_ERRORS: Record<string, string> = {
  ENOENT: 'no such program',
  EACCES: 'permission denied (is it executable?)',
  ENOTDIR: 'a part of the path is not a directory',
};

export default definePlugin({
  type: 'command',
  description: 'Any Nagios-compatible plugin: exit code is the status, perfdata become metrics',
  options: commandOptions,
  preflight: (monitor, ctx) => commandPreflight(monitor.options, ctx.configDir, ctx.env),
  async run(monitor, ctx): Promise<CheckResult> {
    const { run, env, cwd } = monitor.options;
    const shell = typeof run === 'string';
    // A program given as a path is relative to the config file, like every other path in it.
    const program = shell ? run : run[0]!.includes('/') && !isAbsolute(run[0]!) ? resolve(ctx.configDir, run[0]!) : run[0]!;
    const workdir = resolve(ctx.configDir, cwd ?? '.');
    const outcome = await runProcess({
      file: program,
      args: shell ? [] : run.slice(1),
      shell,
      cwd: workdir,
      env,
      signal: ctx.signal,
    });
    // Only the program is kept, never its arguments: they may carry credentials.
    const shown = shell ? '/bin/sh -c …' : program;
    const latencyMs = outcome.durationMs;
    const base = { latencyMs, metrics: { total_ms: Math.round(latencyMs * 10) / 10 } };

    if (outcome.spawnError) {
      // spawn says ENOENT for a missing working directory too: say which is missing.
      const why = outcome.spawnError.code === 'ENOENT' && !existsSync(workdir) ? `the working directory ${cwd ?? workdir} does not exist` : (SPAWN_ERRORS[outcome.spawnError.code] ?? outcome.spawnError.message);
      return { ...base, status: 'unknown', message: `cannot run ${shown}: ${why}`, details: { program: shown } };
    }
    if (outcome.killed) {
      const reason = (ctx.signal.reason as { name?: string } | undefined)?.name === 'TimeoutError' ? `timeout after ${formatDuration(ctx.timeoutMs)}` : 'cancelled';
      return {
        ...base,
        status: reason === 'cancelled' ? 'unknown' : 'down',
        message: `${reason}: the command and every process it started were killed`,
        details: { program: shown, output: redact(outcome.stdout.slice(0, 4096)) },
      };
    }
    if (outcome.outputTooLarge) {
      return { ...base, status: 'unknown', message: `the command printed more than ${MAX_OUTPUT_BYTES / 1024 / 1024} MiB of output; it was stopped`, details: { program: shown } };
    }

    const output = parsePluginOutput(outcome.stdout);
    const unusual = unusualExit(outcome);
    const message = output.message || firstLine(outcome.stderr) || '(no output)';
    return {
      ...base,
      status: statusForExit(outcome),
      message: unusual ? `${unusual}: ${message}` : message,
      metrics: { ...perfMetrics(output.perfdata), ...base.metrics },
      details: {
        program: shown,
        exitCode: outcome.exitCode ?? null,
        signal: outcome.signal ?? null,
        longText: output.longText.map(redact),
        perfdata: output.perfdata,
        ...(output.invalid.length ? { invalidPerfdata: output.invalid.map(redact) } : {}),
        ...(outcome.stderr ? { stderr: redact(outcome.stderr.slice(0, 4096)) } : {}),
        // It exited, but something it started still held its output open: read for a moment, then cut.
        ...(outcome.outputCut ? { outputCut: true } : {}),
      },
    };
  },
});
