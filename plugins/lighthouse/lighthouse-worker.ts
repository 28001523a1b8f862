/**
 * Lighthouse runs in a worker thread, started once per trackz process and reused by every audit.
 * Lighthouse cannot be cancelled: an audit abandoned mid-flight (timeout, Ctrl-C) leaves promises that
 * reject later and timers that run for up to a minute. In a worker, `terminate()` ends all of that at
 * once, and the main thread (the runner, the store, the other checks) never sees it. It also keeps
 * Lighthouse's modules and memory out of the main thread.
 *
 * This one module is both sides: the worker loads this same file (`import.meta.url`) and serves.
 */
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { abortable } from '../../src/core/connect.js';
import type { Lhr } from './lhr.js';
import type { LighthouseOptions } from './options.js';
import { lighthouseFlags, type LighthouseConstants, type LighthouseFlags } from './settings.js';

const WORKER_FLAG = 'trackzLighthouseWorker';

interface AuditRequest {
  id: number;
  options: LighthouseOptions;
  port: number;
  logLevel: string;
}

type AuditReply = { id: number; lhr: Lhr; flags: LighthouseFlags } | { id: number; error: string };

// ── worker side ────────────────────────────────────────────────────────────
if (!isMainThread && (workerData as Record<string, unknown> | null)?.[WORKER_FLAG]) serve();

function serve(): void {
  const channel = parentPort!;
  // Loading starts at once, while the main thread launches Chrome.
  const loaded = Promise.all([import('lighthouse'), import('lighthouse/core/config/constants.js')]);
  loaded.catch(() => {});
  channel.on('message', async (request: AuditRequest) => {
    try {
      const [{ default: lighthouse }, constants] = await loaded;
      const flags = lighthouseFlags(request.options, constants as unknown as LighthouseConstants);
      const result = await lighthouse(request.options.url, { ...flags, port: request.port, output: 'json', logLevel: request.logLevel } as never);
      if (!result) throw new Error('Lighthouse returned no result');
      channel.postMessage({ id: request.id, lhr: result.lhr as unknown as Lhr, flags } satisfies AuditReply);
    } catch (error) {
      channel.postMessage({ id: request.id, error: (error as Error)?.message ?? String(error) } satisfies AuditReply);
    }
  });
}

// ── main-thread side ───────────────────────────────────────────────────────
let worker: Worker | undefined;
let nextId = 1;
const pending = new Map<number, { resolve: (reply: { lhr: Lhr; flags: LighthouseFlags }) => void; reject: (error: Error) => void }>();

function failAll(error: Error): void {
  for (const { reject } of pending.values()) reject(error);
  pending.clear();
}

function startWorker(): Worker {
  if (worker) return worker;
  const created = new Worker(new URL(import.meta.url), { workerData: { [WORKER_FLAG]: true } });
  created.on('message', (reply: AuditReply) => {
    const waiting = pending.get(reply.id);
    if (!waiting) return;
    pending.delete(reply.id);
    if (pending.size === 0) created.unref();
    if ('error' in reply) waiting.reject(new Error(reply.error));
    else waiting.resolve(reply);
  });
  created.on('error', (error) => failAll(error));
  created.on('exit', (code) => {
    if (worker === created) worker = undefined;
    failAll(new Error(`the Lighthouse worker stopped (exit code ${code})`));
  });
  created.unref();
  worker = created;
  return created;
}

/** Starts the worker (and so Lighthouse's loading) ahead of the first audit. */
export function warmUpLighthouse(): void {
  startWorker();
}

/** One Lighthouse run against the Chrome listening on `port`. Rejects with the signal's reason on abort. */
export function runLighthouse(options: LighthouseOptions, port: number, logLevel: string, signal: AbortSignal): Promise<{ lhr: Lhr; flags: LighthouseFlags }> {
  const target = startWorker();
  const id = nextId++;
  const reply = new Promise<{ lhr: Lhr; flags: LighthouseFlags }>((resolve, reject) => pending.set(id, { resolve, reject }));
  reply.catch(() => {});
  target.ref(); // an audit in flight keeps the process alive
  target.postMessage({ id, options, port, logLevel } satisfies AuditRequest);
  return abortable(reply, signal);
}

/** Ends the worker and whatever it was doing. Safe to call at any time. */
export async function stopLighthouse(): Promise<void> {
  const running = worker;
  worker = undefined;
  failAll(new Error('the Lighthouse worker was stopped'));
  await running?.terminate();
}
