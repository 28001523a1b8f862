/**
 * From what a probe saw to a verdict: each step is an assertion (a test case in JUnit, an annotation
 * on GitHub), the certificate is judged by the ssl check's own judgeCertificate, and the first failure
 * is the message. Pure: every case is tested without a server.
 */
import { formatDuration } from '../../src/core/duration.js';
import { plural } from '../../src/core/plural.js';
import { worstOf, type AssertionResult, type CheckResult, type Status } from '../../src/core/result.js';
import { thresholdAssertion, type Thresholds } from '../../src/expect/thresholds.js';
import { judgeCertificate, type DaysLeftThresholds } from '../ssl/certificate.js';
import type { StarttlsMode } from './options.js';
import { SMTP_PHASES, type SmtpProbe } from './probe.js';

export interface SmtpExpectations {
  implicitTls: boolean;
  starttls: StarttlsMode;
  insecure: boolean;
  daysLeft: DaysLeftThresholds;
  latency?: Thresholds;
  extensions?: string[];
  auth: boolean;
}

export type SmtpVerdict = Pick<CheckResult, 'status' | 'message' | 'assertions' | 'metrics' | 'latencyMs'>;

const round = (ms: number) => Math.round(ms * 10) / 10;

/** `banner_ms`, `ehlo_ms`, … `total_ms`: the shared phase vocabulary plus SMTP's own phases. */
export function smtpMetrics(probe: SmtpProbe): Record<string, number> {
  const metrics: Record<string, number> = {};
  for (const phase of [...SMTP_PHASES, 'total'] as const) {
    const value = probe.timings[phase];
    if (value !== undefined) metrics[`${phase}_ms`] = round(value);
  }
  if (probe.tls) metrics.days_left = probe.tls.certificate.earliestExpiry.daysLeft;
  if (probe.extensions?.size) metrics.size_limit_bytes = probe.extensions.size;
  return metrics;
}

function certificateAssertions(probe: SmtpProbe, expect: SmtpExpectations): AssertionResult[] {
  if (!probe.tls) return [];
  const verdict = judgeCertificate(probe.tls.certificate, expect.daysLeft);
  return (verdict.assertions ?? []).map((assertion) => {
    const named = { ...assertion, name: `tls.${assertion.name}` };
    // insecure: the chain and the name are reported, not held against the server; expiry still is.
    if (expect.insecure && assertion.name !== 'daysLeft' && assertion.status !== 'up') return { ...named, status: 'up' as Status, message: `${assertion.message} (ignored: insecure)` };
    return named;
  });
}

export function judgeProbe(probe: SmtpProbe, expect: SmtpExpectations): SmtpVerdict {
  const { failure } = probe;
  const failed = (phase: string) => failure?.phase === phase;
  const down = (name: string): AssertionResult => ({ name, status: 'down', message: failure!.reason });
  const assertions: AssertionResult[] = [];

  if (probe.banner !== undefined || failed('banner')) assertions.push(failed('banner') ? down('banner') : { name: 'banner', status: 'up', message: `banner: ${probe.banner}` });
  if (probe.extensions || failed('ehlo')) {
    const names = Object.keys(probe.extensionsBeforeTls?.keywords ?? probe.extensions?.keywords ?? {});
    assertions.push(failed('ehlo') ? down('ehlo') : { name: 'ehlo', status: 'up', message: `EHLO offers ${names.length ? names.join(', ') : 'no extensions'}` });
  }
  if (!expect.implicitTls && expect.starttls !== 'never' && (probe.starttls || failed('starttls'))) {
    if (failed('starttls')) assertions.push(down('starttls'));
    else assertions.push({ name: 'starttls', status: 'up', message: probe.starttls!.upgraded ? `STARTTLS upgraded to ${probe.tls?.certificate.protocol ?? 'TLS'}` : `STARTTLS ${probe.starttls!.note}` });
  }
  assertions.push(...certificateAssertions(probe, expect));
  if (expect.auth && (probe.auth || failed('auth'))) assertions.push(failed('auth') ? down('auth') : { name: 'auth', status: 'up', message: `AUTH ${probe.auth!.mechanism} accepted` });
  if (probe.extensions && !failure) {
    for (const wanted of expect.extensions ?? []) {
      const keyword = wanted.toUpperCase();
      const offered = keyword in probe.extensions.keywords;
      assertions.push({ name: `extension.${keyword}`, status: offered ? 'up' : 'down', message: offered ? `${keyword} offered` : `${keyword} is not offered` });
    }
  }
  const total = probe.timings.total;
  if (expect.latency && total !== undefined && !failure) assertions.push(thresholdAssertion('latency', 'SMTP conversation', total, expect.latency, 'above', formatDuration));

  const status = failure ? 'down' : worstOf(assertions.map((a) => a.status));
  const worstAssertion = (['down', 'unknown', 'degraded'] as const).map((s) => assertions.find((a) => a.status === s)).find(Boolean);
  const message = failure?.reason ?? worstAssertion?.message ?? summary(probe, expect);
  return { status, message, assertions, metrics: smtpMetrics(probe), latencyMs: total };
}

function summary(probe: SmtpProbe, expect: SmtpExpectations): string {
  const parts = [`${probe.address ?? probe.host}:${probe.port} ${expect.implicitTls ? 'SMTPS' : 'SMTP'} ready`];
  if (probe.tls) {
    const cert = probe.tls.certificate;
    parts.push(`${probe.tls.via === 'starttls' ? 'STARTTLS' : 'TLS'} ${cert.protocol ?? ''}, certificate ${plural(Math.floor(cert.earliestExpiry.daysLeft), 'day')} left`.replace(/\s+,/, ','));
  } else if (probe.starttls?.note) parts.push(`no TLS (STARTTLS ${probe.starttls.note})`);
  if (probe.auth) parts.push(`AUTH ${probe.auth.mechanism} accepted`);
  return `${parts.join(', ')} in ${formatDuration(probe.timings.total ?? 0)}`;
}
