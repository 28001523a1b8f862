/** Assertions on text: body contains / does not contain / matches a regular expression. */
import type { AssertionResult } from '../core/result.js';

export interface TextExpectation {
  contains?: string[];
  notContains?: string[];
  matches?: string[];
}

const quote = (text: string) => JSON.stringify(text.length > 60 ? `${text.slice(0, 57)}…` : text);

/** Compiles `/pattern/flags` or a bare pattern. */
export function compilePattern(pattern: string): RegExp {
  const literal = /^\/(.*)\/([dgimsuvy]*)$/s.exec(pattern);
  return literal ? new RegExp(literal[1]!, literal[2]) : new RegExp(pattern);
}

export function isValidPattern(pattern: string): boolean {
  try {
    compilePattern(pattern);
    return true;
  } catch {
    return false;
  }
}

export function textAssertions(subject: string, text: string, expectation: TextExpectation, truncated = false): AssertionResult[] {
  const note = truncated ? ' (in the part of the body that was read)' : '';
  const results: AssertionResult[] = [];
  for (const needle of expectation.contains ?? []) {
    const ok = text.includes(needle);
    results.push({ name: `${subject}.contains`, status: ok ? 'up' : 'down', message: ok ? `${subject} contains ${quote(needle)}` : `${subject} does not contain ${quote(needle)}${note}`, expected: needle });
  }
  for (const needle of expectation.notContains ?? []) {
    const ok = !text.includes(needle);
    results.push({ name: `${subject}.notContains`, status: ok ? 'up' : 'down', message: ok ? `${subject} does not contain ${quote(needle)}` : `${subject} contains ${quote(needle)}, which it must not`, expected: needle });
  }
  for (const pattern of expectation.matches ?? []) {
    const ok = compilePattern(pattern).test(text);
    results.push({ name: `${subject}.matches`, status: ok ? 'up' : 'down', message: ok ? `${subject} matches ${pattern}` : `${subject} does not match ${pattern}${note}`, expected: pattern });
  }
  return results;
}
