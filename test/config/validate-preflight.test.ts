/**
 * `trackz validate` looks at this machine as well as at the file: a command monitor's program that
 * does not exist or is not executable, a working directory that is missing, a `ca:` file that cannot
 * be read. Through the built binary, as a user runs it before deploying a config.
 */
import { chmodSync, mkdirSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from './build.js';
import { parseIssues } from './corpus.js';
import { trackz } from '../helpers/cli.js';
import { useWorkspace } from '../helpers/workspace.js';

const ws = useWorkspace('trackz-preflight-');
beforeAll(async () => ensureBuilt());

describe('validate: what the file names must exist here', () => {
  it('reports each missing or unusable program, directory and CA file at its line and column, exit 2', async () => {
    chmodSync(ws.write('checks/ok.sh', '#!/bin/sh\necho OK\n'), 0o755);
    ws.write('checks/not-executable.sh', '#!/bin/sh\necho OK\n');
    ws.write('certs/not-pem.txt', 'hello\n');
    mkdirSync(ws.path('certs/a-directory'), { recursive: true });
    const config = ws.write(
      'trackz.config.yaml',
      `monitors:
  - { name: fine, type: command, run: [./checks/ok.sh] }
  - { name: on-path, type: command, run: [sh, -c, "exit 0"] }
  - { name: shell-string, type: command, run: "whatever-this-is --is the shell's business" }
  - { name: missing, type: command, run: [./checks/nope.sh] }
  - { name: not-executable, type: command, run: [./checks/not-executable.sh] }
  - { name: not-on-path, type: command, run: [check_nothing_like_this] }
  - { name: no-cwd, type: command, run: [./checks/ok.sh], cwd: elsewhere }
  - { name: web, type: uptime, url: "https://127.0.0.1/", ca: certs/missing.pem }
  - { name: cert, type: ssl, host: 127.0.0.1, ca: certs/not-pem.txt }
  - { name: mail, type: smtp, host: 127.0.0.1, ca: certs/a-directory }
  - { name: plain-tcp, type: tcp, host: 127.0.0.1, port: 1, ca: certs/missing.pem }
`,
    );
    const result = await trackz(['validate'], { cwd: ws.dir });
    expect(result.exitCode, result.stderr).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^trackz: invalid config \(7 problems\):/);
    const issues = parseIssues(result.stderr).map((issue) => [issue.file, issue.line, issue.column, issue.text.split('\n')[0]!.replace(/^.*?: /, '')]);
    expect(issues).toEqual([
      [config, 5, 43, 'monitors[3].run[0]: the program ./checks/nope.sh does not exist'],
      [config, 6, 50, 'monitors[4].run[0]: the program ./checks/not-executable.sh is not executable'],
      [config, 7, 47, 'monitors[5].run[0]: the program check_nothing_like_this is not on PATH'],
      [config, 8, 64, 'monitors[6].cwd: the working directory elsewhere does not exist'],
      [config, 9, 63, 'monitors[7].ca: cannot read the CA file certs/missing.pem: no such file'],
      [config, 10, 51, 'monitors[8].ca: the CA file certs/not-pem.txt holds no PEM certificate (-----BEGIN CERTIFICATE-----)'],
      [config, 11, 52, 'monitors[9].ca: cannot read the CA file certs/a-directory: it is a directory'],
    ]);
    expect(parseIssues(result.stderr)[1]!.hint).toMatch(/^chmod \+x .*not-executable\.sh$/);
  });

  it('the same file runs with check: the programs are tried, and fail as results, not as config errors', async () => {
    ws.write('run/trackz.config.yaml', 'monitors:\n  - { name: missing, type: command, run: [./nope.sh] }\n');
    const check = await trackz(['check', '--no-store', '-r', 'json'], { cwd: ws.path('run') });
    expect(check.exitCode).toBe(1);
    expect(JSON.parse(check.stdout).results[0]).toMatchObject({ status: 'unknown', message: `cannot run ${ws.path('run/nope.sh')}: no such program` });
    const validate = await trackz(['validate'], { cwd: ws.path('run') });
    expect(validate.exitCode).toBe(2);
  });
});
