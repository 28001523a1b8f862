/**
 * Errors a user can fix (bad config, bad flag, unknown monitor) are UserErrors: printed as a plain
 * message, exit code 2, never a stack trace. Anything else is a bug and keeps its stack.
 */

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

export class UserError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = EXIT_USAGE) {
    super(message);
    this.name = 'UserError';
    this.exitCode = exitCode;
  }
}

/**
 * A check that cannot start because of something in its own setup (a CA file that is missing, say):
 * the result is `unknown` with this message as it is, not "failed unexpectedly", since it is not a bug.
 */
export class CheckSetupError extends Error {
  override name = 'CheckSetupError';
}

export interface ConfigIssue {
  file: string;
  line: number;
  column: number;
  /** What is wrong, e.g. `monitors[2].url: expected an http(s) URL`. */
  message: string;
  /** What was found, shown verbatim (already redacted when needed). */
  found?: string;
  /** A hint such as "did you mean `timeout`?". */
  hint?: string;
}

export class ConfigError extends UserError {
  readonly issues: ConfigIssue[];
  constructor(issues: ConfigIssue[]) {
    super(formatIssues(issues));
    this.name = 'ConfigError';
    this.issues = issues;
  }
}

export function formatIssue(issue: ConfigIssue): string {
  let text = `${issue.file}:${issue.line}:${issue.column}: ${issue.message}`;
  if (issue.found !== undefined) text += `\n    found: ${issue.found}`;
  if (issue.hint) text += `\n    hint: ${issue.hint}`;
  return text;
}

export function formatIssues(issues: ConfigIssue[]): string {
  const count = issues.length === 1 ? '1 problem' : `${issues.length} problems`;
  return `invalid config (${count}):\n${issues.map((issue) => formatIssue(issue)).join('\n')}`;
}
