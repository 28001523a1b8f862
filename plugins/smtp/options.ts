/** The smtp check's own fields. */
import { isIP } from 'node:net';
import * as v from 'valibot';
import { flag, hostName, list, nonEmptyText, port, text } from '../../src/config/schema/fields.js';
import { daysLeftThresholds, latencyThresholds } from '../../src/expect/schemas.js';

export const STARTTLS_MODES = ['required', 'optional', 'never'] as const;
export type StarttlsMode = (typeof STARTTLS_MODES)[number];
export const AUTH_MECHANISMS = ['PLAIN', 'LOGIN'] as const;

/** `127.0.0.1`, `127.0.0.1:5353`, `::1` or `[::1]:5353`: what node:dns's setServers accepts. */
export function isResolverAddress(value: string): boolean {
  if (isIP(value)) return true;
  const match = /^\[([^\]]+)\]:(\d{1,5})$/.exec(value) ?? /^([^:]+):(\d{1,5})$/.exec(value);
  return Boolean(match && isIP(match[1]!) && Number(match[2]) >= 1 && Number(match[2]) <= 65535);
}

export const smtpOptions = v.pipe(
  v.strictObject({
    host: v.optional(hostName('The mail server to check. Give either host or domain.')),
    domain: v.optional(hostName('A mail domain: its MX records are resolved and every MX host is checked. Give either host or domain.')),
    port: v.optional(port('SMTP port. Default: 25. 465 is SMTPS (implicit TLS), 587 submission (STARTTLS).'), 25),
    implicitTls: v.optional(flag('Speak TLS from the first byte (SMTPS). Default: true on port 465, false elsewhere.')),
    starttls: v.optional(
      v.pipe(
        v.picklist(STARTTLS_MODES, `expected one of ${STARTTLS_MODES.join(', ')}`),
        v.description('Upgrade with STARTTLS: required (down when not offered), optional (upgrade when offered), never. Default: required on 587, optional elsewhere. Not used with implicit TLS.'),
      ),
    ),
    ehloName: v.optional(hostName('The name trackz gives in EHLO. Default: this machine\'s host name.')),
    servername: v.optional(text('The name the certificate must match (and SNI). Default: the host, or each MX host\'s name.')),
    ca: v.optional(text('PEM file of extra CA certificates to trust (relative to the config file).')),
    insecure: v.optional(flag('Report an untrusted or mismatched certificate without failing on it (expiry still counts). Default: false'), false),
    auth: v.optional(
      v.pipe(
        v.strictObject({
          user: nonEmptyText('User name; take it from the environment: ${SMTP_USER}.'),
          pass: nonEmptyText('Password; take it from the environment: ${SMTP_PASS}. Never stored or printed.'),
          mechanism: v.optional(v.pipe(v.picklist(AUTH_MECHANISMS, `expected one of ${AUTH_MECHANISMS.join(', ')}`), v.description('AUTH mechanism. Default: PLAIN when offered, else LOGIN.'))),
        }),
        v.description('Also test AUTH with these credentials (after STARTTLS when there is one).'),
      ),
    ),
    resolver: v.optional(
      v.pipe(
        v.string('expected a DNS server address such as 127.0.0.1:5353'),
        v.check(isResolverAddress, 'expected a DNS server address: an IP, optionally with :port (127.0.0.1:5353, [::1]:53)'),
        v.description('DNS server for MX and address lookups, e.g. 10.0.0.2 or 127.0.0.1:5353. Default: the system resolver.'),
      ),
    ),
    expect: v.optional(
      v.pipe(
        v.strictObject({
          daysLeft: v.optional(daysLeftThresholds, {}),
          latency: v.optional(latencyThresholds),
          extensions: v.optional(list(nonEmptyText('An EHLO keyword such as PIPELINING.'), 'EHLO extensions that must be offered (after STARTTLS), e.g. [PIPELINING, 8BITMIME, SMTPUTF8]; a missing one is down.')),
        }),
        v.description('Certificate expiry thresholds, latency thresholds for the whole conversation, required extensions.'),
      ),
      {},
    ),
  }),
  v.check((options) => (options.host === undefined) !== (options.domain === undefined), 'expected either `host:` (one server) or `domain:` (every MX host of a mail domain), not both or neither'),
);

export type SmtpOptions = v.InferOutput<typeof smtpOptions>;

/** Implicit TLS and the STARTTLS mode once the port-based defaults are applied. */
export function tlsPlan(options: Pick<SmtpOptions, 'port' | 'implicitTls' | 'starttls'>): { implicitTls: boolean; starttls: StarttlsMode } {
  const implicitTls = options.implicitTls ?? options.port === 465;
  return { implicitTls, starttls: implicitTls ? 'never' : (options.starttls ?? (options.port === 587 ? 'required' : 'optional')) };
}
