/**
 * Reads and judges the certificate chain a TLS server presented. One implementation, used by the
 * ssl check and by every other check that upgrades to TLS (smtp), so the same certificate gets
 * the same verdict everywhere.
 */
import { X509Certificate } from 'node:crypto';
import { checkServerIdentity, rootCertificates, type DetailedPeerCertificate, type TLSSocket } from 'node:tls';
import type { AssertionResult, CheckResult, Status } from '../../src/core/result.js';
import { certificateNames, hostnameMismatchText, tlsReason, unknownCaText, type TlsProblem } from '../../src/core/tls-reasons.js';
import { plural } from '../../src/core/plural.js';
import { levelFor } from '../../src/expect/thresholds.js';
import { signatureAlgorithm } from './der.js';

const DAY_MS = 86_400_000;

export interface ChainEntry {
  subject: string;
  issuer: string;
  validFrom: string;
  validTo: string;
  daysLeft: number;
  selfSigned: boolean;
}

export interface CertificateReport {
  host: string;
  subject: string;
  subjectAltNames: string[];
  issuer: string;
  validFrom: string;
  validTo: string;
  daysLeft: number;
  serialNumber: string;
  fingerprint256: string;
  keyType: string;
  keyBits?: number;
  curve?: string;
  signatureAlgorithm?: string;
  protocol: string | null;
  cipher: string;
  /** Every certificate the server sent, leaf first. */
  chain: ChainEntry[];
  /**
   * The trusted root the chain ends in, when it is in the local trust store: Node appends it to the
   * presented chain, so it is reported apart (a server that sends its root too cannot be told apart).
   */
  trustAnchor?: ChainEntry;
  /** The certificate in the presented chain that expires first. */
  earliestExpiry: ChainEntry;
  verified: boolean;
  verifyError?: { code: string; problem: TlsProblem; text: string };
  hostnameMatches: boolean;
  hostnameError?: string;
}

export interface DaysLeftThresholds {
  degraded: number;
  down: number;
}

const EC_BITS: Record<string, number> = { prime256v1: 256, 'P-256': 256, secp384r1: 384, 'P-384': 384, secp521r1: 521, 'P-521': 521 };

function commonName(input: object | string | undefined): string {
  const dn = input as Record<string, string | string[]> | string | undefined;
  if (!dn) return '';
  if (typeof dn === 'string') return /CN=([^\n,]+)/.exec(dn)?.[1] ?? dn;
  const cn = dn.CN ?? dn.O ?? '';
  return Array.isArray(cn) ? cn.join(', ') : cn;
}

function daysBetween(now: number, until: string): number {
  return Math.floor(((Date.parse(until) - now) / DAY_MS) * 10) / 10;
}

/** Leaf first, up to the last certificate the server sent (Node links a self-signed root to itself). */
function presentedChain(leaf: DetailedPeerCertificate): DetailedPeerCertificate[] {
  const chain: DetailedPeerCertificate[] = [];
  const seen = new Set<string>();
  let current: DetailedPeerCertificate | undefined = leaf;
  while (current && current.raw && !seen.has(current.fingerprint256)) {
    chain.push(current);
    seen.add(current.fingerprint256);
    current = current.issuerCertificate;
  }
  return chain;
}

/**
 * Signed with its own key. Not X509Certificate.checkIssued(self): OpenSSL also demands the keyCertSign
 * usage there, which a self-signed server certificate usually lacks.
 */
function isSelfSigned(x509: X509Certificate): boolean {
  return x509.subject === x509.issuer && x509.verify(x509.publicKey);
}

const pemBodies = (pem: string) => [...pem.matchAll(/-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g)].map((m) => m[1]!.replace(/\s+/g, ''));
let systemRoots: Set<string> | undefined;

/** Is this certificate one the client trusts as a root (system roots, or the monitor's `ca`)? */
function isTrustedRoot(raw: Buffer, extraCa?: string): boolean {
  systemRoots ??= new Set(rootCertificates.flatMap(pemBodies));
  const der = raw.toString('base64');
  return systemRoots.has(der) || (extraCa !== undefined && pemBodies(extraCa).includes(der));
}

/** Why the chain does not verify; an unknown CA is named: the root the server sent, or the issuer of the last one it sent. */
function reasonFor(code: string, chain: readonly ChainEntry[]): { problem: TlsProblem; text: string } {
  const reason = tlsReason(code);
  const top = chain.at(-1);
  if (reason.problem !== 'unknown-ca' || !top) return reason;
  return { problem: reason.problem, text: unknownCaText(top.selfSigned ? top.subject : top.issuer) };
}

/** Everything about the certificate a connected TLS socket was given. `ca`: the extra roots the connection trusted. */
export function inspectTlsSocket(socket: TLSSocket, host: string, now: number, ca?: string): CertificateReport {
  const peer = socket.getPeerCertificate(true);
  if (!peer || !peer.raw) throw new Error('the server presented no certificate');
  const certificates = presentedChain(peer);
  const last = new X509Certificate(certificates.at(-1)!.raw);
  // Node completes the chain from the trust store; a trusted root after the leaf is the store's, not the server's.
  const anchor = certificates.length > 1 && isSelfSigned(last) && isTrustedRoot(last.raw, ca) ? certificates.pop() : undefined;
  const toEntry = (cert: DetailedPeerCertificate): ChainEntry => {
    const x509 = new X509Certificate(cert.raw);
    return {
      subject: commonName(cert.subject) || x509.subject,
      issuer: commonName(cert.issuer) || x509.issuer,
      validFrom: new Date(x509.validFrom).toISOString(),
      validTo: new Date(x509.validTo).toISOString(),
      daysLeft: daysBetween(now, x509.validTo),
      selfSigned: isSelfSigned(x509),
    };
  };
  const chain = certificates.map(toEntry);
  const leaf = new X509Certificate(peer.raw);
  const key = leaf.publicKey;
  const keyType = (key.asymmetricKeyType ?? 'unknown').toUpperCase();
  const curve = key.asymmetricKeyDetails?.namedCurve;
  const keyBits = key.asymmetricKeyDetails?.modulusLength ?? (curve ? EC_BITS[curve] : undefined) ?? (keyType === 'ED25519' ? 256 : undefined);
  const authorizationError = socket.authorizationError as unknown as string | Error | null;
  const authorizationCode = authorizationError ? (typeof authorizationError === 'string' ? authorizationError : ((authorizationError as NodeJS.ErrnoException).code ?? authorizationError.message)) : undefined;
  // Node checks the host name only once the chain has verified: a mismatch means the chain is fine.
  const verifyCode = authorizationCode === 'ERR_TLS_CERT_ALTNAME_INVALID' ? undefined : authorizationCode;
  const identityError = checkServerIdentity(host, peer);
  const cipher = socket.getCipher();
  const earliestExpiry = chain.reduce((min, entry) => (entry.daysLeft < min.daysLeft ? entry : min), chain[0]!);
  return {
    host,
    subject: chain[0]!.subject,
    subjectAltNames: (peer.subjectaltname ?? '')
      .split(',')
      .map((name) => name.trim())
      .filter(Boolean),
    issuer: chain[0]!.issuer,
    validFrom: chain[0]!.validFrom,
    validTo: chain[0]!.validTo,
    daysLeft: chain[0]!.daysLeft,
    serialNumber: leaf.serialNumber,
    fingerprint256: leaf.fingerprint256,
    keyType,
    keyBits,
    curve,
    signatureAlgorithm: signatureAlgorithm(peer.raw),
    protocol: socket.getProtocol(),
    cipher: cipher?.name ?? '',
    chain,
    trustAnchor: anchor ? toEntry(anchor) : undefined,
    earliestExpiry,
    verified: socket.authorized || (authorizationCode !== undefined && verifyCode === undefined),
    verifyError: verifyCode ? { code: verifyCode, ...reasonFor(verifyCode, chain) } : undefined,
    hostnameMatches: !identityError,
    hostnameError: identityError?.message,
  };
}

function describeExpiry(entry: ChainEntry, isLeaf: boolean): string {
  const who = isLeaf ? 'certificate' : `chain certificate "${entry.subject}"`;
  const date = entry.validTo.slice(0, 10);
  // Whole days, rounded towards "now" both ways: 3.1 days ago is "3 days ago", as 4.9 left is "4 days".
  const days = Math.floor(Math.abs(entry.daysLeft));
  if (entry.daysLeft < 0) return days < 1 ? `${who} expired less than a day ago (${date})` : `${who} expired ${plural(days, 'day')} ago (${date})`;
  return days < 1 ? `${who} expires in less than a day (${date})` : `${who} expires in ${plural(days, 'day')} (${date})`;
}

/** The verdict on a certificate: chain, host name and days left, each its own assertion. */
export function judgeCertificate(report: CertificateReport, thresholds: DaysLeftThresholds): Pick<CheckResult, 'status' | 'message' | 'assertions' | 'metrics'> {
  const assertions: AssertionResult[] = [];
  const chainOk = report.verified && !report.verifyError;
  assertions.push({
    name: 'chain',
    status: chainOk ? 'up' : 'down',
    message: chainOk ? `chain verifies (issued by ${report.issuer})` : `certificate not trusted: ${report.verifyError?.text ?? 'verification failed'}`,
    actual: report.verifyError?.code ?? 'OK',
  });
  assertions.push({
    name: 'hostname',
    status: report.hostnameMatches ? 'up' : 'down',
    message: report.hostnameMatches
      ? `certificate matches ${report.host}`
      : hostnameMismatchText(report.host, report.subjectAltNames.length ? certificateNames(report.subjectAltNames.join(', ')) : [report.subject]),
  });
  const earliest = report.earliestExpiry;
  const expiryStatus: Status = levelFor(earliest.daysLeft, thresholds, 'below');
  const isLeaf = earliest === report.chain[0];
  assertions.push({
    name: 'daysLeft',
    status: earliest.daysLeft < 0 ? 'down' : expiryStatus,
    message: `${describeExpiry(earliest, isLeaf)}${expiryStatus === 'up' ? '' : `; thresholds: degraded < ${thresholds.degraded}, down < ${thresholds.down} days`}`,
    actual: earliest.daysLeft,
    expected: expiryStatus === 'down' ? thresholds.down : thresholds.degraded,
  });
  const order: Status[] = ['down', 'unknown', 'degraded'];
  const worstAssertion = order.map((s) => assertions.find((a) => a.status === s)).find(Boolean);
  return {
    status: worstAssertion?.status ?? 'up',
    message: worstAssertion?.message ?? `valid, ${describeExpiry(report.chain[0]!, true).replace(/^certificate /, '')}, ${report.keyType} ${report.keyBits ?? ''} ${report.protocol ?? ''}`.replace(/\s+/g, ' ').trim(),
    assertions,
    metrics: {
      days_left: earliest.daysLeft,
      leaf_days_left: report.daysLeft,
      chain_length: report.chain.length,
      ...(report.keyBits ? { key_bits: report.keyBits } : {}),
    },
  };
}
