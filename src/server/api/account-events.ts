/**
 * `POST /api/v1/accounts/events`: an application reports account lifecycle events (created,
 * deactivated, reactivated). A handler module with narrow dependencies, so `trackz serve`'s router
 * mounts it in a few lines: `authorize(req)` says which key called (the router's key store and audit
 * stay the router's), `storage` is the serve process's open storage.
 *
 * The body is one event or a JSON array of them, at most `maxBodyBytes` and `maxEvents`. It is stored
 * all or nothing: any invalid event → 400 with the first problems by index, nothing stored. Valid →
 * stored before answering (200, not 202: nothing is left to do later), with counts; a resend of the
 * same events is 200 with them counted as duplicates, so a client may retry freely.
 *
 * Mounted by src/server/api/push-routes.ts (the router keeps its own audit of every request).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { checkAccountEvent } from '../../activity/accounts/account-event.js';
import { ingestAccountEvents } from '../../activity/accounts/account-ingest.js';
import type { AccountEvent } from '../../storage/ports/accounts.js';
import type { Storage } from '../../storage/ports/index.js';

export const ACCOUNT_EVENTS_PATH = '/api/v1/accounts/events';

export type KeyRole = 'viewer' | 'operator' | 'agent';
export interface ApiCaller {
  keyName: string;
  role: KeyRole;
}

export interface AccountEventsDeps {
  /** The key the request carries (`Authorization: Bearer …`), or undefined when it carries none or an unknown one. */
  authorize(req: IncomingMessage): ApiCaller | undefined | Promise<ApiCaller | undefined>;
  storage: Storage;
  /** `accounts.retention` in ms (src/activity/accounts/account-ingest.ts: accountsRetentionMs). */
  retentionMs: number;
  /** Default 1 MiB: about 5,000 events. */
  maxBodyBytes?: number;
  /** Default 10,000. */
  maxEvents?: number;
  now?: () => number;
}

const ALLOWED_ROLES: readonly KeyRole[] = ['operator', 'agent'];
const MAX_PROBLEMS = 20;

class HttpProblem extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = `${JSON.stringify(body)}\n`;
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** The body, refused past `limit` bytes (by Content-Length at once, or while it streams). */
async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const tooLarge = () => new HttpProblem(413, `body larger than ${limit} bytes: send fewer events per request`);
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw tooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

async function checkedEvents(req: IncomingMessage, deps: AccountEventsDeps): Promise<AccountEvent[]> {
  const type = String(req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') throw new HttpProblem(415, `expected Content-Type: application/json, got ${type || 'none'}`);
  const body = await readBody(req, deps.maxBodyBytes ?? 1024 * 1024);
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw new HttpProblem(400, `body is not JSON: ${(error as Error).message}`);
  }
  const raws = Array.isArray(parsed) ? parsed : [parsed];
  const maxEvents = deps.maxEvents ?? 10_000;
  if (raws.length === 0) throw new HttpProblem(400, 'expected an event or a non-empty array of events');
  if (raws.length > maxEvents) throw new HttpProblem(413, `${raws.length} events in one request: at most ${maxEvents}`);
  const events: AccountEvent[] = [];
  const problems: { index: number; problems: string[] }[] = [];
  let invalid = 0;
  for (const [index, raw] of raws.entries()) {
    const checked = checkAccountEvent(raw);
    if ('event' in checked) events.push(checked.event);
    else if (++invalid <= MAX_PROBLEMS) problems.push({ index, problems: checked.problems });
  }
  if (invalid) throw new HttpProblem(400, `${invalid} of ${raws.length} events invalid: nothing was stored`, { problems });
  return events;
}

export function accountEventsHandler(deps: AccountEventsDeps): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    try {
      if (req.method !== 'POST') throw new HttpProblem(405, 'use POST', {}, { allow: 'POST' });
      const caller = await deps.authorize(req);
      if (!caller) throw new HttpProblem(401, 'an operator or agent key is required (Authorization: Bearer KEY)', {}, { 'www-authenticate': 'Bearer realm="trackz"' });
      if (!ALLOWED_ROLES.includes(caller.role)) throw new HttpProblem(403, `the key "${caller.keyName}" has role ${caller.role}: sending account events needs an operator or agent key`);
      const events = await checkedEvents(req, deps);
      let outcome;
      try {
        outcome = await ingestAccountEvents(deps.storage, events, `api:${caller.keyName}`, deps.retentionMs, deps.now?.() ?? Date.now());
      } catch (error) {
        throw new HttpProblem(503, `could not store the events, nothing was stored (${(error as Error).message}); retry later`, {}, { 'retry-after': '5' });
      }
      send(res, 200, { received: outcome.received, inserted: outcome.inserted, duplicates: outcome.duplicates });
    } catch (error) {
      if (!(error instanceof HttpProblem)) throw error;
      // A body not read to its end would stall a keep-alive connection: close it instead.
      if (!req.readableEnded) res.setHeader('connection', 'close');
      send(res, error.status, { error: error.message, ...error.extra }, error.headers);
    }
  };
}
