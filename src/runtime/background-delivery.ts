/**
 * Delivery beside the checks: one loop per runtime. A pass runs as soon as an evaluation queued
 * something (`kick`), and every few seconds for retries whose time has come; passes never overlap
 * (a kick during a pass asks for one more after it), each is bounded by `delivery.budget`, and no
 * check ever waits for one. `stop()` ends the loop: the pass under way finishes, and the one asked
 * for meanwhile (what the final results queued), each within the budget; with `cancel` the sends
 * under way are aborted and the rest is left to the next run (the outbox keeps everything).
 */
import type { Clock, TimerHandle } from './clock.js';

/** One pass over the outbox. Expected never to throw (failures are events). */
export type DeliveryPass = (signal: AbortSignal) => Promise<void>;

export interface BackgroundDeliveryOptions {
  pass: DeliveryPass;
  clock: Clock;
  /** How often to look for retries that are due. Default 5 s. */
  everyMs?: number;
  /** Cancels the sends under way (Ctrl-C). */
  signal?: AbortSignal;
}

export class BackgroundDelivery {
  private running: Promise<void> | undefined;
  private again = false;
  private timer: TimerHandle | undefined;
  private looping = false;
  private stopped = false;
  private readonly cancel = new AbortController();
  private readonly signal: AbortSignal;

  constructor(private readonly options: BackgroundDeliveryOptions) {
    this.signal = options.signal ? AbortSignal.any([options.signal, this.cancel.signal]) : this.cancel.signal;
  }

  /** Starts the periodic passes (the scheduler's runtime); a runtime that only runs cycles never does. */
  start(): void {
    if (this.stopped) return;
    this.looping = true;
    this.arm();
  }

  /** Something was queued: a pass now, or right after the one under way. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) this.again = true;
    else void this.run();
  }

  /** One pass now (after the one under way, if any), resolved when it is done: a cycle's delivery. */
  async passNow(): Promise<void> {
    while (this.running) await this.running;
    await this.run();
  }

  async stop(options: { cancel?: boolean } = {}): Promise<void> {
    this.stopped = true;
    this.disarm();
    if (options.cancel) this.cancel.abort(new Error('delivery was stopped'));
    while (this.running) await this.running;
  }

  private run(): Promise<void> {
    this.disarm();
    const running = (async () => {
      do {
        this.again = false;
        await this.options.pass(this.signal);
      } while (this.again && !this.signal.aborted);
    })().finally(() => {
      this.running = undefined;
      this.arm();
    });
    this.running = running;
    return running;
  }

  private arm(): void {
    if (!this.looping || this.stopped || this.running || this.timer !== undefined) return;
    this.timer = this.options.clock.setTimer(() => {
      this.timer = undefined;
      this.kick();
    }, this.options.everyMs ?? 5_000);
  }

  private disarm(): void {
    if (this.timer !== undefined) this.options.clock.clearTimer(this.timer);
    this.timer = undefined;
  }
}
