/**
 * `domain:` mode: MX records from a real (tiny) DNS server on 127.0.0.1 (`resolver:`), every MX host
 * checked against a real `smtp-server`, and the domain judged by its worst host. Loopback has every
 * 127.x address, so mx1 and mx2 listen on 127.0.0.1 and 127.0.0.2 on the same port.
 */
import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import plugin from '../../plugins/smtp/index.js';
import { smtpOptions } from '../../plugins/smtp/options.js';
import type { Monitor } from '../../src/core/monitor.js';
import type { CheckRecord } from '../../src/core/result.js';
import { runMonitor } from '../../src/runtime/run-monitor.js';
import { fullChain, issue, makeTestPki } from '../helpers/certs.js';
import { startDnsResponder, type DnsResponder } from '../helpers/dns-responder.js';
import { startSmtpServer, type RunningSmtpServer } from '../helpers/smtp-server.js';
import { useWorkspace } from '../helpers/workspace.js';

const workspace = useWorkspace('trackz-smtp-mx-');
let dns: DnsResponder;
let port: number;
const servers: RunningSmtpServer[] = [];

beforeAll(async () => {
  const pki = makeTestPki();
  workspace.write('ca.pem', pki.root.cert);
  const leaf = issue({ commonName: 'mx1.example.test', altNames: ['mx1.example.test', 'mx2.example.test', 'mx1.broken.test', 'mx3.broken.test'], issuer: pki.intermediate });
  const tls = { key: leaf.key, cert: fullChain(leaf, pki.intermediate) };
  const first = await startSmtpServer({ tls });
  servers.push(first);
  port = first.port;
  // The same port on 127.0.0.2; if another process holds it there, the test says so instead of guessing.
  servers.push(await startSmtpServer({ tls, host: '127.0.0.2', port }));
  dns = await startDnsResponder({
    'example.test': {
      MX: [
        { preference: 20, exchange: 'mx2.example.test' },
        { preference: 10, exchange: 'mx1.example.test' },
      ],
    },
    'mx1.example.test': { A: ['127.0.0.1'] },
    'mx2.example.test': { A: ['127.0.0.2'] },
    'broken.test': {
      MX: [
        { preference: 10, exchange: 'mx1.broken.test' },
        { preference: 20, exchange: 'mx3.broken.test' },
      ],
    },
    'mx1.broken.test': { A: ['127.0.0.1'] },
    'mx3.broken.test': { A: ['127.0.0.3'] },
    'nomail.test': { MX: [{ preference: 0, exchange: '.' }] },
    'implicit.test': { A: ['127.0.0.1'] },
  });
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await dns?.close();
});

async function check(fields: Record<string, unknown>): Promise<CheckRecord> {
  const monitor: Monitor = {
    name: 'mx',
    type: 'smtp',
    tags: [],
    enabled: true,
    intervalMs: 60_000,
    timeoutMs: 5000,
    retries: 0,
    retryDelayMs: 0,
    dependsOn: [],
    options: v.parse(smtpOptions, { port, resolver: dns.address, ehloName: 'trackz.test', ca: 'ca.pem', starttls: 'required', ...fields }),
  };
  return runMonitor(plugin as never, monitor, { configDir: workspace.dir });
}

describe('smtp domain: mode', () => {
  it('checks every MX host in preference order, each certificate against its own name', async () => {
    const record = await check({ domain: 'example.test' });
    expect(record.status, record.message).toBe('up');
    expect(record.message).toBe('all 2 MX hosts of example.test up: mx1.example.test, mx2.example.test');
    expect(record.metrics).toMatchObject({ mx_hosts: 2, mx_up: 2 });
    expect(record.metrics.mx_lookup_ms).toBeGreaterThanOrEqual(0);
    expect(record.metrics.starttls_ms).toBeGreaterThan(0);
    expect(record.assertions?.map((a) => a.name)).toContain('mx2.example.test/tls.hostname');
    const hosts = (record.details as { hosts: { host: string; address: string }[] }).hosts;
    expect(hosts.map((h) => [h.host, h.address])).toEqual([
      ['mx1.example.test', '127.0.0.1'],
      ['mx2.example.test', '127.0.0.2'],
    ]);
    expect(dns.queries).toEqual(expect.arrayContaining(['MX example.test', 'A mx1.example.test', 'A mx2.example.test']));
  });

  it('is down when one MX host is, and names it', async () => {
    const record = await check({ domain: 'broken.test' });
    expect(record.status).toBe('down');
    expect(record.message).toBe(`mx3.broken.test: connection refused by 127.0.0.3:${port} (1 of 2 MX hosts of broken.test up)`);
    expect(record.assertions?.filter((a) => a.status === 'down').map((a) => a.name)).toEqual(['mx3.broken.test']);
    expect(record.metrics).toMatchObject({ mx_hosts: 2, mx_up: 1 });
  });

  it('a null MX means the domain accepts no mail', async () => {
    const record = await check({ domain: 'nomail.test' });
    expect(record.status).toBe('down');
    expect(record.message).toBe('nomail.test publishes a null MX (RFC 7505): it accepts no mail');
  });

  it('without MX records the domain itself is the mail host', async () => {
    const record = await check({ domain: 'implicit.test', insecure: true });
    expect(record.status, record.message).toBe('up');
    expect(record.message).toBe('1 MX host of implicit.test up (no MX records: the domain itself receives mail): implicit.test');
  });

  it('a domain that does not exist', async () => {
    const record = await check({ domain: 'nowhere.test' });
    expect(record.status).toBe('down');
    expect(record.message).toBe(`MX lookup for nowhere.test: the name does not exist (NXDOMAIN) (asking ${dns.address})`);
  });

  it('host: mode uses the resolver too', async () => {
    const record = await check({ host: 'mx2.example.test' });
    expect(record.status, record.message).toBe('up');
    expect((record.details as { address: string }).address).toBe('127.0.0.2');
  });
});
