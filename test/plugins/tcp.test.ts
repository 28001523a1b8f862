/** The tcp check: a port is open (optionally with a verified TLS handshake), against real listeners. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fullChain, makeTestPki } from '../helpers/certs.js';
import { startBannerServer, startFaultServer, startTlsFaultServer, type FaultServer } from '../helpers/fault-server.js';
import { runCheck } from '../helpers/monitors.js';
import { useWorkspace } from '../helpers/workspace.js';
import { closedPort } from '../helpers/ports.js';

const TIMEOUT_MS = 1500;
const BOUND_MS = TIMEOUT_MS + 1000;

const pki = makeTestPki();
const workspace = useWorkspace();
let plain: FaultServer;
let good: FaultServer;
let selfSigned: FaultServer;
let banner: FaultServer;
let rootFile: string;

beforeAll(async () => {
  rootFile = workspace.write('root.pem', pki.root.cert);
  [plain, good, selfSigned, banner] = await Promise.all([
    startFaultServer(),
    startTlsFaultServer({ key: pki.good.key, cert: fullChain(pki.good, pki.intermediate) }),
    startTlsFaultServer({ key: pki.selfSigned.key, cert: pki.selfSigned.cert }),
    startBannerServer('SSH-2.0-OpenSSH_9.2\r\n'),
  ]);
});
afterAll(async () => {
  await Promise.all([plain, good, selfSigned, banner].map((server) => server?.close()));
});

const tcp = (fields: Record<string, unknown>) => runCheck('tcp', { host: '127.0.0.1', ...fields }, { timeoutMs: TIMEOUT_MS });

describe('tcp', () => {
  it('an open port is up, with dns, connect and total timings', async () => {
    const before = plain.connections();
    const result = await tcp({ port: plain.port });
    expect(result.status).toBe('up');
    expect(result.message).toMatch(new RegExp(`^127\\.0\\.0\\.1:${plain.port} open in \\d+ms$`));
    expect(Object.keys(result.metrics)).toEqual(['dns_ms', 'connect_ms', 'total_ms']);
    expect(plain.connections()).toBe(before + 1);
  });

  it('a host name is resolved first (localhost: 127.0.0.1, like the TLS test servers assume)', async () => {
    const result = await tcp({ host: 'localhost', port: plain.port });
    expect(result.status).toBe('up');
    expect(result.message).toMatch(new RegExp(`^127\\.0\\.0\\.1:${plain.port} open in`));
  });

  it('a refused port is down and names the address', async () => {
    const port = await closedPort();
    const result = await tcp({ port });
    expect([result.status, result.message]).toEqual(['down', `connection refused by 127.0.0.1:${port}`]);
    expect(result.elapsedMs).toBeLessThan(BOUND_MS);
  });

  it('latency thresholds apply to the connect time', async () => {
    const result = await tcp({ port: plain.port, expect: { latency: { degraded: '0ms' } } });
    expect(result.status).toBe('degraded');
    expect(result.message).toMatch(/^connect time \d+ms is at or above the degraded threshold 0ms/);
  });

  describe('tls: true', () => {
    it('completes a verified handshake against a trusted chain', async () => {
      const result = await tcp({ host: 'localhost', port: good.port, tls: true, ca: rootFile });
      expect(result.status).toBe('up');
      expect(Object.keys(result.metrics)).toEqual(['dns_ms', 'connect_ms', 'tls_ms', 'total_ms']);
    });

    it('checks the certificate against an IP address too', async () => {
      const result = await tcp({ port: good.port, tls: true, ca: rootFile });
      expect(result.status).toBe('up');
      expect(result.metrics.tls_ms).toBeGreaterThan(0);
    });

    it('a self-signed certificate is down, and says so', async () => {
      const result = await tcp({ port: selfSigned.port, tls: true });
      expect([result.status, result.message]).toEqual(['down', 'TLS: the certificate is self-signed']);
    });

    it('without the private root, the chain is under an unknown CA', async () => {
      const result = await tcp({ port: good.port, tls: true });
      expect(result.status).toBe('down');
      expect(result.message).toBe('TLS: unknown CA: the chain the server sent ends at a CA that is not trusted (a private CA? trust it with ca:)');
    });

    it('a port that does not speak TLS', async () => {
      const result = await tcp({ port: banner.port, tls: true });
      expect([result.status, result.message]).toEqual(['down', 'TLS handshake failed: the server does not speak TLS on this port']);
    });

    it('without tls, a TLS port is simply open', async () => {
      expect((await tcp({ port: selfSigned.port })).status).toBe('up');
    });
  });
});
