/**
 * The one escaping function every view uses for text from config or results: HTML text, HTML
 * attribute values (always double-quoted), SVG and Atom (XML). Nothing from data reaches a page,
 * badge or feed except through here.
 *
 * Beyond the five markup characters it replaces what XML 1.0 forbids (C0 controls other than tab,
 * newline and carriage return, U+FFFE/U+FFFF, lone surrogates) with U+FFFD, so a hostile result
 * message can never make the Atom feed or a badge unparseable.
 */

const MARKUP: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const NEEDS_WORK = /[&<>"'\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF\uD800-\uDFFF]/;
const REPLACE = /[&<>"']|[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/** Lone surrogates become U+FFFD (String.prototype.toWellFormed, Node 20; not yet in this TS lib). */
export function wellFormed(text: string): string {
  return (text as unknown as { toWellFormed(): string }).toWellFormed();
}

function replaceOne(char: string): string {
  return MARKUP[char] ?? '\uFFFD';
}

/** Escapes text for HTML/XML text and double-quoted attribute contexts. null and undefined become ''. */
export function escapeHtml(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'string' ? value : String(value);
  // Most strings (names, numbers) need nothing: one test, no allocation.
  if (!NEEDS_WORK.test(text)) return text;
  return wellFormed(text).replace(REPLACE, replaceOne);
}

/**
 * An href from data (a heatmap link): only http(s) URLs and same-origin paths pass, anything else
 * (javascript:, data:, protocol-relative //host) gives null. Escape the result like any other value.
 */
export function safeHref(url: string | null | undefined): string | null {
  if (!url) return null;
  const trimmed = url.trim();
  if (trimmed.startsWith('/') && !trimmed.startsWith('//') && !trimmed.startsWith('/\\')) return trimmed;
  return /^https?:\/\/[^\s]+$/i.test(trimmed) ? trimmed : null;
}
