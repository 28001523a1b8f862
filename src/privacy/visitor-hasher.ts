/**
 * Visitor identity without keeping who the visitor is: a keyed hash (HMAC-SHA256) of site, IP and
 * User-Agent with a salt that rotates every UTC day. Salts are deleted 48 h after their day starts
 * (the activity port's salts), after which nobody — trackz included — can tell which IP a hash came from.
 * The hash is truncated to 53 bits so it fits a SQLite INTEGER and a JavaScript number exactly.
 */
import { createHmac } from 'node:crypto';
import { canonicalIp } from './ip-address.js';

export const DAY_MS = 86_400_000;
/** A salt is deleted once its day started this long ago. */
export const SALT_LIFETIME_MS = 48 * 3_600_000;
export const SALT_BYTES = 32;

export function utcDay(ms: number): number {
  return Math.floor(ms / DAY_MS);
}

/** Whether the salt of `day` must be gone at `now`. */
export function saltExpired(day: number, now: number): boolean {
  return now - day * DAY_MS >= SALT_LIFETIME_MS;
}

/** The first UTC day whose salt is still kept at `now`. */
export function oldestKeptSaltDay(now: number): number {
  return Math.floor((now - SALT_LIFETIME_MS) / DAY_MS) + 1;
}

/** HMAC-SHA256(key, text), truncated to a non-negative 53-bit integer. */
export function keyedHash53(key: Buffer, text: string): number {
  const digest = createHmac('sha256', key).update(text).digest();
  // 21 bits from the first word, 32 from the second: 53 bits, exact in a double.
  return (digest.readUInt32BE(0) & 0x1fffff) * 0x1_0000_0000 + digest.readUInt32BE(4);
}

/**
 * What is hashed: the site keeps two sites' visitors apart even with the same salt. The address in
 * its one spelling (ip-address.ts), so an import and a data request find the same visitor.
 */
export function visitorMaterial(site: string, ip: string, userAgent: string): string {
  return `${site}|${canonicalIp(ip)}|${userAgent}`;
}

export function visitorHash(salt: Buffer, site: string, ip: string, userAgent: string): number {
  return keyedHash53(salt, visitorMaterial(site, ip, userAgent));
}

/**
 * The opt-out id: keyed like the visitor hash but with a long-lived key, so an opt-out outlasts the
 * daily salt. Stored only for visitors who opted out, and only to skip them.
 */
export function optOutId(key: Buffer, site: string, ip: string, userAgent: string): number {
  return keyedHash53(key, visitorMaterial(site, ip, userAgent));
}
