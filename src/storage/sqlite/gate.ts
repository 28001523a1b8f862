/**
 * One connection, many async callers. better-sqlite3 runs every statement synchronously, so a single
 * call is atomic on its own; a transaction whose work awaits is not, because another caller's
 * statement could run on the same connection (inside the open transaction) while it waits. The gate
 * makes such a transaction (or a stream reading a cursor) hold the connection: while it is held,
 * other calls queue, in order.
 */

/** Runs a synchronous piece of database work for an async port method. */
export type Runner = <T>(work: () => T) => Promise<T>;

/** How ports reach the connection: through the gate, or from inside a transaction that holds it. */
export interface Scope {
  run: Runner;
  /** Holds the connection across awaits (a stream over an open cursor); call the returned release when done. */
  hold(): Promise<() => void>;
}

export class Gate implements Scope {
  private held = false;
  private readonly waiting: (() => void)[] = [];

  /** Runs `work` now when the gate is free (synchronously, before returning), else when it is released. */
  run: Runner = async <T>(work: () => T): Promise<T> => {
    if (!this.held) return work();
    const release = await this.hold();
    try {
      return work();
    } finally {
      release();
    }
  };

  /** Not re-entrant: whoever holds the gate must not wait for it again (a transaction uses its own ports). */
  hold = async (): Promise<() => void> => {
    if (this.held) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.held = true;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      // Handed straight to the next waiter, so a caller arriving now cannot slip in between.
      const next = this.waiting.shift();
      if (next) next();
      else this.held = false;
    };
  };
}

/**
 * One gate per database file in this process: two Storage instances on one file (a server and the
 * scheduler, say) have two connections, and a transaction on one would make the other's writes wait
 * for the busy timeout inside a synchronous call, blocking the very event loop that must finish the
 * transaction. Sharing the gate makes the second instance wait asynchronously instead.
 */
const shared = new Map<string, { gate: Gate; users: number }>();

export function gateForFile(path: string): { gate: Gate; release: () => void } {
  if (path === ':memory:') return { gate: new Gate(), release: () => {} };
  let entry = shared.get(path);
  if (!entry) shared.set(path, (entry = { gate: new Gate(), users: 0 }));
  entry.users++;
  let released = false;
  return {
    gate: entry.gate,
    release: () => {
      if (released) return;
      released = true;
      if (--entry.users === 0) shared.delete(path);
    },
  };
}

/** The ports of one transaction: they run at once (the transaction holds the gate), and only while it is open. */
export function transactionScope(isOpen: () => boolean): Scope {
  const check = () => {
    if (!isOpen()) throw new Error('this transaction has ended: use the storage, not its ports, after it');
  };
  return {
    run: async <T>(work: () => T): Promise<T> => {
      check();
      return work();
    },
    hold: async () => {
      check();
      return () => {};
    },
  };
}
