/**
 * The one sanitiser for text that comes from a target: a body, a banner, a certificate field,
 * a command's output, a plugin's message. Terminal escape sequences (colour, OSC window titles,
 * clear screen) are removed; other control characters, and the invisible bidirectional overrides
 * that can make text read differently from what it is, are shown as escapes (`\x07`, `\u202e`).
 * The runner applies it where results are made (src/runtime/normalize-result.ts), so the
 * table, history, JUnit, GitHub annotations, alerts and every later view get clean text.
 *
 * Every expression here is linear: a character class or a negated class per step, no nesting.
 */

/**
 * ECMA-48 sequences: CSI (`ESC [` … final byte), OSC (`ESC ]` … BEL or ST, or to the next ESC when
 * unterminated), DCS/SOS/PM/APC (`ESC P|X|^|_` … ST), any other `ESC` + intermediates + final, and
 * the 8-bit CSI and OSC forms.
 */
// eslint-disable-next-line no-control-regex
const ESCAPE_SEQUENCE = /\x1b\[[0-?]*[ -/]*[@-~]?|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[PX^_][^\x1b]*(?:\x1b\\)?|\x1b[ -/]*[0-~]?|\x9b[0-?]*[ -/]*[@-~]?|\x9d[^\x07\x1b\x9c]*[\x07\x9c]?/g;

/** Line breaks of every kind, tabs and form feeds: a one-line text turns each run into one space. */
const LINE_BREAKS = /[\t\n\v\f\r\u0085\u2028\u2029]+/g;
/** What is left that a terminal would act on or that hides text: C0, DEL, C1, bidi controls, BOM. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;
// eslint-disable-next-line no-control-regex
const CONTROL_IN_TEXT = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;
/** A quick test before any replacing: most text has none of these. */
// eslint-disable-next-line no-control-regex
const ANYTHING_TO_DO = /[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2028\u2029\u2066-\u2069\ufeff]/;

/** Longest message kept: a result's message is one human line, not a transcript. */
export const MAX_MESSAGE_CHARS = 300;

const escapeControl = (char: string) => {
  const code = char.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
};

/** Cuts at a word boundary when one is near, and says so with `…`. */
export function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  const head = text.slice(0, max - 1);
  const space = head.lastIndexOf(' ');
  return `${(space > max * 0.6 ? head.slice(0, space) : head).trimEnd()}…`;
}

/** One clean line: no escape sequences, line breaks as spaces, other controls escaped, at most `max` characters. */
export function oneLine(text: string, max = MAX_MESSAGE_CHARS): string {
  let clean = text;
  if (ANYTHING_TO_DO.test(clean)) {
    clean = clean.replace(ESCAPE_SEQUENCE, '');
    // Lines joined: the indentation of the next line would only add a run of spaces.
    if (/[\t\n\v\f\r\u0085\u2028\u2029]/.test(clean)) clean = clean.replace(LINE_BREAKS, ' ').replace(/ {2,}/g, ' ');
    clean = clean.replace(CONTROL, escapeControl).trim();
  }
  return cutText(clean, max);
}

/** Clean multi-line text (long output, a banner in the details): lines and tabs kept, everything else as in oneLine. */
export function cleanText(text: string): string {
  if (!ANYTHING_TO_DO.test(text)) return text;
  return text.replace(ESCAPE_SEQUENCE, '').replace(/\r\n?|[\u0085\u2028\u2029]/g, '\n').replace(CONTROL_IN_TEXT, escapeControl);
}

/** `quote(body)` for a message: JSON-quoted, one line, cut short. */
export function quoteShort(text: string, max = 60): string {
  return JSON.stringify(cutText(oneLine(text, Number.MAX_SAFE_INTEGER), max));
}

const AUTHORITY_END = /[/?#\s"'<>\\]/;

/**
 * `https://user:pass@host/` → `https://***@host/`, anywhere in a text: the user name and password in
 * a URL are credentials wherever it is shown. A scan from each `://` to the end of its authority, so
 * a long text (a Lighthouse report) costs one pass.
 */
export function redactUrlUserinfo(text: string): string {
  let at = text.indexOf('://');
  if (at < 0 || !text.includes('@')) return text;
  let out = '';
  let copied = 0;
  while (at >= 0) {
    const start = at + 3;
    let end = start;
    let userinfoEnd = -1;
    for (; end < text.length && !AUTHORITY_END.test(text[end]!); end++) if (text.charCodeAt(end) === 64) userinfoEnd = end;
    if (at > 0 && /[a-z0-9+.-]/i.test(text[at - 1]!) && userinfoEnd >= 0) {
      out += `${text.slice(copied, start)}***`;
      copied = userinfoEnd;
    }
    at = text.indexOf('://', Math.max(end, start));
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/**
 * Applies `clean` to every string in a JSON-like value (objects, arrays), keys included, returning
 * the same object when nothing changed. Depth is bounded: details are small documents, not graphs.
 */
export function mapStrings<T>(value: T, clean: (text: string) => string, depth = 0): T {
  if (typeof value === 'string') return clean(value) as T;
  if (value === null || typeof value !== 'object' || depth > 32) return value;
  if (Array.isArray(value)) {
    let changed: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const next = mapStrings(value[i], clean, depth + 1);
      if (next !== value[i]) (changed ??= [...value])[i] = next;
    }
    return (changed ?? value) as T;
  }
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return value;
  // Copied only from the first change on: most details need none, and this runs for every result.
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  let out: Record<string, unknown> | undefined;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const cleanKey = clean(key);
    const next = mapStrings(record[key], clean, depth + 1);
    if (!out && (cleanKey !== key || next !== record[key])) {
      out = {};
      for (let j = 0; j < i; j++) out[keys[j]!] = record[keys[j]!];
    }
    if (out) out[cleanKey] = next;
  }
  return (out ?? value) as T;
}
