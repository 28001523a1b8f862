/**
 * ActivityWatch's REST API, the parts trackz reads: the bucket list (`GET /api/0/buckets/`) and a
 * bucket's events in a time range (`GET /api/0/buckets/<id>/events?start=&end=&limit=`). Events are
 * fetched in time windows from the bucket's cursor forward; a window that comes back full is split,
 * so no event is missed and memory holds one window.
 */
import { ActivitySourceError } from '../input/import-inputs.js';

export interface AwBucketMeta {
  id?: string;
  type?: string;
  client?: string;
  hostname?: string;
}

export interface AwWindow {
  /** Raw events with start in [start, end), oldest first. */
  events: unknown[];
  start: number;
  end: number;
}

const REQUEST_TIMEOUT_MS = 30_000;
/** Events asked for per request; a window that returns this many is split in two. */
export const PAGE_LIMIT = 5_000;
const FIRST_WINDOW_MS = 86_400_000;
const MIN_WINDOW_MS = 1_000;

async function getJson(url: URL, signal?: AbortSignal): Promise<unknown> {
  const timeout = AbortSignal.timeout(REQUEST_TIMEOUT_MS);
  let response: Response;
  try {
    response = await fetch(url, { signal: signal ? AbortSignal.any([signal, timeout]) : timeout, headers: { accept: 'application/json' } });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
    throw new ActivitySourceError(`cannot reach ActivityWatch at ${url.origin}: ${cause}`);
  }
  if (!response.ok) throw new ActivitySourceError(`ActivityWatch answered ${response.status} for ${url.pathname}`);
  try {
    return await response.json();
  } catch {
    throw new ActivitySourceError(`ActivityWatch sent something other than JSON for ${url.pathname}`);
  }
}

export async function listBuckets(base: string, signal?: AbortSignal): Promise<Record<string, AwBucketMeta>> {
  const body = await getJson(new URL('/api/0/buckets/', base), signal);
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new ActivitySourceError('ActivityWatch sent an unexpected bucket list');
  return body as Record<string, AwBucketMeta>;
}

function eventStart(raw: unknown): number {
  const timestamp = (raw as { timestamp?: unknown } | null)?.timestamp;
  return typeof timestamp === 'string' ? Date.parse(timestamp) : NaN;
}

/** A bucket's events from `from` to `to`, window by window, oldest first. */
export async function* eventWindows(base: string, bucket: string, from: number, to: number, signal?: AbortSignal): AsyncGenerator<AwWindow> {
  let start = from;
  let span = FIRST_WINDOW_MS;
  // Bounded: each pass either advances `start` or halves `span` down to MIN_WINDOW_MS.
  while (start < to) {
    const end = Math.min(start + span, to);
    const url = new URL(`/api/0/buckets/${encodeURIComponent(bucket)}/events`, base);
    url.searchParams.set('start', new Date(start).toISOString());
    url.searchParams.set('end', new Date(end).toISOString());
    url.searchParams.set('limit', String(PAGE_LIMIT));
    const body = await getJson(url, signal);
    if (!Array.isArray(body)) throw new ActivitySourceError(`ActivityWatch sent an unexpected event list for ${bucket}`);
    if (body.length >= PAGE_LIMIT && end - start > MIN_WINDOW_MS) {
      span = Math.max(MIN_WINDOW_MS, Math.floor((end - start) / 2));
      continue;
    }
    // The server may also return events that only overlap the window: each is taken in the window it starts in.
    const events = body.filter((raw) => {
      const at = eventStart(raw);
      return at >= start && at < end;
    });
    events.sort((a, b) => eventStart(a) - eventStart(b));
    yield { events, start, end };
    start = end;
    span = Math.min(span * 2, FIRST_WINDOW_MS);
  }
}
