/**
 * The cursor in the list and the window of rows on screen. The selection is held by row key and
 * monitor name, so it stays on the same monitor when the list re-sorts, regroups or narrows. Pure.
 */
import type { ListRow } from './list-rows.js';

export interface Selection {
  key: string;
  name: string;
}

const isMonitor = (row: ListRow | undefined) => row?.kind === 'monitor';

/** The row index the selection points at now, or the nearest monitor row; -1 when there is none. */
export function selectedIndex(rows: readonly ListRow[], selection: Selection | null, previousIndex = 0): number {
  if (selection) {
    const byKey = rows.findIndex((row) => row.key === selection.key);
    if (byKey >= 0) return byKey;
    const byName = rows.findIndex((row) => row.kind === 'monitor' && row.monitor.name === selection.name);
    if (byName >= 0) return byName;
  }
  const from = Math.min(Math.max(previousIndex, 0), rows.length - 1);
  for (let at = from; at < rows.length; at++) if (isMonitor(rows[at])) return at;
  for (let at = from; at >= 0; at--) if (isMonitor(rows[at])) return at;
  return -1;
}

/** `steps` monitor rows down (or up, when negative), skipping group headers, stopping at either end. */
export function moveBy(rows: readonly ListRow[], from: number, steps: number): number {
  const direction = Math.sign(steps);
  let at = from;
  let left = Math.abs(steps);
  for (let next = from + direction; left > 0 && next >= 0 && next < rows.length; next += direction) {
    if (isMonitor(rows[next])) {
      at = next;
      left--;
    }
  }
  return at;
}

export function firstIndex(rows: readonly ListRow[]): number {
  return rows.findIndex(isMonitor);
}

export function lastIndex(rows: readonly ListRow[]): number {
  return rows.findLastIndex(isMonitor);
}

export function selectionAt(rows: readonly ListRow[], index: number): Selection | null {
  const row = rows[index];
  return row?.kind === 'monitor' ? { key: row.key, name: row.monitor.name } : null;
}

/**
 * The first row on screen: moves only as far as needed to keep the selection visible (with the group
 * header right above it, when `headerAbove`), and never leaves blank rows below the end of the list.
 */
export function windowTop(previousTop: number, selected: number, height: number, total: number, headerAbove = false): number {
  if (height <= 0 || total <= height) return 0;
  let top = Math.min(Math.max(previousTop, 0), total - height);
  if (selected < 0) return top;
  const from = headerAbove && height > 1 ? selected - 1 : selected;
  if (from < top) top = from;
  if (selected >= top + height) top = selected - height + 1;
  return top;
}
