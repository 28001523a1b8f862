/**
 * A list read from storage and kept for a moment: the live link hashes and key hashes. Reading them
 * again at most every `ttlMs` (500 ms) is what makes a revoke or a rotate by another process (the
 * CLI) take effect on a running server within a second, at the cost of a couple of queries a second
 * under load. One read at a time: callers arriving during a read share it.
 */
export class LiveList<T> {
  private items: T[] | undefined;
  private readAt = 0;
  private reading: Promise<T[]> | undefined;

  constructor(
    private readonly read: () => Promise<T[]>,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
    /** Called with each fresh read (the SSE hub closes streams of revoked links). */
    private readonly onRead?: (items: T[]) => void,
  ) {}

  get(): Promise<T[]> {
    if (this.items && this.now() - this.readAt < this.ttlMs) return Promise.resolve(this.items);
    return this.refresh();
  }

  refresh(): Promise<T[]> {
    this.reading ??= this.read().then(
      (items) => {
        this.items = items;
        this.readAt = this.now();
        this.reading = undefined;
        this.onRead?.(items);
        return items;
      },
      (error: unknown) => {
        this.reading = undefined;
        throw error;
      },
    );
    return this.reading;
  }
}
