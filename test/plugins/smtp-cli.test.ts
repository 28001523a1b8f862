/**
 * The smtp check through the real, built binary, the way CI runs it: credentials come from the
 * environment and must not appear in any output, report or the SQLite file; each step is a JUnit case.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fullChain, makeTestPki } from '../helpers/certs.js';
import { trackz } from '../helpers/cli.js';
import { startSmtpServer, type RunningSmtpServer } from '../helpers/smtp-server.js';
import { useWorkspace } from '../helpers/workspace.js';

const workspace = useWorkspace('trackz-smtp-cli-');
const PASSWORD = 'smtp-secret-9f3a7c';
let smtp: RunningSmtpServer;

beforeAll(async () => {
  const pki = makeTestPki();
  workspace.write('ca.pem', pki.root.cert);
  smtp = await startSmtpServer({ tls: { key: pki.good.key, cert: fullChain(pki.good, pki.intermediate) }, users: { mailer: PASSWORD } });
});
afterAll(async () => {
  await smtp?.close();
});

describe('trackz check with smtp monitors', () => {
  it('reports each step as a JUnit case and never prints or stores the password', async () => {
    workspace.write(
      'trackz.config.yaml',
      `monitors:
  - name: submission
    type: smtp
    host: 127.0.0.1
    port: ${smtp.port}
    starttls: required
    ca: ca.pem
    auth: { user: "\${SMTP_USER}", pass: "\${SMTP_PASS}" }
  - name: submission-bad-login
    type: smtp
    host: 127.0.0.1
    port: ${smtp.port}
    ca: ca.pem
    auth: { user: "\${SMTP_USER}", pass: "\${SMTP_PASS}-wrong" }
`,
    );
    const result = await trackz(['check', '--reporter', 'json', '--reporter', 'junit=report.xml'], { cwd: workspace.dir, env: { SMTP_USER: 'mailer', SMTP_PASS: PASSWORD } });
    expect(result.exitCode, result.stderr).toBe(1);
    const report = JSON.parse(result.stdout) as { results: { monitor: string; status: string; message: string }[] };
    const byName = Object.fromEntries(report.results.map((r) => [r.monitor, r]));
    expect(byName.submission?.status).toBe('up');
    expect(byName['submission-bad-login']).toMatchObject({ status: 'down', message: 'AUTH PLAIN refused: 535 Authentication credentials invalid' });
    const junit = readFileSync(workspace.path('report.xml'), 'utf8');
    for (const name of ['banner', 'ehlo', 'starttls', 'tls.chain', 'tls.hostname', 'tls.daysLeft', 'auth']) expect(junit).toContain(`<testcase name="${name}" classname="trackz.smtp.submission"`);
    expect(junit).toMatch(/<testcase name="auth" classname="trackz\.smtp\.submission-bad-login"[^>]*>\s*<failure message="AUTH PLAIN refused/);

    const stored = readdirSync(workspace.path('.trackz')).map((file) => readFileSync(workspace.path('.trackz', file)).toString('latin1'));
    for (const text of [result.stdout, result.stderr, junit, ...stored]) {
      expect(text).not.toContain(PASSWORD);
      expect(text).not.toContain(Buffer.from(`\0mailer\0${PASSWORD}`).toString('base64'));
    }
    expect(stored.join('')).toContain('AUTH PLAIN refused');
  });

  it('refuses a monitor with neither host nor domain, at its line', async () => {
    workspace.write('bad.yaml', 'monitors:\n  - name: mail\n    type: smtp\n    port: 587\n');
    const result = await trackz(['validate', '--config', 'bad.yaml'], { cwd: workspace.dir });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/bad\.yaml:2:5: monitors\[0\]: expected either `host:` \(one server\) or `domain:`/);
  });
});
