/**
 * Results arrive in batches, often faster than a dashboard re-renders. One publish runs at a time;
 * the monitors stored meanwhile are merged into the next, so each dashboard is re-rendered once per
 * round, never once per result, and a slow render never piles work up behind it.
 */
export class PublishQueue {
  private waiting = new Set<string>();
  private running: Promise<void> | undefined;

  constructor(
    private readonly publish: (monitors: string[]) => Promise<void>,
    private readonly failed: (error: unknown) => void,
  ) {}

  add(monitors: Iterable<string>): void {
    for (const name of monitors) this.waiting.add(name);
    this.running ??= this.drain();
  }

  /** Resolves once nothing is waiting or being published. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    try {
      while (this.waiting.size) {
        const names = [...this.waiting];
        this.waiting = new Set();
        try {
          await this.publish(names);
        } catch (error) {
          this.failed(error);
        }
      }
    } finally {
      this.running = undefined;
    }
  }
}
