/**
 * smtp: a mail server's banner, EHLO extensions, STARTTLS (or SMTPS on 465) with the certificate judged
 * by the ssl check's own code, and optionally AUTH; or, with `domain:`, every MX host of a mail domain.
 */
import { hostname } from 'node:os';
import { definePlugin, type CheckContext } from '../../src/core/plugin.js';
import type { CheckResult } from '../../src/core/result.js';
import { redact } from '../../src/privacy/redactor.js';
import { combineMailHosts, type HostOutcome } from './domain.js';
import { resolveAddress, resolveMailHosts } from './mx.js';
import { smtpOptions, tlsPlan, type SmtpOptions } from './options.js';
import { probeSmtp, type ProbeRequest, type SmtpProbe } from './probe.js';
import { judgeProbe, type SmtpExpectations } from './verdict.js';
import { caFilePreflight, readCaFile } from '../../src/core/connect.js';

/** What the detail views show. Server text is redacted like the message (a server may echo what it was sent). */
function probeDetails(probe: SmtpProbe): Record<string, unknown> {
  return {
    host: probe.host,
    port: probe.port,
    address: probe.address,
    banner: probe.banner === undefined ? undefined : redact(probe.banner),
    extensions: probe.extensions?.keywords,
    extensionsBeforeTls: probe.extensionsBeforeTls?.keywords,
    starttls: probe.starttls,
    tls: probe.tls && { via: probe.tls.via, certificate: probe.tls.certificate },
    auth: probe.auth,
    failure: probe.failure && { phase: probe.failure.phase, reason: redact(probe.failure.reason) },
  };
}

/** Checks one server (by name, or at an address found through `resolver:`). */
async function checkHost(name: string, options: SmtpOptions, ctx: CheckContext, expectations: SmtpExpectations, ca: string | undefined): Promise<{ verdict: ReturnType<typeof judgeProbe>; probe?: SmtpProbe }> {
  const plan = tlsPlan(options);
  let address: string | undefined;
  if (options.resolver) {
    try {
      address = await resolveAddress(name, options.resolver, ctx.signal);
    } catch (error) {
      return { verdict: { status: 'down', message: (error as Error).message, metrics: {}, assertions: [] } };
    }
  }
  const request: ProbeRequest = {
    host: name,
    address,
    port: options.port,
    implicitTls: plan.implicitTls,
    starttls: plan.starttls,
    ehloName: options.ehloName ?? hostname(),
    servername: options.servername ?? name,
    ca,
    auth: options.auth,
    signal: ctx.signal,
    timeoutMs: ctx.timeoutMs,
    now: ctx.now(),
  };
  const probe = await probeSmtp(request);
  return { verdict: judgeProbe(probe, expectations), probe };
}

export default definePlugin({
  type: 'smtp',
  description: 'SMTP server: banner, EHLO extensions, STARTTLS or SMTPS with the certificate judged like the ssl check, optional AUTH; or every MX host of a domain',
  options: smtpOptions,
  preflight: (monitor, ctx) => caFilePreflight(ctx.configDir, monitor.options.ca),
  async run(monitor, ctx): Promise<CheckResult> {
    const options = monitor.options;
    const plan = tlsPlan(options);
    const ca = readCaFile(ctx.configDir, options.ca);
    const expectations: SmtpExpectations = {
      ...plan,
      insecure: options.insecure,
      daysLeft: options.expect.daysLeft,
      latency: options.expect.latency,
      extensions: options.expect.extensions,
      auth: options.auth !== undefined,
    };

    if (options.host !== undefined) {
      const { verdict, probe } = await checkHost(options.host, options, ctx, expectations, ca);
      return { ...verdict, details: probe ? probeDetails(probe) : { host: options.host, port: options.port } };
    }

    const domain = options.domain!;
    const started = performance.now();
    let found;
    try {
      found = await resolveMailHosts(domain, options.resolver, ctx.signal);
    } catch (error) {
      return { status: 'down', message: (error as Error).message, metrics: {}, details: { domain } };
    }
    const lookupMs = performance.now() - started;
    if (found.kind === 'null-mx') {
      return { status: 'down', message: `${domain} publishes a null MX (RFC 7505): it accepts no mail`, metrics: { mx_lookup_ms: Math.round(lookupMs * 10) / 10, mx_hosts: 0 }, details: { domain, nullMx: true } };
    }
    const outcomes: HostOutcome[] = await Promise.all(
      found.hosts.map(async (host) => {
        const { verdict, probe } = await checkHost(host.name, options, ctx, expectations, ca);
        return { host: host.name, preference: host.preference, verdict, probe };
      }),
    );
    const result = combineMailHosts(domain, found, outcomes, lookupMs, performance.now() - started);
    return {
      ...result,
      details: {
        domain,
        mx: found.kind === 'mx' ? found.hosts : [],
        implicitMx: found.kind === 'implicit',
        hosts: outcomes.map((o) => ({ preference: o.preference, status: o.verdict.status, message: redact(o.verdict.message), ...(o.probe ? probeDetails(o.probe) : { host: o.host }) })),
      },
    };
  },
});
