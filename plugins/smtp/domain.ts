/** `domain:` mode: every MX host of a mail domain is checked at once, and the domain is as good as its worst host. */
import { worstOf, type AssertionResult, type CheckResult } from '../../src/core/result.js';
import type { MailHosts } from './mx.js';
import type { SmtpProbe } from './probe.js';
import type { SmtpVerdict } from './verdict.js';

export interface HostOutcome {
  host: string;
  preference: number;
  verdict: SmtpVerdict;
  probe?: SmtpProbe;
}

/** Pure: the domain's verdict from each host's. Assertions are named `<host>/<step>` so CI says which host failed. */
export function combineMailHosts(domain: string, found: Exclude<MailHosts, { kind: 'null-mx' }>, outcomes: readonly HostOutcome[], lookupMs: number, totalMs: number): Omit<CheckResult, 'details'> {
  const assertions: AssertionResult[] = [];
  for (const outcome of outcomes) {
    const own = outcome.verdict.assertions ?? [];
    const explained = own.some((a) => a.status === outcome.verdict.status);
    if (!explained) assertions.push({ name: outcome.host, status: outcome.verdict.status, message: `${outcome.host}: ${outcome.verdict.message}` });
    for (const assertion of own) assertions.push({ ...assertion, name: `${outcome.host}/${assertion.name}`, message: `${outcome.host}: ${assertion.message}` });
  }
  const status = worstOf(outcomes.map((o) => o.verdict.status));
  const good = outcomes.filter((o) => o.verdict.status === 'up' || o.verdict.status === 'degraded').length;
  const worst = outcomes.find((o) => o.verdict.status === status);
  const implicit = found.kind === 'implicit' ? ' (no MX records: the domain itself receives mail)' : '';
  const message =
    status === 'up'
      ? `${outcomes.length === 1 ? '1 MX host' : `all ${outcomes.length} MX hosts`} of ${domain} up${implicit}: ${outcomes.map((o) => o.host).join(', ')}`
      : `${worst!.host}: ${worst!.verdict.message} (${good} of ${outcomes.length} MX hosts of ${domain} up)`;
  const primary = outcomes[0]?.verdict.metrics ?? {};
  const daysLeft = outcomes.map((o) => o.verdict.metrics.days_left).filter((d): d is number => d !== undefined);
  return {
    status,
    message,
    assertions,
    latencyMs: totalMs,
    metrics: {
      ...primary,
      mx_lookup_ms: Math.round(lookupMs * 10) / 10,
      mx_hosts: outcomes.length,
      mx_up: good,
      total_ms: Math.round(totalMs * 10) / 10,
      ...(daysLeft.length ? { days_left: Math.min(...daysLeft) } : {}),
    },
  };
}
