/** Assertions on response headers (names are case-insensitive). */
import type { AssertionResult } from '../core/result.js';
import { quoteShort } from '../core/sanitize.js';
import { compilePattern } from './text.js';

export type HeaderExpectation = string | { contains?: string; matches?: string; exists?: boolean };

export function headerAssertions(headers: Record<string, string | string[] | undefined>, expected: Record<string, HeaderExpectation>): AssertionResult[] {
  return Object.entries(expected).map(([rawName, expectation]) => {
    const name = rawName.toLowerCase();
    const raw = headers[name];
    const value = Array.isArray(raw) ? raw.join(', ') : raw;
    const id = `header ${name}`;
    // A header value comes from the target: quoted, on one line, cut short.
    const shown = value === undefined ? '' : quoteShort(value, 120);
    const fail = (why: string): AssertionResult => ({ name: id, status: 'down', message: `header ${name} ${why}`, actual: value ?? null });
    if (typeof expectation === 'string') {
      if (value === undefined) return fail(`is missing, expected "${expectation}"`);
      return value.toLowerCase() === expectation.toLowerCase() ? { name: id, status: 'up', message: `header ${name} is ${shown}` } : fail(`is ${shown}, expected "${expectation}"`);
    }
    if (expectation.exists === false) return value === undefined ? { name: id, status: 'up', message: `header ${name} is absent` } : fail(`is present (${shown}), expected it to be absent`);
    if (value === undefined) return fail('is missing');
    if (expectation.contains !== undefined && !value.toLowerCase().includes(expectation.contains.toLowerCase())) return fail(`is ${shown}, expected it to contain "${expectation.contains}"`);
    if (expectation.matches !== undefined && !compilePattern(expectation.matches).test(value)) return fail(`is ${shown}, expected it to match ${expectation.matches}`);
    return { name: id, status: 'up', message: `header ${name} is ${shown}` };
  });
}
