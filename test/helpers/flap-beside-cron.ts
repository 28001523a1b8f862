/**
 * cron's side of the "beside check" tests: `trackz check --alert` (the real binary) run again and
 * again on the config in `cwd` while the test flaps a target through `states`. Each state is held at
 * least `phaseMs` (so the scheduler under test sees it for several intervals), and then until a cron
 * run that began after the switch has ended (at most `phaseWaitMs` more), so on a loaded machine, where
 * one run of the binary can take seconds, cron still sees every state and races for every transition.
 */
import { trackz, type CliResult } from './cli.js';

export type FlapState = 'down' | 'up';

export interface CronRun extends CliResult {
  startedAt: number;
}

export interface FlapOptions {
  cwd: string;
  states: readonly FlapState[];
  /** Switches the target. */
  set(state: FlapState): void;
  phaseMs?: number;
  phaseWaitMs?: number;
  env?: Record<string, string>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves with every cron run, once the last state has been seen by one and the loop has stopped. */
export async function flapBesideCron(options: FlapOptions): Promise<CronRun[]> {
  const { phaseMs = 1_500, phaseWaitMs = 10_000 } = options;
  let flapping = true;
  const runs: CronRun[] = [];
  const cron = (async () => {
    while (flapping) {
      const startedAt = Date.now();
      // Each says what it queued (log level info), so who queued each transition can be counted.
      runs.push({ startedAt, ...(await trackz(['check', '--alert'], { cwd: options.cwd, env: { TRACKZ_LOG: 'info', ...options.env } })) });
    }
  })();
  try {
    for (const state of options.states) {
      options.set(state);
      const switchedAt = Date.now();
      await sleep(phaseMs);
      for (let i = 0; i < phaseWaitMs / 50 && !runs.some((run) => run.startedAt > switchedAt); i++) await sleep(50);
    }
  } finally {
    flapping = false;
    await cron;
  }
  return runs;
}
