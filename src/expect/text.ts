/** Assertions on text: body contains / does not contain / matches a regular expression (RE2, see core/pattern.ts). */
import { compilePattern as compileBounded, patternProblem, type BoundedPattern } from '../core/pattern.js';
import type { AssertionResult } from '../core/result.js';
import { quoteShort } from '../core/sanitize.js';

export interface TextExpectation {
  contains?: string[];
  notContains?: string[];
  matches?: string[];
}

const quote = (text: string) => quoteShort(text);

/** Compiles an expectation's `/pattern/flags` or bare pattern, matched in linear time. */
export function compilePattern(pattern: string): BoundedPattern {
  return compileBounded(pattern, { slashes: true });
}

/** What is wrong with an expectation's pattern (message, then a hint on the next line), or undefined. */
export function expectationPatternProblem(pattern: string): string | undefined {
  const problem = patternProblem(pattern, { slashes: true });
  return problem && `${problem.message}\n${problem.hint}`;
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
