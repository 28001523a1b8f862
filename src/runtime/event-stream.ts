/**
 * The runtime's typed emitter. Listeners are called in the order they subscribed, synchronously; one that
 * throws (or whose promise rejects) never breaks the runtime: it becomes an `error` event for the others.
 * Async listeners are not awaited, so a slow reporter never holds a check back; `drain()` waits for all
 * of them (and for what they emit in turn) when a command must not exit before its writers are done.
 */
import { createLogger, type Logger } from '../core/log.js';
import type { EventOfType, RuntimeEvent, RuntimeEventType } from './events.js';

export type Listener<E = RuntimeEvent> = (event: E) => void | Promise<void>;
export type Unsubscribe = () => void;

export class EventStream {
  private readonly listeners = new Set<Listener>();
  private readonly pending = new Set<Promise<void>>();

  /** `log` hears what no listener can: a listener that fails while handling an `error` event. */
  constructor(private readonly log: Logger = createLogger()) {}

  /** Every event, in order. */
  subscribe(listener: Listener): Unsubscribe {
    // A wrapper per subscription, so the same function subscribed twice is two subscriptions.
    const entry: Listener = (event) => listener(event);
    this.listeners.add(entry);
    return () => void this.listeners.delete(entry);
  }

  /** Events of one type, narrowed. */
  on<T extends RuntimeEventType>(type: T, listener: Listener<EventOfType<T>>): Unsubscribe {
    return this.subscribe((event) => (event.type === type ? listener(event as EventOfType<T>) : undefined));
  }

  emit(event: RuntimeEvent): void {
    // A listener that subscribes or unsubscribes during delivery takes effect from the next event.
    for (const listener of [...this.listeners]) {
      let outcome: void | Promise<void>;
      try {
        outcome = listener(event);
      } catch (error) {
        this.failed(event, error);
        continue;
      }
      if (outcome && typeof outcome.then === 'function') {
        const tracked: Promise<void> = outcome.then(
          () => void this.pending.delete(tracked),
          (error: unknown) => {
            this.pending.delete(tracked);
            this.failed(event, error);
          },
        );
        this.pending.add(tracked);
      }
    }
  }

  /** Resolves once every async listener has settled, including those started while waiting. */
  async drain(): Promise<void> {
    while (this.pending.size) await Promise.allSettled([...this.pending]);
  }

  listenerCount(): number {
    return this.listeners.size;
  }

  private failed(event: RuntimeEvent, error: unknown): void {
    const message = `a listener of ${event.type} failed: ${error instanceof Error ? error.message : String(error)}`;
    // An error about handling an error is not re-emitted: that could go round for ever.
    if (event.type === 'error') this.log.warn(message);
    else this.emit({ type: 'error', phase: 'listener', message });
  }
}
