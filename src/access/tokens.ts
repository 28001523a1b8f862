/**
 * Dashboard tokens and API keys: minted from the CSPRNG, stored only as SHA-256 hashes (a plain hash
 * is enough for values with 192+ random bits: nothing to guess, nothing to stretch), and found by
 * comparing hashes in constant time, every candidate compared, so timing tells nothing about which
 * bytes matched or which entry did.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** 24 random bytes (192 bits; at least 128 are required) → 32 base64url characters. */
const TOKEN_BYTES = 24;
export const DASHBOARD_TOKEN_RE = /^[A-Za-z0-9_-]{32}$/;

/** API keys carry a prefix, so secret scanners and people recognise one: `tkz_` + 43 characters (256 bits). */
export const API_KEY_PREFIX = 'tkz_';
const KEY_BYTES = 32;
export const API_KEY_RE = /^tkz_[A-Za-z0-9_-]{43}$/;

export function newDashboardToken(): string {
  return randomBytes(TOKEN_BYTES).toString('base64url');
}

export function newApiKey(): string {
  return `${API_KEY_PREFIX}${randomBytes(KEY_BYTES).toString('base64url')}`;
}

/** SHA-256, lowercase hex: what the storage keeps instead of a token or key. */
export function hashToken(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

/**
 * The candidate whose hash equals `hash`, compared in constant time: every candidate is compared in
 * full (no early exit), so the time depends only on how many there are.
 */
export function findByHash<T>(candidates: readonly T[], hashOf: (candidate: T) => string, hash: string): T | undefined {
  const wanted = Buffer.from(hash, 'hex');
  let found: T | undefined;
  for (const candidate of candidates) {
    const stored = Buffer.from(hashOf(candidate), 'hex');
    if (stored.length === wanted.length && timingSafeEqual(stored, wanted) && found === undefined) found = candidate;
  }
  return found;
}
