/** One account event checked and normalised: what both doors (import and API) accept and refuse. */
import { describe, expect, it } from 'vitest';
import { checkAccountEvent } from '../../src/activity/accounts/account-event.js';
import { formatFromHead, formatFromName } from '../../src/activity/accounts/account-lines.js';

const base = { kind: 'created', email: 'ada@example.com', instance: 'acme', date: '2026-01-31' };
const problems = (raw: unknown) => {
  const checked = checkAccountEvent(raw);
  return 'problems' in checked ? checked.problems : [];
};

describe('checkAccountEvent', () => {
  it('normalises: kind and email lower-cased and trimmed, blanks and nulls absent, a status flag as text, the date as UTC ms', () => {
    expect(checkAccountEvent({ ...base, kind: ' Reactivated ', email: ' Ada@Example.COM ', firstName: '  ', lastName: null, status: false })).toEqual({
      event: { kind: 'reactivated', email: 'ada@example.com', firstName: null, lastName: null, instance: 'acme', status: 'false', at: Date.UTC(2026, 0, 31) },
    });
    expect(checkAccountEvent({ ...base, date: '2026-01-31T23:30:00-02:00', status: 3 })).toMatchObject({ event: { at: Date.UTC(2026, 1, 1, 1, 30), status: '3' } });
    // Control characters and line breaks never reach storage as such.
    expect(checkAccountEvent({ ...base, firstName: 'Ada\nL\u0007' })).toMatchObject({ event: { firstName: 'Ada L\\x07' } });
  });

  it('refuses days that do not exist, local times without a zone, and other date shapes', () => {
    for (const date of ['2026-02-30', '2026-02-30T10:00:00Z', '2026-13-01', '2026-01-31 10:00', '2026-01-31T10:00', '31/01/2026', 1769817600000]) {
      expect(problems({ ...base, date })[0], String(date)).toMatch(/^date: expected a date \(2026-01-31\) or a time with its zone/);
    }
  });

  it('names each missing, invalid or unknown field with what was expected', () => {
    expect(problems({ email: 'ada@example.com' })).toEqual([
      'kind: expected one of created, deactivated, reactivated, missing',
      'instance: expected the client instance identifier, missing',
      'date: expected a date (2026-01-31) or a time with its zone (2026-01-31T09:15:00Z), missing',
    ]);
    expect(problems({ ...base, email: 'ada@', instance: 'x'.repeat(201), Email: 'x' })).toEqual([
      'Email: unknown field (expected kind, email, instance, date, firstName, lastName, status)',
      'email: expected an email address (name@example.com), got "ada@"',
      expect.stringMatching(/^instance: expected the client instance identifier of at most 200 characters, got "x+…"$/),
    ]);
    expect(problems([base])).toEqual(['expected an object with kind, email, instance and date']);
    expect(problems({ ...base, firstName: 7 })).toEqual(['firstName: expected a first name as text, got "7"']);
  });
});

describe('account input formats', () => {
  it('are told by the name, else by the first character', () => {
    expect([formatFromName('a.CSV'), formatFromName('a.jsonl'), formatFromName('a.ndjson'), formatFromName('a.txt')]).toEqual(['csv', 'ndjson', 'ndjson', undefined]);
    expect(formatFromHead(Buffer.from('\uFEFF  {"kind":"created"}'))).toBe('ndjson');
    expect(formatFromHead(Buffer.from('kind,email'))).toBe('csv');
  });
});
