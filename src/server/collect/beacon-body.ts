/**
 * The JSON body of POST /collect (documented in the README), checked by hand: it runs for every
 * beacon, and each bound here is what keeps a page from storing more than a few short values.
 *
 *   { "site": "blog", "session": "k3j9x…", "width": 1280, "dnt": false,
 *     "events": [ { "kind": "pageview", "url": "/a?b=1", "referrer": "https://search.example/" },
 *                 { "kind": "event", "url": "/a", "name": "signup", "props": { "plan": "pro" } },
 *                 { "kind": "click", "url": "/a", "selector": "#buy", "x": 0.5, "y": 0.25 },
 *                 { "kind": "scroll", "url": "/a", "depth": 0.8 } ] }
 */
export const MAX_BODY_BYTES = 16 * 1024;
export const MAX_EVENTS = 50;
export const MAX_URL = 2048;
/** The widest viewport a beacon may report (px). */
export const MAX_WIDTH_PX = 100_000;
const MAX_NAME = 64;
const MAX_PROPS = 10;
const MAX_PROP_KEY = 32;
const MAX_PROP_VALUE = 200;
const MAX_SELECTOR = 300;

export type BeaconEvent =
  | { kind: 'pageview'; url: string; referrer: string }
  | { kind: 'event'; url: string; name: string; props: string }
  | { kind: 'click'; url: string; selector: string; x: number; y: number }
  | { kind: 'scroll'; url: string; depth: number };

export interface Beacon {
  site: string;
  width: number;
  dnt: boolean;
  events: BeaconEvent[];
}

const isText = (value: unknown, max: number): value is string => typeof value === 'string' && value.length <= max;
const fraction = (value: unknown): value is number => typeof value === 'number' && value >= 0 && value <= 1;

/** A page-relative URL: the path and query as the page's location has them. */
function url(value: unknown): string | undefined {
  return isText(value, MAX_URL) && value.startsWith('/') ? value : undefined;
}

function props(value: unknown): string | undefined {
  if (value === undefined) return '{}';
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length > MAX_PROPS) return undefined;
  for (const [key, item] of entries) {
    if (key.length === 0 || key.length > MAX_PROP_KEY) return undefined;
    if (!(isText(item, MAX_PROP_VALUE) || typeof item === 'boolean' || (typeof item === 'number' && Number.isFinite(item)))) return undefined;
  }
  return JSON.stringify(value);
}

function event(value: unknown): BeaconEvent | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const e = value as Record<string, unknown>;
  const at = url(e.url);
  if (at === undefined) return undefined;
  switch (e.kind) {
    case 'pageview':
      return e.referrer === undefined || isText(e.referrer, MAX_URL) ? { kind: 'pageview', url: at, referrer: (e.referrer as string | undefined) ?? '' } : undefined;
    case 'event': {
      const p = props(e.props);
      return isText(e.name, MAX_NAME) && e.name !== '' && p !== undefined ? { kind: 'event', url: at, name: e.name, props: p } : undefined;
    }
    case 'click':
      return isText(e.selector, MAX_SELECTOR) && e.selector !== '' && fraction(e.x) && fraction(e.y) ? { kind: 'click', url: at, selector: e.selector, x: e.x, y: e.y } : undefined;
    case 'scroll':
      return fraction(e.depth) ? { kind: 'scroll', url: at, depth: e.depth } : undefined;
    default:
      return undefined;
  }
}

/** The beacon, or a short reason (never an echo of the body) why it is refused. */
export function parseBeacon(text: string): Beacon | string {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return 'the body is not JSON';
  }
  if (body === null || typeof body !== 'object') return 'expected a JSON object';
  const b = body as Record<string, unknown>;
  if (!isText(b.site, 100) || b.site === '') return 'expected "site": the site name';
  if (b.session !== undefined && !isText(b.session, 64)) return '"session" must be a short text';
  if (b.width !== undefined && !(typeof b.width === 'number' && b.width >= 0 && b.width <= MAX_WIDTH_PX)) return '"width" must be the viewport width in px';
  if (!Array.isArray(b.events) || b.events.length === 0 || b.events.length > MAX_EVENTS) return `expected "events": 1 to ${MAX_EVENTS} events`;
  const events: BeaconEvent[] = [];
  for (const [i, item] of b.events.entries()) {
    const parsed = event(item);
    if (!parsed) return `events[${i}] is not a valid pageview, event, click or scroll`;
    events.push(parsed);
  }
  return { site: b.site, width: Math.round((b.width as number | undefined) ?? 0), dnt: b.dnt === true, events };
}
