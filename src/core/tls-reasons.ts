/**
 * What OpenSSL's verification codes mean to a person. Shared by every check that speaks TLS
 * (uptime, ssl, smtp) so the same certificate problem reads the same everywhere.
 */

export type TlsProblem = 'expired' | 'not-yet-valid' | 'self-signed' | 'hostname-mismatch' | 'incomplete-chain' | 'unknown-ca' | 'untrusted-root' | 'revoked' | 'other';

const REASONS: Record<string, { problem: TlsProblem; text: string }> = {
  CERT_HAS_EXPIRED: { problem: 'expired', text: 'the certificate has expired' },
  CERT_NOT_YET_VALID: { problem: 'not-yet-valid', text: 'the certificate is not yet valid' },
  DEPTH_ZERO_SELF_SIGNED_CERT: { problem: 'self-signed', text: 'the certificate is self-signed' },
  // The server sent its whole chain, root included, and that root is not trusted.
  SELF_SIGNED_CERT_IN_CHAIN: { problem: 'unknown-ca', text: 'unknown CA: the chain ends in a self-signed root that is not trusted (a private CA? trust it with ca:)' },
  // Only the leaf was sent, and its issuer is not trusted: most often a missing intermediate.
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: { problem: 'incomplete-chain', text: 'incomplete chain: the issuer of the certificate was not sent and is not trusted (missing intermediate?)' },
  // More than the leaf was sent (OpenSSL says LEAF_SIGNATURE when it is alone), and the last one's issuer
  // is not trusted: a complete chain under a root this machine does not know.
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: { problem: 'unknown-ca', text: 'unknown CA: the chain the server sent ends at a CA that is not trusted (a private CA? trust it with ca:)' },
  UNABLE_TO_GET_ISSUER_CERT: { problem: 'incomplete-chain', text: 'incomplete chain: an issuer certificate could not be found' },
  CERT_CHAIN_TOO_LONG: { problem: 'other', text: 'the certificate chain is too long' },
  CERT_REVOKED: { problem: 'revoked', text: 'the certificate has been revoked' },
  CERT_SIGNATURE_FAILURE: { problem: 'other', text: 'a certificate signature does not verify' },
  CERT_UNTRUSTED: { problem: 'untrusted-root', text: 'the certificate is not trusted' },
  INVALID_CA: { problem: 'other', text: 'an issuer in the chain is not a valid CA' },
  ERR_TLS_CERT_ALTNAME_INVALID: { problem: 'hostname-mismatch', text: 'the certificate does not match the host name' },
};

export function isTlsVerificationCode(code: string | undefined): boolean {
  return code !== undefined && code in REASONS;
}

export function tlsReason(code: string, detail?: string): { problem: TlsProblem; text: string } {
  const known = REASONS[code];
  if (!known) return { problem: 'other', text: detail ? `${code}: ${detail}` : code };
  return { problem: known.problem, text: detail && known.problem === 'hostname-mismatch' ? `${known.text}: ${detail}` : known.text };
}

/** The unknown-CA reason naming the CA, when the chain is at hand (the ssl check). */
export function unknownCaText(ca: string): string {
  return `unknown CA: "${ca}" is not trusted (a private CA? trust it with ca:)`;
}

/** `DNS:a.example, IP Address:10.0.0.1` (a certificate's subjectaltname) → `['a.example', '10.0.0.1']`. */
export function certificateNames(subjectAltName: string | undefined): string[] {
  return (subjectAltName ?? '')
    .split(',')
    .map((name) => name.trim().replace(/^(DNS|IP Address):/, ''))
    .filter(Boolean);
}

/** The one wording for a host-name mismatch, so the ssl, uptime and tcp checks read alike. */
export function hostnameMismatchText(host: string, names: readonly string[]): string {
  return `the certificate does not match ${host}${names.length ? `: it is for ${names.join(', ')}` : ''}`;
}

/** A handshake failure that is not about the certificate. */
export function tlsHandshakeReason(error: NodeJS.ErrnoException): string {
  const message = error.message ?? '';
  if (/wrong version number|packet length too long|unknown protocol/i.test(message)) return 'TLS handshake failed: the server does not speak TLS on this port';
  if (/alert handshake failure|no shared cipher|no protocols available|unsupported protocol/i.test(message)) return 'TLS handshake failed: no protocol or cipher in common with the server';
  // Node's wording ("Client network socket disconnected before secure TLS connection was established") names the wrong side.
  if (/disconnected before secure TLS connection/i.test(message)) return 'TLS handshake failed: the server closed the connection during the handshake';
  return `TLS handshake failed: ${message.split('\n')[0]}`;
}
