/**
 * Webhook signatures: HMAC-SHA256 over `<timestamp>.<raw body>` with the channel's secret, sent as
 * `X-Trackz-Signature: sha256=<hex>` beside `X-Trackz-Timestamp: <unix seconds>`. Signing the
 * timestamp lets a receiver refuse replays (reject timestamps older than a few minutes).
 * `verifySignature` is what a receiver does; the tests use it against a real server.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-trackz-signature';
export const TIMESTAMP_HEADER = 'x-trackz-timestamp';
export const IDEMPOTENCY_HEADER = 'idempotency-key';

export function signature(secret: string, timestamp: string, body: string | Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex')}`;
}

export function signatureHeaders(secret: string, body: string, nowMs: number): Record<string, string> {
  const timestamp = String(Math.floor(nowMs / 1000));
  return { [TIMESTAMP_HEADER]: timestamp, [SIGNATURE_HEADER]: signature(secret, timestamp, body) };
}

export type VerifyResult = { ok: true } | { ok: false; reason: string };

/** Checks a received body: the signature matches (in constant time) and the timestamp is recent. */
export function verifySignature(options: { secret: string; body: string | Buffer; timestamp: string | undefined; signature: string | undefined; nowMs?: number; toleranceMs?: number }): VerifyResult {
  const { timestamp, signature: received } = options;
  if (!timestamp || !/^\d+$/.test(timestamp)) return { ok: false, reason: 'missing or malformed timestamp' };
  if (!received) return { ok: false, reason: 'missing signature' };
  const age = Math.abs((options.nowMs ?? Date.now()) - Number(timestamp) * 1000);
  if (age > (options.toleranceMs ?? 5 * 60_000)) return { ok: false, reason: 'timestamp too old' };
  const expected = Buffer.from(signature(options.secret, timestamp, options.body));
  const actual = Buffer.from(received);
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return { ok: false, reason: 'signature mismatch' };
  return { ok: true };
}
