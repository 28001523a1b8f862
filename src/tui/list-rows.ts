/**
 * From the model's monitors to the rows the list shows: filtered (`/`), sorted (`o`) and, with `t`,
 * grouped under a header per tag. Pure, so every rule is tested without a terminal.
 */
import type { MonitorRow, MonitorStatus } from './model.js';

export const SORT_KEYS = ['status', 'name', 'latency', 'uptime', 'type'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

export function nextSortKey(key: SortKey): SortKey {
  return SORT_KEYS[(SORT_KEYS.indexOf(key) + 1) % SORT_KEYS.length]!;
}

/** Worst first: what needs a look comes to the top. */
const STATUS_RANK: Record<MonitorStatus, number> = { down: 0, unknown: 1, degraded: 2, pending: 3, up: 4 };

export function worseStatus(a: MonitorStatus, b: MonitorStatus): MonitorStatus {
  return STATUS_RANK[a] <= STATUS_RANK[b] ? a : b;
}

/** Tag name for monitors without tags, shown last when grouping. */
export const UNTAGGED = '(untagged)';

export interface GroupRow {
  kind: 'group';
  key: string;
  tag: string;
  count: number;
  worst: MonitorStatus;
}

export interface MonitorListRow {
  kind: 'monitor';
  /** Unique among the rows: a monitor with two tags appears under both when grouping. */
  key: string;
  monitor: MonitorRow;
}

export type ListRow = GroupRow | MonitorListRow;

export interface ListOptions {
  filter: string;
  sort: SortKey;
  groupByTag: boolean;
}

/** Case-insensitive substring of the name, the type or any tag; several words must all match. */
export function matchesFilter(monitor: MonitorRow, filter: string): boolean {
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const fields = [monitor.name, monitor.type, ...monitor.tags].map((field) => field.toLowerCase());
  return words.every((word) => fields.some((field) => field.includes(word)));
}

const byName = (a: MonitorRow, b: MonitorRow) => a.name.localeCompare(b.name);
/** Missing values go last whatever the direction. */
const nullsLast = (a: number | null, b: number | null, descending: boolean) => {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  return descending ? b - a : a - b;
};

const COMPARE: Record<SortKey, (a: MonitorRow, b: MonitorRow) => number> = {
  status: (a, b) => STATUS_RANK[a.status] - STATUS_RANK[b.status] || Number(a.paused) - Number(b.paused) || byName(a, b),
  name: byName,
  latency: (a, b) => nullsLast(a.latencyMs, b.latencyMs, true) || byName(a, b),
  uptime: (a, b) => nullsLast(a.uptime24h, b.uptime24h, false) || byName(a, b),
  type: (a, b) => a.type.localeCompare(b.type) || byName(a, b),
};

export function sortMonitors(monitors: readonly MonitorRow[], key: SortKey): MonitorRow[] {
  return [...monitors].sort(COMPARE[key]);
}

export function listRows(monitors: readonly MonitorRow[], options: ListOptions): ListRow[] {
  const sorted = sortMonitors(
    options.filter ? monitors.filter((monitor) => matchesFilter(monitor, options.filter)) : monitors,
    options.sort,
  );
  if (!options.groupByTag) return sorted.map((monitor) => ({ kind: 'monitor', key: monitor.name, monitor }));

  const groups = new Map<string, MonitorRow[]>();
  for (const monitor of sorted) {
    for (const tag of monitor.tags.length ? monitor.tags : [UNTAGGED]) {
      const members = groups.get(tag);
      if (members) members.push(monitor);
      else groups.set(tag, [monitor]);
    }
  }
  const tags = [...groups.keys()].sort((a, b) => (a === UNTAGGED ? 1 : b === UNTAGGED ? -1 : a.localeCompare(b)));
  return tags.flatMap((tag): ListRow[] => {
    const members = groups.get(tag)!;
    const worst = members.reduce<MonitorStatus>((w, m) => worseStatus(w, m.status), 'up');
    return [
      { kind: 'group', key: `#${tag}`, tag, count: members.length, worst },
      ...members.map((monitor): ListRow => ({ kind: 'monitor', key: `${tag}\u0000${monitor.name}`, monitor })),
    ];
  });
}
