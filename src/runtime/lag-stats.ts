/**
 * Scheduling lag (actual start − scheduled start) over a scheduler's life, in the shape a Prometheus
 * histogram needs (cumulative buckets, a sum and a count), for /metrics and the bench.
 */

/** Upper bounds of the buckets, in milliseconds. */
export const LAG_BUCKETS_MS = [1, 5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000] as const;

export interface LagSnapshot {
  count: number;
  sumMs: number;
  maxMs: number;
  /** [upper bound in ms, runs whose lag was at most that]; cumulative, as Prometheus buckets are. */
  buckets: [number, number][];
}

export class LagStats {
  private count = 0;
  private sumMs = 0;
  private maxMs = 0;
  private readonly inBucket = new Array<number>(LAG_BUCKETS_MS.length).fill(0);

  record(lagMs: number): void {
    const lag = Math.max(0, lagMs);
    this.count++;
    this.sumMs += lag;
    this.maxMs = Math.max(this.maxMs, lag);
    const index = LAG_BUCKETS_MS.findIndex((bound) => lag <= bound);
    if (index >= 0) this.inBucket[index]!++;
  }

  snapshot(): LagSnapshot {
    let running = 0;
    const buckets = LAG_BUCKETS_MS.map((bound, i): [number, number] => [bound, (running += this.inBucket[i]!)]);
    return { count: this.count, sumMs: this.sumMs, maxMs: this.maxMs, buckets };
  }
}
