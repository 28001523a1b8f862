/**
 * The store the host updates and the screen subscribes to (React's useSyncExternalStore). Changes
 * are collected and published at most once per `throttleMs` (100 ms: about 10 redraws a second),
 * so a burst of a thousand results costs one redraw, not a thousand. Rows are immutable: a row
 * object changes only when its monitor changed, which lets unchanged rows skip rendering.
 */
import type { CheckRecord } from '../core/result.js';
import { keyFigure } from './key-figure.js';
import type { MonitorRow, WatchModel } from './model.js';

/** Points kept per monitor for its sparkline. */
export const SPARK_POINTS = 24;

/** A monitor as the config declares it, before any result. */
export interface MonitorSeed {
  name: string;
  type: string;
  tags?: readonly string[];
  paused?: boolean;
  uptime24h?: number | null;
}

/** What the store needs of a result: a CheckRecord has it, and so does a stored result mapped back. */
export type ResultUpdate = Pick<CheckRecord, 'monitor' | 'type' | 'status' | 'message' | 'metrics' | 'startedAt'> &
  Partial<Pick<CheckRecord, 'latencyMs' | 'assertions' | 'tags'>>;

export interface WatchStoreOptions {
  /** Least time between two published models. */
  throttleMs?: number;
}

const seedRow = (seed: MonitorSeed): MonitorRow => ({
  name: seed.name,
  type: seed.type,
  tags: seed.tags ?? [],
  status: 'pending',
  paused: seed.paused ?? false,
  latencyMs: null,
  recentLatencies: [],
  uptime24h: seed.uptime24h ?? null,
  keyFigure: null,
  message: 'no result yet',
  lastResultAt: null,
});

export class WatchStore {
  private rows: MonitorRow[];
  private readonly index = new Map<string, number>();
  private workspace: string;
  private shareLink: string | null = null;
  private lastResultAt: number | null = null;
  private published: WatchModel;
  private readonly listeners = new Set<() => void>();
  private readonly throttleMs: number;
  private timer: NodeJS.Timeout | undefined;
  private lastPublishedAt = 0;

  constructor(init: { workspace: string; monitors: readonly MonitorSeed[] }, options: WatchStoreOptions = {}) {
    this.throttleMs = options.throttleMs ?? 100;
    this.workspace = init.workspace;
    this.rows = init.monitors.map(seedRow);
    this.reindex();
    this.published = this.model();
  }

  /** The model as last published: the same object until the next publication. */
  readonly getSnapshot = (): WatchModel => this.published;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  applyResult(result: ResultUpdate, extra: { uptime24h?: number | null } = {}): void {
    let at = this.index.get(result.monitor);
    if (at === undefined) {
      at = this.rows.push(seedRow({ name: result.monitor, type: result.type, tags: result.tags })) - 1;
      this.index.set(result.monitor, at);
    }
    const row = this.rows[at]!;
    const latencyMs = result.latencyMs ?? null;
    const recent = [...row.recentLatencies, latencyMs];
    this.rows[at] = {
      ...row,
      type: result.type,
      tags: result.tags ?? row.tags,
      status: result.status,
      latencyMs,
      recentLatencies: recent.length > SPARK_POINTS ? recent.slice(-SPARK_POINTS) : recent,
      uptime24h: extra.uptime24h === undefined ? row.uptime24h : extra.uptime24h,
      keyFigure: keyFigure(result),
      message: result.message,
      lastResultAt: result.startedAt,
    };
    if (this.lastResultAt === null || result.startedAt > this.lastResultAt) this.lastResultAt = result.startedAt;
    this.changed();
  }

  setUptime(name: string, uptime24h: number | null): void {
    this.update(name, (row) => (row.uptime24h === uptime24h ? row : { ...row, uptime24h }));
  }

  setPaused(name: string, paused: boolean): void {
    this.update(name, (row) => (row.paused === paused ? row : { ...row, paused }));
  }

  setShareLink(link: string | null): void {
    if (this.shareLink === link) return;
    this.shareLink = link;
    this.changed();
  }

  /** The config changed: keep what is known of monitors that stay, add new ones, drop removed ones. */
  setMonitors(seeds: readonly MonitorSeed[], workspace = this.workspace): void {
    const old = new Map(this.rows.map((row) => [row.name, row]));
    this.workspace = workspace;
    this.rows = seeds.map((seed) => {
      const kept = old.get(seed.name);
      return kept ? { ...kept, type: seed.type, tags: seed.tags ?? kept.tags, paused: seed.paused ?? kept.paused } : seedRow(seed);
    });
    this.reindex();
    this.changed();
  }

  /** Publishes pending changes now (tests; the host before a final frame). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.publish();
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.listeners.clear();
  }

  private update(name: string, change: (row: MonitorRow) => MonitorRow): void {
    const at = this.index.get(name);
    if (at === undefined) return;
    const row = this.rows[at]!;
    const next = change(row);
    if (next === row) return;
    this.rows[at] = next;
    this.changed();
  }

  private changed(): void {
    if (this.timer) return;
    const wait = Math.max(0, this.lastPublishedAt + this.throttleMs - Date.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.publish();
    }, wait);
    this.timer.unref();
  }

  private publish(): void {
    this.lastPublishedAt = Date.now();
    this.published = this.model();
    for (const listener of this.listeners) listener();
  }

  private model(): WatchModel {
    return { workspace: this.workspace, monitors: [...this.rows], lastResultAt: this.lastResultAt, shareLink: this.shareLink };
  }

  private reindex(): void {
    this.index.clear();
    this.rows.forEach((row, at) => this.index.set(row.name, at));
  }
}
