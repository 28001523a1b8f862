/** Network and protocol failures in words a person on call understands, naming the phase. */
import { formatDuration } from './duration.js';
import { PHASE_ACTIVITY, type Phase } from './timing.js';
import { isTlsVerificationCode, tlsHandshakeReason, tlsReason } from './tls-reasons.js';

interface Where {
  phase: Phase;
  signal: AbortSignal;
  host: string;
  port: number;
  address?: string;
  timeoutMs: number;
}

const PARSER_ERRORS: Record<string, string> = {
  HPE_INVALID_CHUNK_SIZE: 'invalid chunked encoding (bad chunk size)',
  HPE_INVALID_CONTENT_LENGTH: 'invalid Content-Length header',
  HPE_UNEXPECTED_CONTENT_LENGTH: 'both Content-Length and chunked encoding',
  HPE_INVALID_STATUS: 'invalid status line',
  HPE_INVALID_VERSION: 'invalid HTTP version',
  HPE_INVALID_HEADER_TOKEN: 'invalid header',
  HPE_INVALID_CONSTANT: 'the response is not HTTP',
  HPE_HEADER_OVERFLOW: 'headers too large',
  HPE_INVALID_EOF_STATE: 'the connection closed in the middle of the response',
};

export function describeNetworkError(error: unknown, where: Where): string {
  const { phase, signal } = where;
  const endpoint = `${where.address ?? where.host}:${where.port}`;
  if (signal.aborted) {
    const reason = signal.reason as { name?: string } | undefined;
    if (reason?.name === 'TimeoutError') return `timeout after ${formatDuration(where.timeoutMs)} ${PHASE_ACTIVITY[phase]}`;
    return `cancelled ${PHASE_ACTIVITY[phase]}`;
  }
  const err = (error ?? {}) as NodeJS.ErrnoException & { reason?: string };
  const code = err.code ?? '';
  if (code === 'ENOTFOUND') return `DNS lookup failed: ${where.host} not found`;
  if (code === 'EAI_AGAIN') return `DNS lookup failed: temporary failure resolving ${where.host}`;
  if (code === 'ECONNREFUSED') return `connection refused by ${endpoint}`;
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return `${endpoint} is unreachable (${code})`;
  if (code === 'ETIMEDOUT') return `timeout connecting to ${endpoint}`;
  if (isTlsVerificationCode(code)) return `TLS: ${tlsReason(code, err.reason).text}`;
  if (code.startsWith('HPE_')) return `malformed HTTP response: ${PARSER_ERRORS[code] ?? err.message}`;
  if (phase === 'tls' && (code.startsWith('ERR_SSL') || code === 'EPROTO' || /SSL|TLS/.test(err.message ?? ''))) return tlsHandshakeReason(err);
  if (code === 'ECONNRESET' || code === 'EPIPE') return `connection reset by ${endpoint} ${PHASE_ACTIVITY[phase]}`;
  if (code === 'UND_ERR_SOCKET' || code === 'UND_ERR_CLOSED') {
    if (phase === 'tls') return `the server closed the connection during the TLS handshake`;
    return `the server closed the connection ${PHASE_ACTIVITY[phase]}`;
  }
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') return `timeout ${PHASE_ACTIVITY[phase]}`;
  if (code === 'UND_ERR_INFO') return `malformed HTTP response: ${err.message}`;
  return `${PHASE_ACTIVITY[phase] ? `failed ${PHASE_ACTIVITY[phase]}: ` : ''}${err.message ?? String(error)}`;
}
