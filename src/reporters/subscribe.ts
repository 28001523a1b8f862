/**
 * Reporters as subscribers of the runtime's events: each gets onBegin at once, onCheckEnd for every
 * `check.result`, and onEnd at `cycle.finished`. Its text goes to stdout (waiting whenever the
 * stream's buffer is full: a 10,000-result report to a slow pipe would otherwise queue ~40 MB), or to
 * a file built beside its target and renamed into place at the end, so a report file is whole or
 * absent, even when the run is interrupted. A report that fails (a directory that cannot be written)
 * stops only itself; `done()` says so.
 */
import { once } from 'node:events';
import { resolve } from 'node:path';
import { exitCodeFor } from '../core/verdict.js';
import type { EventStream } from '../runtime/event-stream.js';
import type { CycleSummary } from '../runtime/events.js';
import { useColor } from '../ui/format.js';
import { outputWidth } from '../ui/width.js';
import { loadReporter, type ReporterSpec } from './index.js';
import type { Reporter, ReportOutput, RunStart, RunSummary } from './reporter.js';
import { AtomicFile } from './write-file.js';

export type ReportStdout = NodeJS.WritableStream & { isTTY?: boolean; columns?: number };

export interface ReportIo {
  cwd: string;
  env: Record<string, string | undefined>;
  stdout: ReportStdout;
}

export interface ReportSubscription {
  /** Resolves once every report is complete (after `cycle.finished`); rejects with the first that failed. */
  done(): Promise<void>;
  /** The run ended without `cycle.finished`: stop listening, and leave no half-written file. */
  abandon(): void;
}

interface Outlet {
  reporter: Reporter;
  write(output: ReportOutput | void): void;
  end(): void;
  abort(): void;
  /** Settles when everything written so far is out; holds the first failure. */
  settled(): Promise<void>;
}

const chunksOf = (output: ReportOutput) => (typeof output === 'string' ? [output] : output);

function stdoutOutlet(reporter: Reporter, stream: ReportStdout): Outlet {
  let chain: Promise<void> = Promise.resolve();
  let failure: unknown;
  return {
    reporter,
    write(output) {
      if (output === undefined || output === '' || failure) return;
      chain = chain
        .then(async () => {
          for (const chunk of chunksOf(output)) if (!stream.write(chunk)) await once(stream, 'drain');
        })
        .catch((error: unknown) => void (failure ??= error));
    },
    end() {},
    abort() {},
    settled: () => chain.then(() => (failure ? Promise.reject(failure) : undefined)),
  };
}

function fileOutlet(reporter: Reporter, path: string): Outlet {
  const file = new AtomicFile(path);
  let failure: unknown;
  const attempt = (work: () => void) => {
    if (failure) return;
    try {
      work();
    } catch (error) {
      failure = error;
      file.abort();
    }
  };
  return {
    reporter,
    write: (output) =>
      attempt(() => {
        if (output !== undefined) for (const chunk of chunksOf(output)) file.write(chunk);
      }),
    end: () => attempt(() => file.commit()),
    abort: () => file.abort(),
    settled: () => (failure ? Promise.reject(failure) : Promise.resolve()),
  };
}

/** Loads the reporters asked for, starts their reports, and feeds them from `events` until the cycle finishes. */
export async function subscribeReporters(events: EventStream, specs: readonly ReporterSpec[], run: Omit<RunStart, 'startedAt'>, io: ReportIo): Promise<ReportSubscription> {
  const outlets: Outlet[] = [];
  for (const spec of specs) {
    const toFile = spec.path !== undefined;
    const reporter = (await loadReporter(spec.name))({
      color: !toFile && useColor(io.stdout, io.env),
      columns: toFile ? undefined : outputWidth(io.stdout, io.env),
      cwd: io.cwd,
      env: io.env,
    });
    outlets.push(toFile ? fileOutlet(reporter, resolve(io.cwd, spec.path!)) : stdoutOutlet(reporter, io.stdout));
  }
  const start: RunStart = { ...run, startedAt: Date.now() };
  for (const outlet of outlets) outlet.write(outlet.reporter.onBegin?.(start));
  let finished = false;
  const unsubscribe = events.subscribe((event) => {
    if (event.type === 'check.result') {
      for (const outlet of outlets) if (outlet.reporter.onCheckEnd) outlet.write(outlet.reporter.onCheckEnd(event.record));
    } else if (event.type === 'cycle.finished') {
      finished = true;
      unsubscribe();
      const summary = summaryOf(start, event.summary);
      for (const outlet of outlets) {
        outlet.write(outlet.reporter.onEnd(summary));
        outlet.end();
      }
      // Returned so the event stream's drain() also waits for the reports to be out.
      return Promise.allSettled(outlets.map((outlet) => outlet.settled())).then(() => undefined);
    }
    return undefined;
  });
  return {
    async done() {
      // Every outlet, then the first failure: one bad file never leaves another report half-written.
      const outcomes = await Promise.allSettled(outlets.map((outlet) => outlet.settled()));
      const failed = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
      if (failed) throw failed.reason;
    },
    abandon() {
      unsubscribe();
      if (!finished) for (const outlet of outlets) outlet.abort();
    },
  };
}

function summaryOf(start: RunStart, cycle: CycleSummary): RunSummary {
  return {
    ...start,
    startedAt: cycle.startedAt,
    finishedAt: Date.now(),
    durationMs: cycle.durationMs,
    records: cycle.records,
    counts: cycle.counts,
    exitCode: exitCodeFor(cycle.counts, start.failOn),
  };
}
