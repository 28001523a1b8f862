/**
 * JSON-path assertions on a response body: `{ path: "$.status", equals: "ok" }`.
 * jsonpath-plus is imported only when a monitor has JSON assertions.
 */
import type { AssertionResult } from '../core/result.js';
import { compilePattern } from './text.js';

export interface JsonAssertion {
  path: string;
  exists?: boolean;
  equals?: string | number | boolean | null;
  notEquals?: string | number | boolean | null;
  contains?: string;
  matches?: string;
  gt?: number;
  gte?: number;
  lt?: number;
  lte?: number;
}

const show = (value: unknown) => {
  const text = JSON.stringify(value) ?? 'undefined';
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
};

export async function jsonAssertions(body: string, assertions: readonly JsonAssertion[], truncated: boolean): Promise<AssertionResult[]> {
  let document: unknown;
  try {
    document = JSON.parse(body);
  } catch (error) {
    const why = truncated ? 'the body was cut at the read limit (raise maxBodyBytes)' : (error as Error).message;
    return assertions.map((a) => ({ name: `json ${a.path}`, status: 'down' as const, message: `body is not valid JSON: ${why}` }));
  }
  const { JSONPath } = await import('jsonpath-plus');
  return assertions.map((assertion) => {
    const matches = JSONPath({ path: assertion.path, json: document as object, wrap: true, eval: 'safe' }) as unknown[];
    const found = matches.length > 0;
    const value = matches.length === 1 ? matches[0] : matches;
    const name = `json ${assertion.path}`;
    const fail = (why: string): AssertionResult => ({ name, status: 'down', message: `${assertion.path} ${why}`, actual: found ? show(value) : null });
    if (assertion.exists === false) return found ? fail(`exists (${show(value)}), expected it to be absent`) : { name, status: 'up', message: `${assertion.path} is absent` };
    if (!found) return fail('was not found in the body');
    if (assertion.equals !== undefined && value !== assertion.equals) return fail(`is ${show(value)}, expected ${show(assertion.equals)}`);
    if (assertion.notEquals !== undefined && value === assertion.notEquals) return fail(`is ${show(value)}, expected anything else`);
    if (assertion.contains !== undefined && !String(value).includes(assertion.contains)) return fail(`is ${show(value)}, expected it to contain ${show(assertion.contains)}`);
    if (assertion.matches !== undefined && !compilePattern(assertion.matches).test(String(value))) return fail(`is ${show(value)}, expected it to match ${assertion.matches}`);
    const numeric = typeof value === 'number' ? value : Number.NaN;
    const bounds: [keyof JsonAssertion, (n: number, b: number) => boolean, string][] = [
      ['gt', (n, b) => n > b, '>'],
      ['gte', (n, b) => n >= b, '≥'],
      ['lt', (n, b) => n < b, '<'],
      ['lte', (n, b) => n <= b, '≤'],
    ];
    for (const [key, test, symbol] of bounds) {
      const bound = assertion[key] as number | undefined;
      if (bound === undefined) continue;
      if (Number.isNaN(numeric)) return fail(`is ${show(value)}, expected a number ${symbol} ${bound}`);
      if (!test(numeric, bound)) return fail(`is ${numeric}, expected ${symbol} ${bound}`);
    }
    return { name, status: 'up', message: `${assertion.path} is ${show(value)}`, actual: show(value) };
  });
}
