/**
 * The ssl check against real TLS servers presenting each certificate of a test PKI (a root, an
 * intermediate, leaves for every situation), trusting the root through `ca:`. And the same TLS
 * failures through the uptime check, which must explain them in the same words.
 */
import { X509Certificate } from 'node:crypto';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CertificateReport } from '../../plugins/ssl/certificate.js';
import { fullChain, issue, makeTestPki, type Issued } from '../helpers/certs.js';
import { startBannerServer, startFaultServer, startTlsFaultServer, type FaultServer } from '../helpers/fault-server.js';
import { runCheck } from '../helpers/monitors.js';
import { useWorkspace } from '../helpers/workspace.js';
import { closedPort } from '../helpers/ports.js';

const TIMEOUT_MS = 1500;
const BOUND_MS = TIMEOUT_MS + 1000;
const DAY_MS = 86_400_000;

const pki = makeTestPki();
// An intermediate that expires long before the leaf it signed: the chain's weakest link.
const earlyIntermediate = issue({ commonName: 'trackz Early Intermediate', isCA: true, issuer: pki.root, notAfterDays: 20 });
const earlyLeaf = issue({ commonName: 'localhost', altNames: ['localhost', '127.0.0.1'], issuer: earlyIntermediate, notAfterDays: 200 });

const workspace = useWorkspace();
const servers: Record<string, FaultServer> = {};
let rootFile: string;

const served: Record<string, { leaf: Issued; cert: string }> = {
  good: { leaf: pki.good, cert: fullChain(pki.good, pki.intermediate) },
  expired: { leaf: pki.expired, cert: fullChain(pki.expired, pki.intermediate) },
  notYetValid: { leaf: pki.notYetValid, cert: fullChain(pki.notYetValid, pki.intermediate) },
  selfSigned: { leaf: pki.selfSigned, cert: pki.selfSigned.cert },
  wrongHost: { leaf: pki.wrongHost, cert: fullChain(pki.wrongHost, pki.intermediate) },
  // The server forgot its intermediate: only the leaf is sent.
  incomplete: { leaf: pki.good, cert: pki.good.cert },
  expiresSoon: { leaf: pki.expiresSoon, cert: fullChain(pki.expiresSoon, pki.intermediate) },
  earlyIntermediate: { leaf: earlyLeaf, cert: fullChain(earlyLeaf, earlyIntermediate) },
  // The whole chain, root included.
  withRoot: { leaf: pki.good, cert: `${fullChain(pki.good, pki.intermediate)}${pki.root.cert}` },
};

beforeAll(async () => {
  rootFile = workspace.write('ca/root.pem', pki.root.cert);
  await Promise.all(
    Object.entries(served).map(async ([name, { leaf, cert }]) => {
      servers[name] = await startTlsFaultServer({ key: leaf.key, cert });
    }),
  );
});
afterAll(async () => {
  await Promise.all(Object.values(servers).map((server) => server.close()));
});

const ssl = (name: string, fields: Record<string, unknown> = {}, now?: () => number) =>
  runCheck('ssl', { host: 'localhost', port: servers[name]!.port, ca: rootFile, ...fields }, { timeoutMs: TIMEOUT_MS }, now ? { now } : {});

describe('ssl: a good certificate', () => {
  it('is up, with every detail of the certificate and the connection', async () => {
    const result = await ssl('good');
    expect(result.status).toBe('up');
    expect(result.message).toMatch(/^valid, expires in 199 days \(\d{4}-\d\d-\d\d\), RSA 2048 TLSv1\.3$/);
    const leaf = new X509Certificate(pki.good.cert);
    const report = result.details as CertificateReport;
    expect(report).toMatchObject({
      host: 'localhost',
      subject: 'localhost',
      subjectAltNames: ['DNS:localhost', 'IP Address:127.0.0.1'],
      issuer: 'trackz Test Intermediate',
      validFrom: new Date(leaf.validFrom).toISOString(),
      validTo: new Date(leaf.validTo).toISOString(),
      serialNumber: leaf.serialNumber,
      fingerprint256: leaf.fingerprint256,
      keyType: 'RSA',
      keyBits: 2048,
      signatureAlgorithm: 'sha256WithRSAEncryption',
      protocol: 'TLSv1.3',
      verified: true,
      hostnameMatches: true,
    });
    expect(report.verifyError).toBeUndefined();
    expect(report.cipher).toMatch(/^TLS_/);
    expect(report.daysLeft).toBeGreaterThan(199);
    expect(report.daysLeft).toBeLessThanOrEqual(200);
    // What the server sent: the leaf and the intermediate. The root came from our trust store.
    expect(report.chain.map((c) => [c.subject, c.issuer])).toEqual([
      ['localhost', 'trackz Test Intermediate'],
      ['trackz Test Intermediate', 'trackz Test Root CA'],
    ]);
    expect(report.trustAnchor).toMatchObject({ subject: 'trackz Test Root CA', selfSigned: true });
    expect(report.earliestExpiry).toEqual(report.chain[0]);
    expect(result.metrics).toMatchObject({ chain_length: 2, key_bits: 2048, days_left: report.daysLeft, leaf_days_left: report.daysLeft });
    expect(Object.keys(result.metrics).filter((key) => key.endsWith('_ms'))).toEqual(['dns_ms', 'connect_ms', 'tls_ms', 'total_ms']);
    expect(result.assertions?.map((a) => [a.name, a.status])).toEqual([
      ['chain', 'up'],
      ['hostname', 'up'],
      ['daysLeft', 'up'],
    ]);
  });

  it('checks an IP address against the certificate’s IP names, without sending it as SNI', async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error & { code?: string }) => warnings.push(warning.code ?? warning.message);
    process.on('warning', onWarning);
    try {
      const result = await ssl('good', { host: '127.0.0.1' });
      expect(result.status).toBe('up');
      expect(result.assertions?.find((a) => a.name === 'hostname')?.message).toBe('certificate matches 127.0.0.1');
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings).not.toContain('DEP0123'); // "Setting the TLS ServerName to an IP address is not permitted"
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('days-left thresholds follow the clock it is given', async () => {
    const in190days = () => Date.now() + 190 * DAY_MS; // the good leaf then has 9 days left
    const degraded = await ssl('good', {}, in190days);
    expect(degraded.status).toBe('degraded');
    expect(degraded.message).toMatch(/^certificate expires in 9 days \(.*\); thresholds: degraded < 30, down < 7 days$/);
    expect((await ssl('good', { expect: { daysLeft: { degraded: 5, down: 2 } } }, in190days)).status).toBe('up');
    const oneDay = await ssl('good', {}, () => Date.now() + 198.5 * DAY_MS);
    expect(oneDay.message).toMatch(/^certificate expires in 1 day \(/);
  });
});

describe('ssl: what goes wrong', () => {
  it.each([
    ['expired', 'certificate not trusted: the certificate has expired'],
    ['notYetValid', 'certificate not trusted: the certificate is not yet valid'],
    ['selfSigned', 'certificate not trusted: the certificate is self-signed'],
    ['incomplete', 'certificate not trusted: incomplete chain: the issuer of the certificate was not sent and is not trusted (missing intermediate?)'],
    ['wrongHost', 'the certificate does not match localhost: it is for other.example, www.other.example'],
  ])('%s is down: %s', async (name, message) => {
    const result = await ssl(name);
    expect(result.status).toBe('down');
    expect(result.message).toBe(message);
    expect(result.elapsedMs).toBeLessThan(BOUND_MS);
  });

  it('a complete chain under a root this machine does not trust is an unknown CA, named', async () => {
    const unknownCa = 'certificate not trusted: unknown CA: "trackz Test Root CA" is not trusted (a private CA? trust it with ca:)';
    // The server sends leaf and intermediate (the usual), or its root as well: either way, the CA is unknown.
    for (const name of ['good', 'withRoot']) {
      const result = await ssl(name, { ca: undefined });
      expect([result.status, result.message], name).toEqual(['down', unknownCa]);
      expect((result.details as CertificateReport).verifyError).toMatchObject({ problem: 'unknown-ca' });
    }
    // Only the leaf sent is still an incomplete chain, even with the root trusted.
    expect((await ssl('incomplete')).message).toMatch(/^certificate not trusted: incomplete chain: /);
  });

  it('expired: the days-left assertion says since when', async () => {
    const result = await ssl('expired');
    expect(result.assertions?.find((a) => a.name === 'daysLeft')).toMatchObject({ status: 'down', message: expect.stringMatching(/^certificate expired 3 days ago \(\d{4}-\d\d-\d\d\)/) });
    expect(result.metrics.days_left).toBeLessThan(0);
    expect((result.details as CertificateReport).verifyError).toMatchObject({ code: 'CERT_HAS_EXPIRED', problem: 'expired' });
  });

  it('self-signed: a chain of one certificate that signed itself', async () => {
    const report = (await ssl('selfSigned')).details as CertificateReport;
    expect(report.chain).toHaveLength(1);
    expect(report.chain[0]!.selfSigned).toBe(true);
    expect(report.verifyError).toMatchObject({ code: 'DEPTH_ZERO_SELF_SIGNED_CERT', problem: 'self-signed' });
  });

  it('wrong host: the chain itself verifies, the name does not', async () => {
    const result = await ssl('wrongHost');
    expect(result.assertions?.map((a) => [a.name, a.status])).toEqual([
      ['chain', 'up'],
      ['hostname', 'down'],
      ['daysLeft', 'up'],
    ]);
    expect((result.details as CertificateReport).hostnameMatches).toBe(false);
  });

  it('incomplete chain: only the leaf was presented', async () => {
    const result = await ssl('incomplete');
    const report = result.details as CertificateReport;
    expect(report.chain).toHaveLength(1);
    expect(report.verifyError).toMatchObject({ problem: 'incomplete-chain' });
    expect(result.metrics.chain_length).toBe(1);
  });

  it('a certificate expiring in 5 days is down by default, degraded with a lower down threshold', async () => {
    const byDefault = await ssl('expiresSoon');
    expect(byDefault.status).toBe('down');
    expect(byDefault.message).toMatch(/^certificate expires in 4 days \(\d{4}-\d\d-\d\d\); thresholds: degraded < 30, down < 7 days$/);
    const lenient = await ssl('expiresSoon', { expect: { daysLeft: { degraded: 30, down: 3 } } });
    expect(lenient.status).toBe('degraded');
    expect(lenient.message).toMatch(/thresholds: degraded < 30, down < 3 days$/);
  });

  it('an intermediate expiring before the leaf is the earliest expiry', async () => {
    const result = await ssl('earlyIntermediate');
    const report = result.details as CertificateReport;
    expect(report.earliestExpiry.subject).toBe('trackz Early Intermediate');
    expect(report.daysLeft).toBeGreaterThan(199); // the leaf itself is fine
    expect(result.metrics.days_left).toBeLessThan(20);
    expect(result.metrics.leaf_days_left).toBeGreaterThan(199);
    expect(result.status).toBe('degraded');
    expect(result.message).toMatch(/^chain certificate "trackz Early Intermediate" expires in 19 days/);
  });

  it('connection refused', async () => {
    const port = await closedPort();
    const result = await runCheck('ssl', { host: '127.0.0.1', port }, { timeoutMs: TIMEOUT_MS });
    expect([result.status, result.message]).toEqual(['down', `connection refused by 127.0.0.1:${port}`]);
    expect(result.details).toMatchObject({ phase: 'connect' });
  });

  it('a port that does not speak TLS: a clear handshake reason', async () => {
    const banner = await startBannerServer('SSH-2.0-OpenSSH_9.2\r\n');
    const http = createHttpServer((_request, response) => response.end('plain'));
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    try {
      for (const port of [banner.port, (http.address() as { port: number }).port]) {
        const result = await runCheck('ssl', { host: '127.0.0.1', port }, { timeoutMs: TIMEOUT_MS });
        expect([result.status, result.message]).toEqual(['down', 'TLS handshake failed: the server does not speak TLS on this port']);
        expect(result.elapsedMs).toBeLessThan(BOUND_MS);
      }
    } finally {
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
      await banner.close();
    }
  });

  it('a server that hangs up during the handshake says so, through ssl, uptime and tcp alike', async () => {
    const hangUp = createNetServer((socket) => socket.on('data', () => socket.end()).on('error', () => {}));
    await new Promise<void>((resolve) => hangUp.listen(0, '127.0.0.1', resolve));
    const { port } = hangUp.address() as { port: number };
    try {
      const reason = 'TLS handshake failed: the server closed the connection during the handshake';
      const viaSsl = await runCheck('ssl', { host: '127.0.0.1', port }, { timeoutMs: TIMEOUT_MS });
      const viaUptime = await runCheck('uptime', { url: `https://127.0.0.1:${port}/` }, { timeoutMs: TIMEOUT_MS });
      const viaTcp = await runCheck('tcp', { host: '127.0.0.1', port, tls: true }, { timeoutMs: TIMEOUT_MS });
      for (const result of [viaSsl, viaUptime, viaTcp]) expect([result.status, result.message]).toEqual(['down', reason]);
    } finally {
      await new Promise<void>((resolve) => hangUp.close(() => resolve()));
    }
  });

  it('a server that never answers the handshake: timeout during the TLS handshake', async () => {
    const silent = await startFaultServer(); // waits for an HTTP request head that a ClientHello never contains
    try {
      const result = await runCheck('ssl', { host: '127.0.0.1', port: silent.port }, { timeoutMs: TIMEOUT_MS });
      expect([result.status, result.message]).toEqual(['down', 'timeout after 1.5s during the TLS handshake']);
      expect(result.elapsedMs).toBeLessThan(BOUND_MS);
    } finally {
      await silent.close();
    }
  });
});

describe('the same TLS failures through the uptime check', () => {
  it.each([
    ['expired', 'the certificate has expired'],
    ['notYetValid', 'the certificate is not yet valid'],
    ['selfSigned', 'the certificate is self-signed'],
    ['incomplete', 'incomplete chain: the issuer of the certificate was not sent and is not trusted (missing intermediate?)'],
    ['wrongHost', 'the certificate does not match localhost: it is for other.example, www.other.example'],
  ])('%s: "%s", as the ssl check says it', async (name, reason) => {
    const [viaSsl, viaUptime] = await Promise.all([ssl(name), runCheck('uptime', { url: `https://localhost:${servers[name]!.port}/ok`, ca: rootFile }, { timeoutMs: TIMEOUT_MS })]);
    expect(viaSsl.message.endsWith(reason)).toBe(true);
    expect(viaUptime.status).toBe('down');
    expect(viaUptime.message).toBe(`TLS: ${reason}`);
    expect(viaUptime.details).toMatchObject({ phase: 'tls' });
    expect(viaUptime.elapsedMs).toBeLessThan(BOUND_MS);
  });

  it('a good chain is up through both, and an expiring one is up for uptime (expiry is the ssl check’s job)', async () => {
    expect((await runCheck('uptime', { url: `https://localhost:${servers.good!.port}/ok`, ca: rootFile }, { timeoutMs: TIMEOUT_MS })).status).toBe('up');
    expect((await runCheck('uptime', { url: `https://localhost:${servers.expiresSoon!.port}/ok`, ca: rootFile }, { timeoutMs: TIMEOUT_MS })).status).toBe('up');
  });
});

describe('a ca: file that cannot be used', () => {
  it('makes the check unknown with a message naming the file, for ssl and uptime alike', async () => {
    const missing = await ssl('good', { ca: 'no/such/ca.pem' });
    expect(missing).toMatchObject({ status: 'unknown', message: 'cannot read the CA file no/such/ca.pem: no such file' });
    const notPem = workspace.write('not-a-cert.pem', 'hello\n');
    const viaUptime = await runCheck('uptime', { url: `https://localhost:${servers.good!.port}/ok`, ca: notPem }, { timeoutMs: TIMEOUT_MS });
    expect(viaUptime).toMatchObject({ status: 'unknown', message: `the CA file ${notPem} holds no PEM certificate (-----BEGIN CERTIFICATE-----)` });
  });
});
