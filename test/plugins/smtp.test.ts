/**
 * The smtp check against the real `smtp-server` package on 127.0.0.1, one server per case: the happy
 * paths (STARTTLS, implicit TLS, AUTH PLAIN/LOGIN) and each failure a person on call must be told
 * about in words.
 */
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckRecord } from '../../src/core/result.js';
import { fullChain, makeTestPki, type TestPki } from '../helpers/certs.js';
import { startSmtpServer, type RunningSmtpServer, type SmtpServerCase } from '../helpers/smtp-server.js';
import { useWorkspace } from '../helpers/workspace.js';
import { runCheck } from '../helpers/monitors.js';

const workspace = useWorkspace('trackz-smtp-');
let pki: TestPki;
const servers: RunningSmtpServer[] = [];
const PASSWORD = 'correct horse battery staple';

beforeAll(() => {
  pki = makeTestPki();
  workspace.write('ca.pem', pki.root.cert);
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

async function server(options: SmtpServerCase): Promise<RunningSmtpServer> {
  const started = await startSmtpServer(options);
  servers.push(started);
  return started;
}

const chain = (leaf: { key: string; cert: string }) => ({ key: leaf.key, cert: fullChain(leaf, pki.intermediate) });

async function check(fields: Record<string, unknown>, timeoutMs = 5000): Promise<CheckRecord> {
  return runCheck('smtp', { host: '127.0.0.1', ehloName: 'trackz.test', ca: 'ca.pem', ...fields }, { name: 'mail', timeoutMs, retryDelayMs: 0 }, { configDir: workspace.dir });
}

const names = (record: CheckRecord) => (record.assertions ?? []).map((a) => `${a.name}:${a.status}`);

describe('smtp: a healthy server', () => {
  it('STARTTLS on a submission port: banner, extensions, certificate, AUTH PLAIN, and every phase timed', async () => {
    const smtp = await server({ tls: chain(pki.good), users: { ann: PASSWORD }, size: 10_485_760 });
    const record = await check({ port: smtp.port, starttls: 'required', auth: { user: 'ann', pass: PASSWORD } });
    expect(record.status, record.message).toBe('up');
    expect(record.message).toMatch(/^127\.0\.0\.1:\d+ SMTP ready, STARTTLS TLSv1\.3, certificate \d+ days left, AUTH PLAIN accepted in /);
    expect(names(record)).toEqual(['banner:up', 'ehlo:up', 'starttls:up', 'tls.chain:up', 'tls.hostname:up', 'tls.daysLeft:up', 'auth:up']);
    for (const phase of ['dns', 'connect', 'banner', 'ehlo', 'starttls', 'auth', 'total']) expect(record.metrics[`${phase}_ms`], phase).toBeGreaterThanOrEqual(0);
    expect(record.metrics.days_left).toBeGreaterThan(190);
    expect(record.metrics.size_limit_bytes).toBe(10_485_760);
    const details = record.details as { extensionsBeforeTls: Record<string, string[]>; extensions: Record<string, string[]>; tls: { via: string } };
    expect(Object.keys(details.extensionsBeforeTls)).toEqual(expect.arrayContaining(['PIPELINING', '8BITMIME', 'SMTPUTF8', 'STARTTLS', 'SIZE']));
    expect(details.extensions.AUTH).toEqual(['PLAIN', 'LOGIN']);
    expect(details.tls.via).toBe('starttls');
    expect(smtp.authAttempts).toEqual([{ method: 'PLAIN', username: 'ann' }]);
    expect(JSON.stringify(record)).not.toContain(PASSWORD);
  });

  it('AUTH LOGIN when asked for', async () => {
    const smtp = await server({ tls: chain(pki.good), users: { ann: PASSWORD } });
    const record = await check({ port: smtp.port, auth: { user: 'ann', pass: PASSWORD, mechanism: 'LOGIN' } });
    expect(record.status, record.message).toBe('up');
    expect(smtp.authAttempts).toEqual([{ method: 'LOGIN', username: 'ann' }]);
  });

  it('implicit TLS (SMTPS): the certificate is read before the banner', async () => {
    const smtp = await server({ tls: chain(pki.good), secure: true });
    const record = await check({ port: smtp.port, implicitTls: true });
    expect(record.status, record.message).toBe('up');
    expect(record.message).toMatch(/SMTPS ready, TLS TLSv1\.3, certificate/);
    expect(record.metrics.tls_ms).toBeGreaterThan(0);
    expect(record.metrics.starttls_ms).toBeUndefined();
    expect((record.details as { tls: { via: string } }).tls.via).toBe('implicit');
  });

  it('STARTTLS optional and not offered is up, and says there was no TLS', async () => {
    const smtp = await server({});
    const record = await check({ port: smtp.port, starttls: 'optional' });
    expect(record.status, record.message).toBe('up');
    expect(record.message).toMatch(/no TLS \(STARTTLS not offered by the server \(starttls: optional\)\)/);
    expect(record.metrics.days_left).toBeUndefined();
  });

  it('starttls: never does not upgrade even when offered', async () => {
    const smtp = await server({ tls: chain(pki.good) });
    const record = await check({ port: smtp.port, starttls: 'never' });
    expect(record.status).toBe('up');
    expect(names(record)).toEqual(['banner:up', 'ehlo:up']);
  });
});

describe('smtp: failures, each with its reason', () => {
  it('no banner within the timeout', async () => {
    const smtp = await server({ greeting: 'silent' });
    const record = await check({ port: smtp.port }, 800);
    expect(record.status).toBe('down');
    expect(record.message).toBe('no banner within 800ms: the server accepted the connection but did not greet');
    expect(names(record)).toEqual(['banner:down']);
  });

  it('a 5xx banner', async () => {
    const smtp = await server({ greeting: { code: 554, message: 'No SMTP service here' } });
    const record = await check({ port: smtp.port });
    expect(record.status).toBe('down');
    expect(record.message).toBe('the server refuses the session: 554 No SMTP service here');
  });

  it('a 4xx banner', async () => {
    const smtp = await server({ greeting: { code: 421, message: 'Too many connections, try later' } });
    const record = await check({ port: smtp.port });
    expect(record.status).toBe('down');
    expect(record.message).toBe('the server is refusing sessions for now: 421 Too many connections, try later');
  });

  it('a drop after EHLO', async () => {
    const smtp = await server({ tls: chain(pki.good), dropAfterEhlo: true });
    const record = await check({ port: smtp.port, starttls: 'required' });
    expect(record.status).toBe('down');
    expect(record.message).toBe('the server closed the connection after EHLO, when asked for STARTTLS');
    expect(names(record)).toEqual(['banner:up', 'ehlo:up', 'starttls:down']);
  });

  it('STARTTLS required but not offered', async () => {
    const smtp = await server({ tls: chain(pki.good), hideStarttls: true });
    const record = await check({ port: smtp.port, starttls: 'required' });
    expect(record.status).toBe('down');
    expect(record.message).toMatch(/^STARTTLS is required but the server does not offer it \(EHLO lists PIPELINING, 8BITMIME, SMTPUTF8\)$/);
  });

  it('a failed TLS handshake after STARTTLS', async () => {
    const smtp = await server({ tls: chain(pki.good), maxTlsVersion: 'TLSv1' });
    const record = await check({ port: smtp.port, starttls: 'required' });
    expect(record.status).toBe('down');
    expect(record.message).toMatch(/^STARTTLS: TLS handshake failed: /);
    expect(record.metrics.banner_ms).toBeGreaterThanOrEqual(0);
  });

  it('implicit TLS against a server that speaks plain SMTP', async () => {
    const smtp = await server({});
    const record = await check({ port: smtp.port, implicitTls: true });
    expect(record.status).toBe('down');
    expect(record.message).toBe('TLS handshake failed: the server does not speak TLS on this port');
  });

  it.each([
    ['expired', 'certificate not trusted: the certificate has expired'],
    ['selfSigned', 'certificate not trusted: the certificate is self-signed'],
    ['wrongHost', 'the certificate does not match 127.0.0.1: it is for other.example, www.other.example'],
  ] as const)('a bad certificate (%s), judged by the ssl check\'s own code', async (which, reason) => {
    const leaf = pki[which];
    const smtp = await server({ tls: which === 'selfSigned' ? leaf : chain(leaf) });
    const record = await check({ port: smtp.port, starttls: 'required' });
    expect(record.status).toBe('down');
    expect(record.message).toBe(reason);
  });

  it('days-left thresholds are the ssl check\'s: 5 days left is degraded under { degraded: 30, down: 3 }', async () => {
    const smtp = await server({ tls: chain(pki.expiresSoon) });
    const record = await check({ port: smtp.port, starttls: 'required', expect: { daysLeft: { degraded: 30, down: 3 } } });
    expect(record.status).toBe('degraded');
    expect(record.message).toMatch(/^certificate expires in 4 days \(\d{4}-\d\d-\d\d\); thresholds: degraded < 30, down < 3 days$/);
  });

  it('insecure reports an untrusted certificate without failing on it', async () => {
    const smtp = await server({ tls: pki.selfSigned });
    const record = await check({ port: smtp.port, starttls: 'required', insecure: true });
    expect(record.status, record.message).toBe('up');
    expect(record.assertions?.find((a) => a.name === 'tls.chain')?.message).toBe('certificate not trusted: the certificate is self-signed (ignored: insecure)');
  });

  it('AUTH refused, without the password anywhere in the result', async () => {
    const smtp = await server({ tls: chain(pki.good), users: { ann: 'another password' } });
    const record = await check({ port: smtp.port, auth: { user: 'ann', pass: PASSWORD } });
    expect(record.status).toBe('down');
    expect(record.message).toBe('AUTH PLAIN refused: 535 Authentication credentials invalid');
    expect(names(record).at(-1)).toBe('auth:down');
    expect(JSON.stringify(record)).not.toContain(PASSWORD);
  });

  it('AUTH asked for but not offered', async () => {
    const smtp = await server({});
    const record = await check({ port: smtp.port, starttls: 'never', auth: { user: 'ann', pass: PASSWORD } });
    expect(record.status).toBe('down');
    expect(record.message).toBe('the server does not offer AUTH without TLS (servers usually offer it only after STARTTLS)');
  });

  it('AUTH refused before STARTTLS', async () => {
    const smtp = await server({ tls: chain(pki.good), users: { ann: PASSWORD } });
    const record = await check({ port: smtp.port, starttls: 'never', auth: { user: 'ann', pass: PASSWORD } });
    expect(record.status).toBe('down');
    expect(record.message).toBe('AUTH PLAIN refused: 538 Error: Must issue a STARTTLS command first');
  });

  it('a required extension that is missing', async () => {
    const smtp = await server({});
    const record = await check({ port: smtp.port, expect: { extensions: ['PIPELINING', 'CHUNKING'] } });
    expect(record.status).toBe('down');
    expect(record.message).toBe('CHUNKING is not offered');
    expect(names(record)).toContain('extension.PIPELINING:up');
  });

  it('a port that refuses connections', async () => {
    const probe = await server({});
    const port = probe.port;
    await probe.close();
    const record = await check({ port });
    expect(record.status).toBe('down');
    expect(record.message).toBe(`connection refused by 127.0.0.1:${port}`);
  });

  it('a peer that does not speak SMTP', async () => {
    const ssh: Server = createServer((socket) => socket.end('SSH-2.0-OpenSSH_9.2\r\n'));
    await new Promise<void>((resolve) => ssh.listen(0, '127.0.0.1', resolve));
    try {
      const record = await check({ port: (ssh.address() as { port: number }).port });
      expect(record.status).toBe('down');
      expect(record.message).toBe('the server does not speak SMTP: it sent "SSH-2.0-OpenSSH_9.2"');
    } finally {
      await new Promise((resolve) => ssh.close(resolve));
    }
  });
});
