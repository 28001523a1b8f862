/**
 * One account lifecycle event as an application sends it — an NDJSON line, a CSV row or an element of
 * the API's JSON body — checked and normalised into the port's AccountEvent: the email trimmed and
 * lower-cased (the key data requests use), names and status cleaned to one line, the date to epoch ms.
 * Both doors (import and API) use this one schema, so they accept and refuse the same things.
 *
 * Fields (README, "Account lifecycle events"): kind, email, instance, date required; firstName,
 * lastName, status optional. Unknown fields are refused: a misspelt `emial` must not pass silently.
 */
import * as v from 'valibot';
import { oneLine, quoteShort } from '../../core/sanitize.js';
import { ACCOUNT_EVENT_KINDS, type AccountEvent } from '../../storage/ports/accounts.js';

export const ACCOUNT_FIELDS = ['kind', 'email', 'instance', 'date', 'firstName', 'lastName', 'status'] as const;
export type AccountField = (typeof ACCOUNT_FIELDS)[number];
export const REQUIRED_ACCOUNT_FIELDS: readonly AccountField[] = ['kind', 'email', 'instance', 'date'];

const MAX_TEXT = 200;
// A day (2026-01-31) or a moment with its zone (2026-01-31T09:15:00Z, …+02:00): never a local time that could be read two ways.
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const MOMENT_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;
const DATE_HINT = 'expected a date (2026-01-31) or a time with its zone (2026-01-31T09:15:00Z)';

// V8 rolls 2026-02-30 over to March 2: a day that does not exist is refused, not moved.
const realDay = (day: string) => new Date(`${day}T00:00:00Z`).toISOString().startsWith(day);

const parseDate = (text: string): number | undefined => {
  const ms = DATE_RE.test(text) ? Date.parse(`${text}T00:00:00Z`) : MOMENT_RE.test(text) ? Date.parse(text) : Number.NaN;
  return Number.isFinite(ms) && realDay(text.slice(0, 10)) ? ms : undefined;
};

/** Absent, null or blank (an empty CSV cell) all mean "not given". */
const blankToUndefined = (value: unknown) => (value === null || (typeof value === 'string' && value.trim() === '') ? undefined : value);

const optionalText = (what: string) =>
  v.pipe(
    v.unknown(),
    v.transform(blankToUndefined),
    v.optional(v.pipe(v.string(`expected ${what} as text`), v.transform((text) => oneLine(text.trim(), Number.MAX_SAFE_INTEGER)), v.maxLength(MAX_TEXT, `expected ${what} of at most ${MAX_TEXT} characters`))),
  );

const requiredText = (what: string) =>
  v.pipe(
    v.unknown(),
    v.transform(blankToUndefined),
    v.string(`expected ${what}`),
    v.transform((text) => oneLine(text.trim(), Number.MAX_SAFE_INTEGER)),
    v.maxLength(MAX_TEXT, `expected ${what} of at most ${MAX_TEXT} characters`),
  );

/** Every field is present when parsed (absent ones as undefined), so each reports its own "expected". */
export const accountEventSchema = v.object(
  {
    kind: v.pipe(
      v.unknown(),
      v.transform((value) => (typeof value === 'string' ? value.trim().toLowerCase() : value)),
      v.picklist(ACCOUNT_EVENT_KINDS, `expected one of ${ACCOUNT_EVENT_KINDS.join(', ')}`),
    ),
    email: v.pipe(requiredText('an email address'), v.transform((text) => text.toLowerCase()), v.email('expected an email address (name@example.com)')),
    instance: requiredText('the client instance identifier'),
    date: v.pipe(
      v.unknown(),
      v.transform(blankToUndefined),
      v.string(DATE_HINT),
      v.transform((text) => parseDate(text.trim())),
      v.number(DATE_HINT),
    ),
    firstName: optionalText('a first name'),
    lastName: optionalText('a last name'),
    // The application's own flag: text, a boolean or a number, kept as text.
    status: v.pipe(
      v.unknown(),
      v.transform((value) => (typeof value === 'boolean' || typeof value === 'number' ? String(value) : value)),
      v.transform(blankToUndefined),
      v.optional(v.pipe(v.string('expected the status flag as text, true/false or a number'), v.transform((text) => oneLine(text, MAX_TEXT)))),
    ),
  },
);

export type AccountEventCheck = { event: AccountEvent } | { problems: string[] };

/** Checks one raw event; problems read `field: expected …`, the first few of them. */
export function checkAccountEvent(raw: unknown): AccountEventCheck {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return { problems: ['expected an object with kind, email, instance and date'] };
  const given = raw as Record<string, unknown>;
  const unknown = Object.keys(given).filter((key) => !(ACCOUNT_FIELDS as readonly string[]).includes(key));
  const problems = unknown.map((key) => `${key}: unknown field (expected ${ACCOUNT_FIELDS.join(', ')})`);
  const result = v.safeParse(accountEventSchema, Object.fromEntries(ACCOUNT_FIELDS.map((key) => [key, given[key]])));
  if (!result.success) {
    for (const issue of result.issues) {
      const key = String(issue.path?.[0]?.key ?? '');
      const value = given[key];
      problems.push(`${key}: ${issue.message}, ${value === undefined ? 'missing' : `got ${quoteShort(typeof value === 'string' ? value : JSON.stringify(value) ?? '', 60)}`}`);
    }
  }
  if (problems.length || !result.success) return { problems: problems.slice(0, 5) };
  const o = result.output;
  return { event: { kind: o.kind, email: o.email, firstName: o.firstName ?? null, lastName: o.lastName ?? null, instance: o.instance, status: o.status ?? null, at: o.date } };
}
