/**
 * The bad-config corpus format: expectations live in a fixture's leading comments.
 *
 *   # expect-line: 7                         a problem is reported at this line (repeatable)
 *   # expect-message: unknown key `timout`   text that appears in a reported problem (repeatable)
 *   # expect-hint: did you mean `timeout`?   text of a problem's hint (repeatable)
 *   # env: NAME=value                        set for the run (repeatable)
 *   # expect-count: 2                        exactly this many problems
 *
 * A file that must stay empty keeps them in `<file>.expect` beside it.
 */
import { existsSync, readFileSync } from 'node:fs';

export interface Expectation {
  lines: number[];
  messages: string[];
  hints: string[];
  env: Record<string, string>;
  count?: number;
}

export function readExpectation(file: string): Expectation {
  const sidecar = `${file}.expect`;
  const text = readFileSync(existsSync(sidecar) ? sidecar : file, 'utf8').replace(/^\uFEFF/, '').replace(/\r\n/g, '\n');
  const expectation: Expectation = { lines: [], messages: [], hints: [], env: {} };
  for (const line of text.split('\n')) {
    if (!line.startsWith('#')) break;
    const match = /^#\s*(expect-line|expect-message|expect-hint|expect-count|env):\s?(.*)$/.exec(line);
    if (!match) continue;
    const [, key, value] = match as unknown as [string, string, string];
    if (key === 'expect-line') expectation.lines.push(Number(value));
    else if (key === 'expect-message') expectation.messages.push(value.trimEnd());
    else if (key === 'expect-hint') expectation.hints.push(value.trimEnd());
    else if (key === 'expect-count') expectation.count = Number(value);
    else {
      const eq = value.indexOf('=');
      expectation.env[value.slice(0, eq)] = value.slice(eq + 1);
    }
  }
  return expectation;
}

export interface ReportedIssue {
  file: string;
  line: number;
  column: number;
  /** The whole block: the first line and its `found:` / `hint:` lines. */
  text: string;
  found?: string;
  hint?: string;
}

/** Splits `trackz: invalid config (N problems):` output into its problems. */
export function parseIssues(stderr: string): ReportedIssue[] {
  const issues: ReportedIssue[] = [];
  for (const line of stderr.split('\n')) {
    const head = /^(.+?):(\d+):(\d+): (.*)$/.exec(line);
    if (head && !line.startsWith(' ') && !line.startsWith('trackz: ')) {
      issues.push({ file: head[1]!, line: Number(head[2]), column: Number(head[3]), text: line });
      continue;
    }
    const last = issues.at(-1);
    if (!last || !line.startsWith('    ')) continue;
    last.text += `\n${line}`;
    const detail = /^ {4}(found|hint): (.*)$/.exec(line);
    if (detail) last[detail[1] as 'found' | 'hint'] = detail[2];
  }
  return issues;
}
