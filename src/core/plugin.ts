/**
 * The plugin contract: a check type is a module whose default export is a Plugin.
 * Built-ins live in plugins/<type>/; third-party ones are listed in the config's `plugins:`.
 * A plugin module must be cheap to import: heavy dependencies (a browser, Lighthouse) are imported
 * inside `run`, so validating a config never pays for them.
 */
import type { Logger } from './log.js';
import type { Monitor } from './monitor.js';
import type { CheckResult } from './result.js';
import type { StandardSchemaV1 } from './standard-schema.js';

export interface CheckContext {
  /** Aborted on timeout or when the run is cancelled (Ctrl-C). Pass it to every I/O call. */
  signal: AbortSignal;
  /** The monitor's timeout for this attempt, in milliseconds. */
  timeoutMs: number;
  /** 1 for the first attempt, 2 for the first retry… */
  attempt: number;
  /** Epoch milliseconds; injectable so decisions stay testable. */
  now(): number;
  log: Logger;
  /** Directory of the config file: relative paths in options are resolved against it. */
  configDir: string;
}

/** Something `trackz validate` found on this machine that would stop a check from working. */
export interface PreflightProblem {
  /** Where in the monitor, e.g. ['run', 0] or ['ca']. */
  path: (string | number)[];
  message: string;
  hint?: string;
}

export interface Plugin<Options = unknown> {
  /** The `type:` value monitors use. Lower-case letters, digits and dashes. */
  type: string;
  /** One line for `trackz validate` and the docs. */
  description?: string;
  /** Validates the monitor's own fields (everything except the common ones). */
  options: StandardSchemaV1<unknown, Options>;
  /** At most this many checks of this type run at once (e.g. Lighthouse audits run one at a time). */
  concurrency?: number;
  /** Timeout for monitors of this type that set none, when the type needs more than `defaults.timeout` (an audit, say). */
  defaultTimeoutMs?: number;
  /** The check's job is to write into the store (activity import): `trackz check --no-store` skips it. */
  writesStore?: boolean;
  /** Runs one check. Should not throw: a network failure is a `down` result with a reason. */
  run(monitor: Monitor<Options>, ctx: CheckContext): Promise<CheckResult>;
  /**
   * What `trackz validate` can check here without running anything: a program exists and is
   * executable, a file can be read. Problems are reported at the monitor's line, like config errors.
   */
  preflight?(monitor: Monitor<Options>, ctx: { configDir: string; env: Record<string, string | undefined> }): PreflightProblem[];
  /** Called once when a run ends, on every exit path: release shared resources (a browser…). */
  dispose?(): Promise<void>;
}

/** Identity function that gives a plugin author type checking and inference. */
export function definePlugin<Options>(plugin: Plugin<Options>): Plugin<Options> {
  return plugin;
}

export const PLUGIN_TYPE_RE = /^[a-z][a-z0-9-]*$/;
