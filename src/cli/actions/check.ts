/**
 * `trackz check` as a plain function: load the config, select monitors, run them, store the results,
 * write every report, and return the exit code. The oclif command only parses flags and calls this.
 */
import { once } from 'node:events';
import { resolve } from 'node:path';
import { loadConfig, type LoadedConfig } from '../../config/load.js';
import { EXIT_FAILED, EXIT_USAGE, UserError } from '../../core/errors.js';
import { createHeapBudget } from '../../core/heap-budget.js';
import { createLogger } from '../../core/log.js';
import { mark } from '../../core/trace.js';
import type { Monitor } from '../../core/monitor.js';
import { countStatuses, type CheckRecord } from '../../core/result.js';
import { exitCodeFor, type FailOn } from '../../core/verdict.js';
import { loadReporter, type ReporterSpec } from '../../reporters/index.js';
import type { RunSummary } from '../../reporters/reporter.js';
import { useColor } from '../../ui/format.js';
import { outputWidth } from '../../ui/width.js';
import { writeFileAtomic } from '../../reporters/write-file.js';
import { PluginRegistry } from '../../runtime/plugin-registry.js';
import { runChecks } from '../../runtime/run-checks.js';
import { selectMonitors } from '../../runtime/select.js';
import { openStorage } from '../../storage/open.js';
import type { Storage } from '../../storage/ports/index.js';
import { StorageFullError } from '../../storage/errors.js';
import { createResultWriter, ResultsNotStoredError } from '../../storage/result-writer.js';
import { createProgress } from '../progress.js';

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
  stdout?: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr?: NodeJS.WriteStream;
  /** `--alert`: feed the stored results to the alert rules, and deliver notifications after the reports. */
  alert?: boolean;
  /**
   * Called with the stored results before the storage closes (alerts hook in here). It may return work to
   * finish after the reports are written (alert delivery), so a slow channel never delays the report.
   */
  afterRun?: (context: { records: CheckRecord[]; storage?: Storage; configFile: string; config: LoadedConfig }) => Promise<void | (() => Promise<void>)>;
}

/** What a full disk leaves of `--alert`'s evaluation. */
const ALERTS_KEPT = 'the results are stored, and the alert state is as it was before this run (nothing announced, nothing lost). Free some space: the next `trackz check --alert` decides again';

export async function check(options: CheckOptions = {}): Promise<number> {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  const stdout = options.stdout ?? process.stdout;
  const failOn = options.failOn ?? 'down';
  const specs = options.reporters?.length ? options.reporters : [{ name: 'table' }];
  const log = createLogger();

  mark('check: start');
  if (options.alert && options.store === false) throw new UserError('--alert keeps alert state and its outbox in the SQLite file, so it cannot be combined with --no-store');
  // The alert engine (and croner, nodemailer) load only for --alert.
  const afterRun = options.alert ? (await import('./alerts-check.js')).alertAfterRun({ env, signal: options.signal }) : options.afterRun;
  const config = await loadConfig({ configPath: options.configPath, cwd, env });
  mark('check: config loaded');
  const heap = createHeapBudget();
  heap.settle();
  // The runtime's plugins: imported as monitors need them, released on every exit path.
  const registry = new PluginRegistry(config.plugins);
  try {
    const selected = selectMonitors(config.monitors, { names: options.names, types: options.types, tags: options.tags, knownTypes: registry.knownTypes() });
    const monitors = options.store === false ? await withoutStoreWriters(selected, registry, options.names ?? [], options.stderr ?? process.stderr) : selected;
    const filtered = Boolean(options.names?.length || options.types?.length || options.tags?.length);
    if (monitors.length === 0 && filtered) {
      throw new UserError(`no monitors match${options.types?.length ? ` --type ${options.types.join(',')}` : ''}${options.tags?.length ? ` --tag ${options.tags.join(',')}` : ''}`, EXIT_USAGE);
    }

    const storage = options.store === false ? undefined : await openStorage({ target: config.storage.target, workspace: config.workspace });
    mark('check: store open');
    const startedAt = Date.now();
    const start = performance.now();
    try {
      const runId = await storage?.results.beginRun({ command: 'check', startedAt });
      const writer = storage ? createResultWriter(storage.results, storage.location, runId) : undefined;
      const progress = createProgress(monitors.length, options.stderr ?? process.stderr);
      let records: CheckRecord[];
      try {
        records = await runChecks(monitors, {
          registry,
          configDir: config.dir,
          concurrency: options.concurrency,
          signal: options.signal,
          log,
          onStart: () => progress.started(),
          onResult: (record) => {
            heap.tick();
            progress.finished(record.status);
            writer?.add(record);
          },
        });
      } finally {
        progress.stop();
      }
      // A run whose results cannot be stored still reports them; it says so and exits non-zero.
      let notStored: ResultsNotStoredError | undefined;
      try {
        await writer?.flush();
      } catch (error) {
        if (!(error instanceof ResultsNotStoredError)) throw error;
        notStored = error;
      }
      mark('check: checks done');
      const counts = countStatuses(records);
      if (storage && runId !== undefined && !notStored) {
        await storage.results.finishRun(runId, counts, Date.now());
        await storage.results.applyRetention(Date.now(), config.storage.retention);
      }
      // Alerts act on stored results only: with nothing stored there is nothing safe to alert on.
      let finish: void | (() => Promise<void>) = undefined;
      let alertsNotStored: StorageFullError | undefined;
      try {
        finish = notStored ? undefined : await afterRun?.({ records, storage, configFile: config.file, config });
      } catch (error) {
        // The report is still written; the alert state stays as it was (its transaction rolled back).
        if (!(error instanceof StorageFullError)) throw error;
        alertsNotStored = error.withProgress(ALERTS_KEPT);
      }

      const summary: RunSummary = {
        workspace: config.workspace,
        configFile: config.file,
        startedAt,
        finishedAt: Date.now(),
        durationMs: performance.now() - start,
        monitors,
        records,
        counts,
        failOn,
        exitCode: exitCodeFor(counts, failOn),
      };
      mark('check: results stored');
      await writeReports(specs, summary, { cwd, env, stdout });
      mark('check: reports written');
      if (finish) await finish();
      const storageProblem = notStored ?? alertsNotStored;
      if (storageProblem) {
        (options.stderr ?? process.stderr).write(`trackz: ${storageProblem.message}\n`);
        return Math.max(summary.exitCode, EXIT_FAILED);
      }
      return summary.exitCode;
    } finally {
      await storage?.close();
    }
  } finally {
    await registry.disposeAll();
  }
}

/**
 * `--no-store` writes nothing, so checks whose job is to write into the store (activity imports) are
 * left out, and said so; naming one explicitly with --no-store is a usage error.
 */
async function withoutStoreWriters(monitors: Monitor[], registry: PluginRegistry, named: string[], stderr: NodeJS.WritableStream): Promise<Monitor[]> {
  const kept: Monitor[] = [];
  const skipped: string[] = [];
  for (const monitor of monitors) {
    if ((await registry.get(monitor.type))?.writesStore) skipped.push(monitor.name);
    else kept.push(monitor);
  }
  const namedWriters = skipped.filter((name) => named.includes(name));
  if (namedWriters.length) throw new UserError(`${namedWriters.join(', ')} import${namedWriters.length === 1 ? 's' : ''} into the store, so cannot run with --no-store`);
  if (skipped.length) stderr.write(`trackz: skipped ${skipped.join(', ')}: ${skipped.length === 1 ? 'it imports' : 'they import'} into the store, and --no-store writes nothing\n`);
  return kept;
}

/**
 * Writes a report to a stream, waiting whenever the stream says its buffer is full: on a pipe to a
 * slower reader, writing a 10,000-result report without waiting queued ~40 MB in memory (measured).
 */
async function writeChunks(stream: NodeJS.WritableStream, output: string | Iterable<string>): Promise<void> {
  for (const chunk of typeof output === 'string' ? [output] : output) {
    if (!stream.write(chunk)) await once(stream, 'drain');
  }
}

/** Every report is written, files included, even when checks failed. Files are replaced atomically. */
export async function writeReports(
  specs: readonly ReporterSpec[],
  summary: RunSummary,
  io: { cwd: string; env: Record<string, string | undefined>; stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number } },
): Promise<void> {
  for (const spec of specs) {
    const toFile = spec.path !== undefined;
    const reporter = (await loadReporter(spec.name))({
      color: !toFile && useColor(io.stdout, io.env),
      columns: toFile ? undefined : outputWidth(io.stdout, io.env),
      cwd: io.cwd,
      env: io.env,
    });
    reporter.onBegin?.(summary);
    for (const record of summary.records) reporter.onCheckEnd?.(record);
    const output = reporter.onEnd(summary);
    if (toFile) writeFileAtomic(resolve(io.cwd, spec.path!), output);
    else await writeChunks(io.stdout, output);
  }
}
