/**
 * Requests per source address: a token bucket each (`perSecond` refill, `burst` capacity). Buckets
 * of addresses that went quiet are dropped, so a flood of addresses costs bounded memory.
 */
export interface RateLimit {
  perSecond: number;
  burst: number;
}

export const DEFAULT_RATE_LIMIT: RateLimit = { perSecond: 20, burst: 100 };
const MAX_ADDRESSES = 100_000;

export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly limit: RateLimit = DEFAULT_RATE_LIMIT) {}

  /** Takes one token for `address`; false when its bucket is empty. */
  take(address: string, now: number): boolean {
    let bucket = this.buckets.get(address);
    if (!bucket) {
      if (this.buckets.size >= MAX_ADDRESSES) this.prune(now);
      bucket = { tokens: this.limit.burst, at: now };
      this.buckets.set(address, bucket);
    } else {
      bucket.tokens = Math.min(this.limit.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.limit.perSecond);
      bucket.at = now;
    }
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  /** Forgets buckets that are full again (their addresses lose nothing); all of them if that is not enough. */
  private prune(now: number): void {
    const refill = (this.limit.burst / this.limit.perSecond) * 1000;
    for (const [address, bucket] of this.buckets) if (now - bucket.at >= refill) this.buckets.delete(address);
    if (this.buckets.size >= MAX_ADDRESSES) this.buckets.clear();
  }
}
