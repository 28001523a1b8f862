/**
 * One pass (`trackz check`): every given monitor once, bounded concurrency overall and per type; each
 * result stored in batches as it arrives; then the stored results evaluated by the alert engine in
 * one go (so a child sees its parent's result from the same pass, as dependencies need); then
 * `cycle.finished`, which is when reports are written; then delivery within its budget, so a slow
 * channel never holds a report back; then retention. Events are emitted as each step happens.
 */
import type { Logger } from '../core/log.js';
import type { Monitor } from '../core/monitor.js';
import type { CheckRecord } from '../core/result.js';
import { countStatuses } from '../core/result.js';
import { mark } from '../core/trace.js';
import type { RetentionPolicy, Storage } from '../storage/ports/index.js';
import type { Alerting } from './alerting.js';
import type { BackgroundDelivery } from './background-delivery.js';
import type { Clock } from './clock.js';
import type { EventStream } from './event-stream.js';
import type { CycleSummary } from './events.js';
import type { PluginRegistry } from './plugin-registry.js';
import { ResultBatches } from './result-batches.js';
import { runChecks } from './run-checks.js';

export interface CycleContext {
  events: EventStream;
  registry: PluginRegistry;
  configDir: string;
  storage?: Storage;
  retention: RetentionPolicy;
  alerting?: Alerting;
  delivery?: BackgroundDelivery;
  clock: Clock;
  /** Wall-clock time for records and runs. */
  now: () => number;
  log: Logger;
  concurrency?: number;
  signal?: AbortSignal;
  /** The `runs` row's command. */
  command: string;
}

export interface CycleOptions {
  /** false: store and evaluate, but leave delivery to a later pass. Default true. */
  deliver?: boolean;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

export async function runCycle(monitors: readonly Monitor[], context: CycleContext, options: CycleOptions = {}): Promise<CycleSummary> {
  const { events, storage } = context;
  const startedAt = context.now();
  const start = performance.now();
  const stored: CheckRecord[] = [];
  const batches = storage
    ? new ResultBatches({
        results: storage.results,
        location: storage.location,
        beginRun: () => storage.results.beginRun({ command: context.command, startedAt }),
        events,
        clock: context.clock,
        onStored: (batch) => void stored.push(...batch),
      })
    : undefined;
  let records: CheckRecord[];
  try {
    records = await runChecks(monitors, {
      registry: context.registry,
      configDir: context.configDir,
      concurrency: context.concurrency,
      signal: context.signal,
      log: context.log,
      now: context.now,
      onStart: (monitor) => events.emit({ type: 'check.started', monitor: { name: monitor.name, type: monitor.type, tags: monitor.tags }, startedAt: context.now() }),
      onResult: (record) => {
        events.emit({ type: 'check.result', record });
        batches?.add(record);
      },
    });
  } finally {
    batches?.close();
  }
  mark('cycle: checks done');
  const counts = countStatuses(records);
  // A pass whose results cannot all be stored still reports them, and says so (summary.storeError).
  let storeError: string | undefined;
  if (batches) {
    try {
      await batches.flush();
      await batches.finishRun(context.now(), counts).catch((error: unknown) => {
        throw new Error(`the run could not be recorded in ${storage!.location}: ${messageOf(error)}`);
      });
    } catch (error) {
      storeError = messageOf(error);
    }
  }
  mark('cycle: results stored');
  // Alerts act on stored results only: what could not be stored is not safe to alert on.
  if (context.alerting && stored.length) await context.alerting.evaluate(stored);
  const summary: CycleSummary = { counts, startedAt, durationMs: performance.now() - start, records, ...(batches?.runId !== undefined ? { runId: batches.runId } : {}), ...(storeError ? { storeError } : {}) };
  events.emit({ type: 'cycle.finished', summary });
  if (options.deliver !== false && context.alerting && context.delivery) await context.delivery.passNow();
  if (storage && !storeError) {
    try {
      await storage.results.applyRetention(context.now(), context.retention);
    } catch (error) {
      events.emit({ type: 'error', phase: 'retention', message: `retention could not be applied: ${messageOf(error)}` });
    }
  }
  return summary;
}
