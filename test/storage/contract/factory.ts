/**
 * What the storage contract suite runs against: a factory that opens a Storage on the data named
 * `name` — a new instance each call, the same data for the same name (two instances of one name are
 * two processes sharing a database), and data of its own for a new name.
 */
import { afterAll } from 'vitest';
import type { Storage } from '../../../src/storage/ports/index.js';
import type { CheckRecord, Status } from '../../../src/core/result.js';

export type StorageFactory = (name: string) => Promise<Storage>;

export interface ContractContext {
  backend: string;
  /** Opens (and closes after the file) a Storage on `name`; a fresh name gives empty storage. */
  open(name: string): Promise<Storage>;
  /** A name no other test uses. */
  fresh(label: string): string;
}

export function contractContext(backend: string, factory: StorageFactory): ContractContext {
  const opened: Storage[] = [];
  let counter = 0;
  afterAll(async () => {
    await Promise.all(opened.map((storage) => storage.close().catch(() => undefined)));
  });
  return {
    backend,
    async open(name) {
      const storage = await factory(name);
      opened.push(storage);
      return storage;
    },
    fresh: (label) => `c${process.pid}-${++counter}-${label}`,
  };
}

/** A stored check result as the runner stamps it. */
export function record(monitor: string, startedAt: number, status: Status = 'up', extra: Partial<CheckRecord> = {}): CheckRecord {
  return {
    monitor,
    type: 'uptime',
    tags: [],
    startedAt,
    durationMs: 12.5,
    attempts: 1,
    status,
    latencyMs: 10,
    message: status === 'up' ? 'ok' : `${status}: HTTP 503`,
    metrics: { total_ms: 10 },
    ...extra,
  };
}

/** Collects an async iterable. */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}
