/**
 * uptime: an HTTP(S) request with expectations on status, body, JSON, headers and latency.
 */
import { formatDuration } from '../../src/core/duration.js';
import { definePlugin } from '../../src/core/plugin.js';
import { worstOf, type AssertionResult, type CheckResult } from '../../src/core/result.js';
import { phaseMetrics, PHASES, type PhaseTimings } from '../../src/core/timing.js';
import { USER_AGENT } from '../../src/core/version.js';
import { headerAssertions } from '../../src/expect/headers.js';
import { jsonAssertions } from '../../src/expect/json-path.js';
import { describePatterns, matchesStatus } from '../../src/expect/status-code.js';
import { textAssertions } from '../../src/expect/text.js';
import { thresholdAssertion } from '../../src/expect/thresholds.js';
import { redact, registerSecret } from '../../src/privacy/redactor.js';
import { probe, ProbeError, type ProbeResponse } from './http-probe.js';
import { uptimeOptions, type UptimeOptions } from './options.js';
import { caFilePreflight, readCaFile } from '../../src/core/connect.js';

const REDIRECT_CODES = new Set([301, 302, 303, 307, 308]);

/** Request headers whose values are credentials, whether or not they came from ${ENV}. */
const CREDENTIAL_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie']);

function requestHeaders(options: UptimeOptions): Record<string, string> {
  const headers: Record<string, string> = { 'user-agent': USER_AGENT, accept: '*/*' };
  for (const [name, value] of Object.entries(options.headers)) headers[name.toLowerCase()] = value;
  // `https://user:pass@host/` means Basic authentication, as it does for curl and browsers.
  const url = new URL(options.url);
  const basic = options.auth && 'basic' in options.auth ? options.auth.basic : url.username || url.password ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined;
  if (basic) {
    registerSecret(basic.pass);
    headers.authorization = `Basic ${Buffer.from(`${basic.user}:${basic.pass}`).toString('base64')}`;
  } else if (options.auth && 'bearer' in options.auth) {
    registerSecret(options.auth.bearer);
    headers.authorization = `Bearer ${options.auth.bearer}`;
  }
  // A server that echoes the request (and an assertion that quotes it) must not print a credential.
  for (const name of CREDENTIAL_HEADERS) registerSecret(headers[name]);
  if (options.body !== undefined && typeof options.body !== 'string' && !headers['content-type']) headers['content-type'] = 'application/json';
  return headers;
}

function addTimings(into: PhaseTimings, from: PhaseTimings): void {
  for (const phase of PHASES) if (from[phase] !== undefined) into[phase] = (into[phase] ?? 0) + from[phase]!;
}

export default definePlugin({
  type: 'uptime',
  description: 'HTTP(S) request with expectations on status, body, JSON, headers and latency',
  options: uptimeOptions,
  preflight: (monitor, ctx) => caFilePreflight(ctx.configDir, monitor.options.ca),
  async run(monitor, ctx): Promise<CheckResult> {
    const options = monitor.options;
    const ca = readCaFile(ctx.configDir, options.ca);
    const headers = requestHeaders(options);
    let body = options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    let method: string = options.method;
    let url = new URL(options.url);
    const visited = [url.href];
    const totals: PhaseTimings = {};
    let response: ProbeResponse;

    for (;;) {
      try {
        response = await probe({ url, method, headers, body, insecure: options.insecure, ca, maxBodyBytes: method === 'HEAD' ? 0 : options.maxBodyBytes, signal: ctx.signal, timeoutMs: ctx.timeoutMs });
      } catch (error) {
        if (!(error instanceof ProbeError)) throw error;
        addTimings(totals, error.timings);
        return {
          status: 'down',
          latencyMs: totals.total,
          message: redact(visited.length > 1 ? `${error.message} (after redirect to ${url.href})` : error.message),
          metrics: { ...phaseMetrics(totals), redirects: visited.length - 1 },
          details: { url: options.url, finalUrl: url.href, phase: error.phase, redirects: visited.slice(1) },
        };
      }
      addTimings(totals, response.timings);
      const location = response.headers.location;
      if (!options.followRedirects || !REDIRECT_CODES.has(response.status) || typeof location !== 'string') break;
      const next = URL.canParse(location, url.href) ? new URL(location, url) : undefined;
      if (!next) return down(`redirected to an invalid URL: ${location}`, totals, visited);
      if (next.protocol !== 'http:' && next.protocol !== 'https:') {
        return down(`redirected to an unsupported URL scheme: ${next.protocol}`, totals, visited);
      }
      if (visited.includes(next.href)) {
        return down(`redirect loop: ${[...visited, next.href].map(shortUrl).join(' → ')}`, totals, visited);
      }
      if (visited.length > options.maxRedirects) {
        return down(`too many redirects (more than ${options.maxRedirects}): last went to ${next.href}`, totals, visited);
      }
      visited.push(next.href);
      if (response.status === 303 || ((response.status === 301 || response.status === 302) && method === 'POST')) {
        method = 'GET';
        body = undefined;
      }
      url = next;
    }

    const expect = options.expect;
    const bodyText = response.body.toString('utf8');
    const assertions: AssertionResult[] = [];
    const accepted = expect.status ?? (options.followRedirects ? ['2xx'] : ['2xx', '3xx']);
    const statusOk = matchesStatus(response.status, accepted);
    assertions.push({
      name: 'status',
      status: statusOk ? 'up' : 'down',
      message: statusOk ? `status ${response.status}` : `status ${response.status}, expected ${describePatterns(accepted)}`,
      actual: response.status,
      expected: describePatterns(accepted),
    });
    if (expect.body) assertions.push(...textAssertions('body', bodyText, expect.body, response.truncated));
    if (expect.json) assertions.push(...(await jsonAssertions(bodyText, expect.json, response.truncated)));
    if (expect.headers) assertions.push(...headerAssertions(response.headers, expect.headers));
    const total = totals.total ?? 0;
    if (expect.latency) assertions.push(thresholdAssertion('latency', 'latency', total, expect.latency, 'above', formatDuration));

    const status = worstOf(assertions.map((a) => a.status));
    const firstProblem = assertions.find((a) => a.status === status && status !== 'up');
    return {
      status,
      latencyMs: total,
      message: redact(firstProblem?.message ?? `${response.status} in ${formatDuration(total)}${visited.length > 1 ? ` after ${visited.length - 1} redirect(s)` : ''}`),
      metrics: {
        ...phaseMetrics(totals),
        status_code: response.status,
        body_bytes: response.body.length,
        redirects: visited.length - 1,
      },
      assertions,
      details: {
        url: options.url,
        finalUrl: url.href,
        status: response.status,
        remoteAddress: response.remoteAddress,
        tls: response.tls,
        bodyTruncated: response.truncated,
        contentType: response.headers['content-type'],
        redirects: visited.slice(1),
      },
    };
  },
});

function shortUrl(href: string): string {
  const url = new URL(href);
  return `${url.pathname}${url.search}`;
}

function down(message: string, totals: PhaseTimings, visited: string[]): CheckResult {
  return {
    status: 'down',
    latencyMs: totals.total,
    message: redact(message),
    metrics: { ...phaseMetrics(totals), redirects: visited.length - 1 },
    details: { redirects: visited.slice(1) },
  };
}
