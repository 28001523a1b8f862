/**
 * Secrets that reach the process (from ${ENV} in sensitive fields, from the secret store) are registered
 * here; every line trackz prints or stores as text passes through `redact`, so a value cannot leak
 * through an error message that happens to quote it.
 */

const secrets = new Set<string>();
let pattern: RegExp | undefined;

/** Values shorter than this are too likely to appear by accident ("1", "on") to be useful to redact. */
const MIN_SECRET_LENGTH = 4;

export function registerSecret(value: string | undefined): void {
  if (!value || value.length < MIN_SECRET_LENGTH || secrets.has(value)) return;
  secrets.add(value);
  pattern = undefined;
  // A secret may also appear URL-encoded (in a URL's userinfo or query).
  const encoded = encodeURIComponent(value);
  if (encoded !== value) secrets.add(encoded);
}

export function redact(text: string): string {
  if (secrets.size === 0 || !text) return text;
  pattern ??= new RegExp(
    [...secrets]
      .sort((a, b) => b.length - a.length)
      .map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('|'),
    'g',
  );
  return text.replace(pattern, '***');
}

/** For tests: forget every registered secret. */
export function clearSecrets(): void {
  secrets.clear();
  pattern = undefined;
}
