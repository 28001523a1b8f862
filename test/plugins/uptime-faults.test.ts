/**
 * The uptime check against a server that misbehaves on purpose (test/helpers/fault-server.ts), run
 * through the runner exactly as `trackz check` runs it: per-attempt AbortSignal timeout, guard,
 * normalisation. Every fault must come back `down`, with a reason a person understands, within
 * timeout + 1 s, and without reading more of a body than the limit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fullChain, makeTestPki } from '../helpers/certs.js';
import { FAULT_CREDENTIALS, startBannerServer, startFaultServer, startTlsFaultServer, type FaultServer } from '../helpers/fault-server.js';
import { monitorFor, runCheck } from '../helpers/monitors.js';
import { createLogger } from '../../src/core/log.js';
import type { Monitor } from '../../src/core/monitor.js';
import { PluginRegistry } from '../../src/runtime/plugin-registry.js';
import { runChecks } from '../../src/runtime/run-checks.js';
import { useWorkspace } from '../helpers/workspace.js';
import { closedPort } from '../helpers/ports.js';

const TIMEOUT_MS = 1500;
/** The behaviour under test: a fault is reported within the monitor's timeout plus one second. */
const BOUND_MS = TIMEOUT_MS + 1000;
const MiB = 1024 * 1024;

let server: FaultServer;
const workspace = useWorkspace();

beforeAll(async () => {
  server = await startFaultServer();
});
afterAll(async () => {
  await server?.close();
});

const uptime = (path: string, fields: Record<string, unknown> = {}) => runCheck('uptime', { url: `${server.url}${path}`, ...fields }, { timeoutMs: TIMEOUT_MS });

/** Polls until `test` holds, for at most `ms`. */
async function until(test: () => boolean, ms: number): Promise<boolean> {
  const deadline = performance.now() + ms;
  while (!test() && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  return test();
}

/** A port nothing listens on: bound once, then released. */
describe('faults: each is down, with the right reason, within timeout + 1 s', () => {
  it.each([
    ['/hang-headers', 'timeout after 1.5s waiting for the response headers', 'ttfb'],
    ['/hang-body', 'timeout after 1.5s while reading the response body', 'transfer'],
    ['/drip', 'timeout after 1.5s while reading the response body', 'transfer'],
    ['/close-mid', 'the server closed the connection while reading the response body', 'transfer'],
    ['/reset', /^connection reset by 127\.0\.0\.1:\d+ waiting for the response headers$/, 'ttfb'],
    ['/loop-a', 'redirect loop: /loop-a → /loop-b → /loop-a', undefined],
    ['/bad-chunked', /^malformed HTTP response: invalid chunked encoding/, 'transfer'],
    ['/huge-headers', 'malformed HTTP response: headers too large', 'ttfb'],
    ['/bad-redirect', 'redirected to an invalid URL: http://[::1', undefined],
    ['/redirect-ftp', 'redirected to an unsupported URL scheme: ftp:', undefined],
    // Bytes after a 204: undici sees a body longer than allowed, node:http a next response that is not HTTP.
    ['/no-content-with-body', /^malformed HTTP response: (the body length does not match the Content-Length header|the response is not HTTP \(it sent "ten bytes!"\))$/, undefined],
    ['/not-http', 'malformed HTTP response: the response is not HTTP (it sent "SSH-2.0-OpenSSH_9.2")', 'ttfb'],
    // Each says what is wrong with the framing, not another mistake that shares its parser code.
    ['/two-content-lengths', 'malformed HTTP response: two Content-Length headers (the length of the body is ambiguous)', 'ttfb'],
    ['/two-equal-content-lengths', 'malformed HTTP response: two Content-Length headers (the length of the body is ambiguous)', 'ttfb'],
    ['/length-and-chunked', 'malformed HTTP response: both Content-Length and chunked encoding', 'ttfb'],
  ] as const)('%s', async (path, reason, phase) => {
    const result = await uptime(path);
    expect(result.status).toBe('down');
    if (typeof reason === 'string') expect(result.message).toBe(reason);
    else expect(result.message).toMatch(reason);
    expect(result.elapsedMs).toBeLessThan(BOUND_MS);
    if (phase) expect(result.details).toMatchObject({ phase });
  });

  it('leaves no connection open behind any of them', async () => {
    // Every route above has run; the client must have closed each socket (bounded wait for the FINs).
    expect(await until(() => server.openConnections() === 0, 3000)).toBe(true);
  });

  it('a refused connection names the address', async () => {
    const port = await closedPort();
    const result = await runCheck('uptime', { url: `http://127.0.0.1:${port}/` }, { timeoutMs: TIMEOUT_MS });
    expect(result.status).toBe('down');
    expect(result.message).toBe(`connection refused by 127.0.0.1:${port}`);
    expect(result.elapsedMs).toBeLessThan(BOUND_MS);
  });

  it('a name that cannot resolve is a DNS failure', async () => {
    const result = await runCheck('uptime', { url: 'http://nonexistent.invalid/' }, { timeoutMs: TIMEOUT_MS });
    expect(result.status).toBe('down');
    // ENOTFOUND, or EAI_AGAIN where the resolver itself is unreachable: either way the host is named.
    expect(result.message).toMatch(/^DNS lookup failed: (nonexistent\.invalid not found|temporary failure resolving nonexistent\.invalid)$/);
    expect(result.details).toMatchObject({ phase: 'dns' });
    expect(result.elapsedMs).toBeLessThan(BOUND_MS);
  });

  it('a port that speaks another protocol first says what it sent', async () => {
    const banner = await startBannerServer('220 mail.example.com ESMTP ready\r\n');
    try {
      const result = await runCheck('uptime', { url: `${banner.url}/` }, { timeoutMs: TIMEOUT_MS });
      expect(result.status).toBe('down');
      expect(result.message).toBe('malformed HTTP response: the response is not HTTP (it sent "220 mail.example.com ESMTP ready")');
      expect(result.elapsedMs).toBeLessThan(BOUND_MS);
    } finally {
      await banner.close();
    }
  });

  it('a redirect that leads into a fault names the URL it went to', async () => {
    const result = await uptime('/redirect-to/reset');
    expect(result.status).toBe('down');
    expect(result.message).toMatch(new RegExp(`^connection reset by 127\\.0\\.0\\.1:\\d+ waiting for the response headers \\(after redirect to ${server.url}/reset\\)$`));
    expect(result.metrics.redirects).toBe(1);
    expect(result.elapsedMs).toBeLessThan(BOUND_MS);
  });
});

describe('a 100 MB body', () => {
  it('reads exactly maxBodyBytes, closes the connection early, and keeps memory flat', async () => {
    const before = process.memoryUsage().rss;
    const result = await uptime('/huge', { expect: { body: { contains: 'THE END' } } });
    const grown = process.memoryUsage().rss - before;
    expect(result.metrics.body_bytes).toBe(MiB);
    expect(result.details).toMatchObject({ bodyTruncated: true });
    expect(result.status).toBe('down');
    expect(result.message).toBe('body does not contain "THE END" (in the part of the body that was read)');
    expect(result.elapsedMs).toBeLessThan(BOUND_MS);

    const transfer = server.hugeTransfers().at(-1)!;
    expect(await until(() => transfer.closed, 5000)).toBe(true);
    // The server saw the client hang up with most of the 100 MB still unsent.
    expect(transfer.sent).toBeLessThan(100 * MiB / 4);
    expect(grown).toBeLessThan(64 * MiB);
    console.info(`100 MB body: read ${result.metrics.body_bytes} bytes, server sent ${(transfer.sent / MiB).toFixed(1)} MiB before the close, RSS grew ${(grown / MiB).toFixed(1)} MiB`);
  });

  it('honours a smaller maxBodyBytes, and up when the limit is only a limit', async () => {
    const result = await uptime('/huge', { maxBodyBytes: '10KiB', expect: { body: { contains: 'xxxx' } } });
    expect(result.status).toBe('up');
    expect(result.metrics.body_bytes).toBe(10 * 1024);
    expect(result.details).toMatchObject({ bodyTruncated: true });
  });

  it('a JSON assertion on a cut body says the limit cut it', async () => {
    const result = await uptime('/huge', { maxBodyBytes: 100, expect: { json: [{ path: '$.a', exists: true }] } });
    expect(result.status).toBe('down');
    expect(result.message).toBe('body is not valid JSON: the body was cut at the read limit (raise maxBodyBytes)');
  });

  it('HEAD reads no body', async () => {
    const result = await uptime('/ok', { method: 'HEAD' });
    expect(result.status).toBe('up');
    expect(result.metrics.body_bytes).toBe(0);
  });
});

describe('many faults at once', () => {
  it('each check of a mixed crowd gets its own right answer within its timeout + 1 s, in bounded memory', async () => {
    // A longer timeout than elsewhere: 64 checks in flight share this process with the server, and
    // the fast routes must not time out on a busy machine (the hanging ones take it whole anyway).
    const timeoutMs = 5000;
    const routes: [string, string | RegExp][] = [
      ['/ok', /^200 in /],
      ['/reset', /^connection reset by /],
      ['/hang-headers', 'timeout after 5s waiting for the response headers'],
      ['/bad-chunked', /^malformed HTTP response: invalid chunked encoding/],
      ['/huge', /^200 in /],
      ['/drip', 'timeout after 5s while reading the response body'],
      ['/close-mid', 'the server closed the connection while reading the response body'],
      ['/loop-a', 'redirect loop: /loop-a → /loop-b → /loop-a'],
    ];
    const plugin = (await new PluginRegistry().get('uptime'))!;
    const monitors = await Promise.all(
      Array.from({ length: 240 }, (_, i) => monitorFor(plugin, { url: `${server.url}${routes[i % routes.length]![0]}` }, { name: `crowd-${i}`, timeoutMs })),
    );
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    const records = await runChecks(monitors as Monitor[], { registry: new PluginRegistry(), configDir: process.cwd(), concurrency: 64, log: createLogger('test', 'silent') }).finally(() => clearInterval(sampler));
    records.forEach((record, i) => {
      const [, reason] = routes[i % routes.length]!;
      if (typeof reason === 'string') expect(record.message).toBe(reason);
      else expect(record.message).toMatch(reason);
      expect(record.durationMs).toBeLessThan(timeoutMs + 1000);
    });
    // 30 bodies of 100 MB were asked for, up to 64 checks in flight: at most 1 MiB kept per check.
    expect(peak - before).toBeLessThan(128 * MiB);
    expect(await until(() => server.openConnections() === 0, 5000)).toBe(true);
    console.info(`240 mixed checks at concurrency 64: RSS peak +${((peak - before) / MiB).toFixed(1)} MiB`);
  });
});

describe('timing and connections', () => {
  it('measures every phase on plain HTTP, in the shared vocabulary and order', async () => {
    const result = await uptime('/ok');
    expect(result.status).toBe('up');
    const phases = Object.keys(result.metrics).filter((key) => key.endsWith('_ms'));
    expect(phases).toEqual(['dns_ms', 'connect_ms', 'ttfb_ms', 'transfer_ms', 'total_ms']);
    for (const phase of phases) expect(result.metrics[phase]).toBeGreaterThanOrEqual(0);
    const { dns_ms, connect_ms, ttfb_ms, transfer_ms, total_ms } = result.metrics as Record<string, number>;
    // Phases are laps of one stopwatch: they add up to the total (each is rounded to 0.1 ms).
    expect(Math.abs(dns_ms! + connect_ms! + ttfb_ms! + transfer_ms! - total_ms!)).toBeLessThanOrEqual(0.3);
    expect(result.latencyMs).toBeCloseTo(total_ms!, 0);
  });

  it('opens a fresh connection for every check and every redirect hop', async () => {
    const before = server.connections();
    for (let i = 0; i < 3; i++) expect((await uptime('/ok')).status).toBe('up');
    expect(server.connections()).toBe(before + 3);
    expect((await uptime('/redirect/2')).status).toBe('up');
    expect(server.connections()).toBe(before + 6);
  });

  it('a run cancelled mid-check (Ctrl-C) is unknown, says where it was, and stops at once', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('interrupted')), 200);
    const result = await runCheck('uptime', { url: `${server.url}/hang-headers` }, { timeoutMs: 20_000, retries: 2 }, { signal: controller.signal });
    expect([result.status, result.message, result.attempts]).toEqual(['unknown', 'cancelled waiting for the response headers', 1]);
    expect(result.elapsedMs).toBeLessThan(20_000);
  });

  it('a server slower than the timeout is cut off at the timeout', async () => {
    const result = await uptime('/sleep/4000');
    expect(result.status).toBe('down');
    expect(result.message).toBe('timeout after 1.5s waiting for the response headers');
    expect(result.elapsedMs).toBeLessThan(BOUND_MS);
  });
});

describe('expectations', () => {
  it.each([
    ['/status/503', ['5xx'], 'up', 'status 503 in'],
    ['/status/503', [200, '3xx'], 'down', 'status 503, expected 200, 3xx'],
    ['/status/503', ['500-502'], 'down', 'status 503, expected 500-502'],
    ['/status/503', ['500-599'], 'up', ''],
    ['/status/404', undefined, 'down', 'status 404, expected 2xx'],
    ['/status/204', 204, 'up', ''],
  ] as const)('status %s accepted %j → %s', async (path, accepted, status, message) => {
    const result = await uptime(path, accepted === undefined ? {} : { expect: { status: accepted } });
    expect(result.status).toBe(status);
    if (status === 'down') expect(result.message).toBe(message);
    expect(result.metrics.status_code).toBe(Number(path.split('/')[2]));
  });

  it('body contains / notContains / matches', async () => {
    expect((await uptime('/ok', { expect: { body: { contains: ['hello', 'trackz'], notContains: 'error', matches: '/^HELLO/i' } } })).status).toBe('up');
    const missing = await uptime('/ok', { expect: { body: { contains: 'goodbye' } } });
    expect([missing.status, missing.message]).toEqual(['down', 'body does not contain "goodbye"']);
    const forbidden = await uptime('/ok', { expect: { body: { notContains: 'hello' } } });
    expect([forbidden.status, forbidden.message]).toEqual(['down', 'body contains "hello", which it must not']);
    const unmatched = await uptime('/ok', { expect: { body: { matches: '^bye' } } });
    expect([unmatched.status, unmatched.message]).toEqual(['down', 'body does not match ^bye']);
    expect(unmatched.assertions?.find((a) => a.name === 'body.matches')).toMatchObject({ status: 'down', expected: '^bye' });
  });

  it('JSON-path assertions', async () => {
    const ok = await uptime('/json', {
      expect: {
        json: [
          { path: '$.status', equals: 'ok' },
          { path: '$.items.length', gte: 3 },
          { path: '$.items[0]', lt: 2 },
          { path: '$.missing', exists: false },
          { path: '$.version', matches: '^1\\.' },
          { path: '$.status', notEquals: 'broken' },
        ],
      },
    });
    expect(ok.status).toBe('up');
    expect(ok.assertions?.filter((a) => a.name.startsWith('json ')).every((a) => a.status === 'up')).toBe(true);

    const cases: [Record<string, unknown>, string][] = [
      [{ path: '$.status', equals: 'fine' }, '$.status is "ok", expected "fine"'],
      [{ path: '$.items.length', gte: 5 }, '$.items.length is 3, expected ≥ 5'],
      [{ path: '$.status', exists: false }, '$.status exists ("ok"), expected it to be absent'],
      [{ path: '$.nope', equals: 1 }, '$.nope was not found in the body'],
      [{ path: '$.status', gt: 1 }, '$.status is "ok", expected a number > 1'],
    ];
    for (const [assertion, message] of cases) {
      const result = await uptime('/json', { expect: { json: [assertion] } });
      expect([result.status, result.message]).toEqual(['down', message]);
    }

    const notJson = await uptime('/ok', { expect: { json: [{ path: '$.status', exists: false }] } });
    expect(notJson.status).toBe('down');
    expect(notJson.message).toMatch(/^body is not valid JSON: /);
  });

  it('header assertions (names case-insensitive)', async () => {
    const ok = await uptime('/headers', {
      expect: { headers: { 'X-Trackz': 'yes', 'cache-control': { contains: 'NO-STORE' }, 'x-missing': { exists: false }, 'strict-transport-security': { matches: '^max-age=\\d+$' } } },
    });
    expect(ok.status).toBe('up');
    const wrong = await uptime('/headers', { expect: { headers: { 'x-trackz': 'no' } } });
    expect([wrong.status, wrong.message]).toEqual(['down', 'header x-trackz is "Yes", expected "no"']);
    const absent = await uptime('/headers', { expect: { headers: { 'x-absent': { contains: 'a' } } } });
    expect([absent.status, absent.message]).toEqual(['down', 'header x-absent is missing']);
    const present = await uptime('/headers', { expect: { headers: { 'set-cookie': { exists: false } } } });
    expect([present.status, present.message]).toEqual(['down', 'header set-cookie is present ("a=1"), expected it to be absent']);
  });

  it('the first failing assertion is the message; every assertion is reported', async () => {
    const result = await uptime('/status/500', { expect: { body: { contains: 'missing' } } });
    expect(result.message).toBe('status 500, expected 2xx');
    expect(result.assertions?.map((a) => [a.name, a.status])).toEqual([
      ['status', 'down'],
      ['body.contains', 'down'],
    ]);
  });

  it('latency thresholds give degraded and down', async () => {
    const degraded = await uptime('/sleep/300', { expect: { latency: { degraded: '100ms', down: '5s' } } });
    expect(degraded.status).toBe('degraded');
    expect(degraded.message).toMatch(/^latency \d+ms is at or above the degraded threshold 100ms \(by \d+ms\)$/);
    const down = await uptime('/sleep/300', { expect: { latency: { degraded: '50ms', down: '200ms' } } });
    expect(down.status).toBe('down');
    expect(down.message).toMatch(/^latency \d+ms is at or above the down threshold 200ms/);
    const fine = await uptime('/ok', { expect: { latency: { degraded: '1s' } } });
    expect(fine.status).toBe('up');
  });
});

describe('redirects', () => {
  it('are followed and counted', async () => {
    const result = await uptime('/redirect/3');
    expect(result.status).toBe('up');
    expect(result.metrics.redirects).toBe(3);
    expect(result.message).toMatch(/^200 in .* after 3 redirect\(s\)$/);
    expect(result.details).toMatchObject({ finalUrl: `${server.url}/redirect/0`, redirects: [`${server.url}/redirect/2`, `${server.url}/redirect/1`, `${server.url}/redirect/0`] });
  });

  it('are not followed when told so, and a 3xx is then accepted by default', async () => {
    const result = await uptime('/redirect/3', { followRedirects: false });
    expect(result.status).toBe('up');
    expect(result.metrics.status_code).toBe(302);
    expect(result.metrics.redirects).toBe(0);
    const strict = await uptime('/redirect/3', { followRedirects: false, expect: { status: 200 } });
    expect([strict.status, strict.message]).toEqual(['down', 'status 302, expected 200']);
  });

  it('too many is down and says where it was going', async () => {
    const result = await uptime('/redirect/9', { maxRedirects: 2 });
    expect(result.status).toBe('down');
    expect(result.message).toBe(`too many redirects (more than 2): last went to ${server.url}/redirect/6`);
    const none = await uptime('/redirect/1', { maxRedirects: 0 });
    expect(none.status).toBe('down');
    expect(none.message).toMatch(/^too many redirects \(more than 0\)/);
  });

  it('303 turns a POST into a GET without a body; 307 keeps both', async () => {
    const seeOther = await uptime('/redirect-with/303', { method: 'POST', body: 'payload', expect: { json: [{ path: '$.method', equals: 'GET' }, { path: '$.body', equals: '' }] } });
    expect(seeOther.status).toBe('up');
    const temporary = await uptime('/redirect-with/307', { method: 'POST', body: 'payload', expect: { json: [{ path: '$.method', equals: 'POST' }, { path: '$.body', equals: 'payload' }] } });
    expect(temporary.status).toBe('up');
    const found = await uptime('/redirect-with/302', { method: 'POST', body: { a: 1 }, expect: { json: [{ path: '$.method', equals: 'GET' }] } });
    expect(found.status).toBe('up');
  });
});

describe('requests', () => {
  it('sends the method, headers and a JSON body', async () => {
    const result = await uptime('/echo', {
      method: 'PUT',
      headers: { 'X-Request-Id': 'abc-123' },
      body: { hello: 'world' },
      expect: {
        json: [
          { path: '$.method', equals: 'PUT' },
          { path: "$.headers['x-request-id']", equals: 'abc-123' },
          { path: "$.headers['content-type']", equals: 'application/json' },
          { path: '$.body', equals: '{"hello":"world"}' },
          { path: "$.headers['user-agent']", matches: '^trackz/' },
        ],
      },
    });
    expect(result.assertions?.filter((a) => a.status !== 'up')).toEqual([]);
    expect(result.status).toBe('up');
  });

  it('basic auth: the server accepts it; a wrong password is a 401; the secret is never in the result', async () => {
    const { user, pass } = FAULT_CREDENTIALS;
    const ok = await uptime('/basic-auth', { auth: { basic: { user, pass } } });
    expect(ok.status).toBe('up');
    const wrong = await uptime('/basic-auth', { auth: { basic: { user, pass: 'not-the-password' } } });
    expect([wrong.status, wrong.message]).toEqual(['down', 'status 401, expected 2xx']);
    // A server that echoes the request, and an assertion that quotes what it echoed.
    const token = Buffer.from(`${user}:${pass}`).toString('base64');
    const echoed = await uptime('/echo', { auth: { basic: { user, pass } }, expect: { json: [{ path: '$.headers.authorization', equals: 'nothing' }] } });
    expect(echoed.status).toBe('down');
    expect(echoed.message).toBe('$.headers.authorization is "***", expected "nothing"');
    for (const secret of [pass, token]) expect(JSON.stringify(echoed)).not.toContain(secret);
  });

  it('bearer auth: the server accepts it; the token is never in the result', async () => {
    const ok = await uptime('/bearer-auth', { auth: { bearer: FAULT_CREDENTIALS.bearer } });
    expect(ok.status).toBe('up');
    expect((await uptime('/bearer-auth')).message).toBe('status 401, expected 2xx');
    const echoed = await uptime('/echo', { auth: { bearer: FAULT_CREDENTIALS.bearer }, expect: { json: [{ path: '$.headers.authorization', matches: '^Basic' }] } });
    expect(echoed.status).toBe('down');
    expect(JSON.stringify(echoed)).not.toContain(FAULT_CREDENTIALS.bearer);
  });
});

describe('https', () => {
  const pki = makeTestPki();
  let good: FaultServer;
  let selfSigned: FaultServer;
  let rootFile: string;

  beforeAll(async () => {
    good = await startTlsFaultServer({ key: pki.good.key, cert: fullChain(pki.good, pki.intermediate) });
    selfSigned = await startTlsFaultServer({ key: pki.selfSigned.key, cert: pki.selfSigned.cert });
    rootFile = workspace.write('root.pem', pki.root.cert);
  });
  afterAll(async () => {
    await Promise.all([good?.close(), selfSigned?.close()]);
  });

  it('measures the TLS phase and reports protocol and cipher', async () => {
    const result = await runCheck('uptime', { url: `${good.url}/ok`, ca: rootFile }, { timeoutMs: TIMEOUT_MS });
    expect(result.status).toBe('up');
    expect(Object.keys(result.metrics).filter((key) => key.endsWith('_ms'))).toEqual(['dns_ms', 'connect_ms', 'tls_ms', 'ttfb_ms', 'transfer_ms', 'total_ms']);
    expect(result.metrics.tls_ms).toBeGreaterThan(0);
    expect(result.details).toMatchObject({ tls: { protocol: 'TLSv1.3', cipher: expect.stringMatching(/^TLS_/) } });
  });

  it('verifies by default: the test root is unknown to the system', async () => {
    const result = await runCheck('uptime', { url: `${good.url}/ok` }, { timeoutMs: TIMEOUT_MS });
    expect(result.status).toBe('down');
    expect(result.message).toMatch(/^TLS: unknown CA: /);
  });

  it('`insecure: true` accepts a self-signed certificate; without it, it is down and says why', async () => {
    const insecure = await runCheck('uptime', { url: `${selfSigned.url}/ok`, insecure: true }, { timeoutMs: TIMEOUT_MS });
    expect(insecure.status).toBe('up');
    const strict = await runCheck('uptime', { url: `${selfSigned.url}/ok` }, { timeoutMs: TIMEOUT_MS });
    expect([strict.status, strict.message]).toEqual(['down', 'TLS: the certificate is self-signed']);
    expect(strict.details).toMatchObject({ phase: 'tls' });
  });

  it('a server that never answers the handshake: timeout during the TLS handshake', async () => {
    const result = await runCheck('uptime', { url: `https://127.0.0.1:${server.port}/ok` }, { timeoutMs: TIMEOUT_MS });
    expect([result.status, result.message]).toEqual(['down', 'timeout after 1.5s during the TLS handshake']);
    expect(result.details).toMatchObject({ phase: 'tls' });
    expect(result.elapsedMs).toBeLessThan(BOUND_MS);
  });

  it('the faults read the same over TLS', async () => {
    const hang = await runCheck('uptime', { url: `${good.url}/hang-headers`, ca: rootFile }, { timeoutMs: TIMEOUT_MS });
    expect([hang.status, hang.message]).toEqual(['down', 'timeout after 1.5s waiting for the response headers']);
    expect(hang.elapsedMs).toBeLessThan(BOUND_MS);
    const chunked = await runCheck('uptime', { url: `${good.url}/bad-chunked`, ca: rootFile }, { timeoutMs: TIMEOUT_MS });
    expect(chunked.message).toMatch(/^malformed HTTP response: invalid chunked encoding/);
  });
});
