/**
 * Per-snapshot memoizing, so the hottest paths cost a lookup, not a render. The server builds a new
 * DashboardData whenever something changes (a result, an incident) and never mutates one it has
 * handed out; until the next one, every request for status.json gets the bytes rendered the first
 * time. A WeakMap keyed by the snapshot: a replaced snapshot and its bytes are collected together.
 */
import type { DashboardData } from './dashboard-data.js';
import { renderStatusJson } from './status-json.js';

export function perSnapshot<D extends object, R>(render: (data: D) => R): (data: D) => R {
  const cache = new WeakMap<D, R>();
  return (data) => {
    let rendered = cache.get(data);
    if (rendered === undefined) {
      rendered = render(data);
      cache.set(data, rendered);
    }
    return rendered;
  };
}

/** status.json as UTF-8 bytes, rendered once per snapshot (res.end(buffer) skips re-encoding too). */
export const statusJsonBytes: (data: DashboardData) => Buffer = perSnapshot((data: DashboardData) => Buffer.from(renderStatusJson(data)));
