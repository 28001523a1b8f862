/**
 * `trackz check` as a plain function: load the config, select monitors, and run one cycle of the
 * runtime (run, store, alert, deliver, retention), with the progress line and the reporters listening
 * to its events. Returns the exit code. The oclif command only parses flags and calls this.
 */
import { loadConfig } from '../../config/load.js';
import { EXIT_FAILED, EXIT_USAGE, UserError } from '../../core/errors.js';
import { createHeapBudget } from '../../core/heap-budget.js';
import { createLogger } from '../../core/log.js';
import { mark } from '../../core/trace.js';
import type { Monitor } from '../../core/monitor.js';
import { exitCodeFor, type FailOn } from '../../core/verdict.js';
import type { ReporterSpec } from '../../reporters/index.js';
import { subscribeReporters, type ReportStdout, type ReportSubscription } from '../../reporters/subscribe.js';
import type { RuntimeErrorEvent } from '../../runtime/events.js';
import { PluginRegistry } from '../../runtime/plugin-registry.js';
import { createRuntime } from '../../runtime/runtime.js';
import { selectMonitors, storeWriters } from '../../runtime/select.js';
import { openStorage } from '../../storage/open.js';
import { followProgress } from '../progress.js';

export interface CheckOptions {
  configPath?: string;
  cwd?: string;
  env?: Record<string, string | undefined>;
  names?: string[];
  types?: string[];
  tags?: string[];
  reporters?: ReporterSpec[];
  concurrency?: number;
  failOn?: FailOn;
  /** false for `--no-store`: nothing is opened or written. */
  store?: boolean;
  signal?: AbortSignal;
  stdout?: ReportStdout;
  stderr?: NodeJS.WriteStream;
  /** `--alert`: feed the stored results to the alert rules, and deliver notifications after the reports. */
  alert?: boolean;
}

export async function check(options: CheckOptions = {}): Promise<number> {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  const stderr = options.stderr ?? process.stderr;
  const failOn = options.failOn ?? 'down';
  const specs = options.reporters?.length ? options.reporters : [{ name: 'table' }];

  mark('check: start');
  if (options.alert && options.store === false) throw new UserError('--alert keeps alert state and its outbox in the SQLite file, so it cannot be combined with --no-store');
  const config = await loadConfig({ configPath: options.configPath, cwd, env });
  mark('check: config loaded');
  const heap = createHeapBudget();
  heap.settle();
  // One registry: selection asks it which types import into the store (loading those plugins), and
  // the runtime then runs from the same one, so nothing is loaded twice or left undisposed.
  const registry = new PluginRegistry(config.plugins);
  const monitors = await selectForCheck(config.monitors, registry, options, stderr).catch(async (error: unknown) => {
    await registry.disposeAll();
    throw error;
  });

  // Opened only once the command line is known to be good: a usage error writes nothing.
  const storage = options.store === false ? undefined : await openStorage({ target: config.storage.target, workspace: config.workspace }).catch(async (error: unknown) => {
    await registry.disposeAll();
    throw error;
  });
  mark('check: store open');
  let reports: ReportSubscription | undefined;
  try {
    const runtime = await createRuntime({ config, storage, alerts: Boolean(options.alert), log: createLogger(), env, concurrency: options.concurrency, signal: options.signal, registry });
    const errors: RuntimeErrorEvent[] = [];
    try {
      // A refused batch is retried and, if it stays refused, summed up in the cycle's storeError.
      runtime.events.on('error', (event) => void (event.phase !== 'store' && errors.push(event)));
      runtime.events.on('check.result', () => heap.tick());
      followProgress(runtime.events, monitors.length, stderr);
      reports = await subscribeReporters(runtime.events, specs, { workspace: config.workspace, configFile: config.file, monitors, failOn }, { cwd, env, stdout: options.stdout ?? process.stdout });
      const summary = await runtime.runCycle(monitors);
      mark('check: cycle done');
      await reports.done();
      mark('check: reports written');
      let code = exitCodeFor(summary.counts, failOn);
      // A run whose results cannot be stored, or whose alerts cannot be evaluated or delivered, still
      // reports its checks; it says what went wrong and exits non-zero.
      for (const message of [summary.storeError, ...errors.map((event) => event.message)]) {
        if (!message) continue;
        stderr.write(`trackz: ${message}\n`);
        code = Math.max(code, EXIT_FAILED);
      }
      return code;
    } finally {
      await runtime.stop();
    }
  } finally {
    reports?.abandon();
    await storage?.close();
  }
}

/**
 * The monitors named, typed and tagged on the command line. `--no-store` writes nothing, so checks
 * whose job is to write into the store (activity imports) are left out, and said so; naming one
 * explicitly with --no-store is a usage error.
 */
async function selectForCheck(all: Monitor[], registry: PluginRegistry, options: CheckOptions, stderr: NodeJS.WritableStream): Promise<Monitor[]> {
  const named = options.names ?? [];
  const selected = selectMonitors(all, { names: named, types: options.types, tags: options.tags, knownTypes: registry.knownTypes() });
  let monitors = selected;
  if (options.store === false) {
    const writers = await storeWriters(selected, registry);
    const namedWriters = named.filter((name) => writers.has(name));
    if (namedWriters.length) throw new UserError(`${namedWriters.join(', ')} import${namedWriters.length === 1 ? 's' : ''} into the store, so cannot run with --no-store`);
    const skipped = selected.filter((monitor) => writers.has(monitor.name)).map((monitor) => monitor.name);
    if (skipped.length) stderr.write(`trackz: skipped ${skipped.join(', ')}: ${skipped.length === 1 ? 'it imports' : 'they import'} into the store, and --no-store writes nothing\n`);
    monitors = selected.filter((monitor) => !writers.has(monitor.name));
  }
  const filtered = Boolean(options.names?.length || options.types?.length || options.tags?.length);
  if (monitors.length === 0 && filtered) {
    throw new UserError(`no monitors match${options.types?.length ? ` --type ${options.types.join(',')}` : ''}${options.tags?.length ? ` --tag ${options.tags.join(',')}` : ''}`, EXIT_USAGE);
  }
  return monitors;
}
