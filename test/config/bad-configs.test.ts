/**
 * The bad-config corpus: every file in test/fixtures/bad-configs is a realistic mistake that carries
 * its expectations in leading comments. Each is run through the real, built binary, as `validate` and as
 * `check`, and must follow the rule every config error follows: file:line:column, what was found and
 * what was expected, exit 2, no stack trace, nothing written.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trackz } from '../helpers/cli.js';
import { ensureBuilt } from './build.js';
import { parseIssues, readExpectation, type Expectation } from './corpus.js';

const FIXTURES = join(import.meta.dirname, '../fixtures/bad-configs');
const PLUGINS = join(import.meta.dirname, '../fixtures/plugins');
const files = readdirSync(FIXTURES)
  .filter((name) => name.endsWith('.yaml'))
  .sort();

/** Everything under `dir`, so "nothing was written" can be checked exactly. */
function listTree(dir: string, base = dir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? [`${relative(base, path)}/`, ...listTree(path, base)] : [relative(base, path)];
  });
}

/** The parent's environment without any TRACKZ_TEST_* variable, so a "missing variable" fixture stays missing. */
function childEnv(extra: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined && !key.startsWith('TRACKZ_TEST_')) env[key] = value;
  return { ...env, NO_COLOR: '1', TRACKZ_LOG: 'warn', ...extra };
}

const roots: string[] = [];
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

beforeAll(async () => ensureBuilt());

describe('the bad-config corpus', () => {
  it('has at least 40 files, each with its expectations', () => {
    expect(files.length).toBeGreaterThanOrEqual(40);
    for (const name of files) {
      const expectation = readExpectation(join(FIXTURES, name));
      expect(expectation.lines.length, `${name}: expect-line`).toBeGreaterThan(0);
      expect(expectation.messages.length, `${name}: expect-message`).toBeGreaterThan(0);
    }
  });

  it.each(files)('%s: exit 2, file:line and message, no stack trace, nothing written', async (name) => {
    const expectation = readExpectation(join(FIXTURES, name));
    const root = mkdtempSync(join(tmpdir(), 'trackz-bad-config-'));
    roots.push(root);
    const config = join(root, name);
    writeFileSync(config, readFileSync(join(FIXTURES, name)));
    cpSync(PLUGINS, join(root, 'plugins'), { recursive: true });
    const before = listTree(root);

    const env = childEnv(expectation.env);
    const [validate, check] = await Promise.all([
      trackz(['validate', '--config', config], { cwd: root, env, extendEnv: false }),
      trackz(['check', '--config', config], { cwd: root, env, extendEnv: false }),
    ]);

    for (const [command, result] of [
      ['validate', validate],
      ['check', check],
    ] as const) {
      const context = `${name} (trackz ${command})\n${result.stderr}`;
      expect(result.exitCode, context).toBe(2);
      expect(result.stderr, context).not.toMatch(/^\s+at /m);
      assertIssues(result.stderr, config, expectation, context);
    }
    expect(check.stdout, `${name}: check printed a report`).toBe('');
    expect(validate.stdout, `${name}: validate printed a summary`).toBe('');
    expect(listTree(root), `${name}: files were written next to the config`).toEqual(before);
  });

  // The control: the same harness on a good config does write the database, so "nothing written" above can fail.
  it('control: a valid config run by check creates .trackz/trackz.db next to it', async () => {
    const root = mkdtempSync(join(tmpdir(), 'trackz-good-config-'));
    roots.push(root);
    const config = join(root, 'trackz.config.yaml');
    writeFileSync(config, 'monitors:\n  - name: closed-port\n    type: tcp\n    host: 127.0.0.1\n    port: 1\n    timeout: 2s\n');
    const result = await trackz(['check', '--config', config, '--reporter', 'json'], { cwd: root, env: childEnv({}), extendEnv: false });
    expect(result.exitCode, result.stderr).toBe(1);
    expect(listTree(root)).toContain(join('.trackz', 'trackz.db'));
  });
});

function assertIssues(stderr: string, config: string, expectation: Expectation, context: string): void {
  const header = /^trackz: invalid config \((\d+) problems?\):$/m.exec(stderr);
  expect(header, context).not.toBeNull();
  const issues = parseIssues(stderr);
  expect(issues.length, context).toBe(Number(header![1]));
  for (const issue of issues) {
    expect(issue.file, context).toBe(config);
    expect(issue.column, context).toBeGreaterThan(0);
    // No stray problems: each one reported is one the fixture expects.
    expect(expectation.lines, `unexpected problem at line ${issue.line}: ${context}`).toContain(issue.line);
  }
  for (const line of expectation.lines) {
    expect(issues.some((issue) => issue.line === line), `no problem at line ${line}: ${context}`).toBe(true);
  }
  for (const message of expectation.messages) {
    expect(issues.some((issue) => issue.text.includes(message)), `message "${message}" missing: ${context}`).toBe(true);
  }
  for (const hint of expectation.hints) {
    expect(issues.some((issue) => issue.hint?.includes(hint)), `hint "${hint}" missing: ${context}`).toBe(true);
  }
  if (expectation.count !== undefined) expect(issues.length, context).toBe(expectation.count);
}
