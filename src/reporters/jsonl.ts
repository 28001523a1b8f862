/**
 * JSON Lines (`--reporter jsonl`), streamed: one line per result as its check finishes, then one
 * summary line. A result line is the JSON report's result object with `"event": "result"` first; the
 * summary line is the JSON report's head with `"event": "summary"`. Same `version`, same stability
 * promise. See README "JSON report".
 */
import { reportHead, resultObject } from './json.js';
import type { Reporter } from './reporter.js';

export function jsonlReporter(): Reporter {
  return {
    onCheckEnd: (record) => `${JSON.stringify({ event: 'result', ...resultObject(record) })}\n`,
    onEnd: (summary) => `${JSON.stringify({ event: 'summary', ...reportHead(summary) })}\n`,
  };
}
