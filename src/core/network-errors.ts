/** Network and protocol failures in words a person on call understands, naming the phase. */
import { formatDuration } from './duration.js';
import { PHASE_ACTIVITY, type Phase } from './timing.js';
import { certificateNames, hostnameMismatchText, isTlsVerificationCode, tlsHandshakeReason, tlsReason } from './tls-reasons.js';

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
  HPE_INVALID_TRANSFER_ENCODING: 'invalid Transfer-Encoding header',
};

/**
 * llhttp gives one code to several mistakes (HPE_UNEXPECTED_CONTENT_LENGTH is both "Content-Length
 * twice" and "Content-Length beside chunked"); its reason text tells them apart, so it is read first.
 */
const REASON_TEXTS: [RegExp, string][] = [
  [/Duplicate Content-Length/i, 'two Content-Length headers (the length of the body is ambiguous)'],
  [/Content-Length can't be present with Transfer-Encoding|Transfer-Encoding can't be present with Content-Length/i, 'both Content-Length and chunked encoding'],
];

/**
 * undici 7's HTTPParserError arrives without a code (it looks the llhttp error number up in a table
 * keyed by name), so the code is recovered from llhttp's reason text.
 */
const PARSER_REASONS: [RegExp, string][] = [
  [/chunk size/i, 'HPE_INVALID_CHUNK_SIZE'],
  [/^Expected HTTP\//i, 'HPE_INVALID_CONSTANT'],
  [/Duplicate Content-Length|Content-Length can't be present with Transfer-Encoding/i, 'HPE_UNEXPECTED_CONTENT_LENGTH'],
  [/Transfer-Encoding/i, 'HPE_INVALID_TRANSFER_ENCODING'],
  [/Content-Length/i, 'HPE_INVALID_CONTENT_LENGTH'],
  [/status/i, 'HPE_INVALID_STATUS'],
  [/version/i, 'HPE_INVALID_VERSION'],
  [/header/i, 'HPE_INVALID_HEADER_TOKEN'],
];

/** "malformed HTTP response: …" for an HTTP parser error, or undefined when it is not one. */
function parserProblem(err: NodeJS.ErrnoException & { data?: string; rawPacket?: Buffer; bytesParsed?: number }): string | undefined {
  const message = err.message ?? '';
  const reason = /\(([^)]*)\)\s*$/.exec(message)?.[1] ?? message;
  const code = err.code?.startsWith('HPE_') ? err.code : err.name === 'HTTPParserError' ? PARSER_REASONS.find(([re]) => re.test(reason))?.[1] : undefined;
  if (!code && err.name !== 'HTTPParserError') return undefined;
  let text = REASON_TEXTS.find(([re]) => re.test(reason))?.[1] ?? ((code && PARSER_ERRORS[code]) || (/chunk/i.test(reason) ? `invalid chunked encoding (${reason})` : reason));
  // Another protocol's greeting ("SSH-2.0-…", "220 mail ESMTP") says what is listening on the port.
  // The bytes the parser stopped at: undici keeps them in `data`, node:http in `rawPacket` from `bytesParsed`.
  const raw = typeof err.data === 'string' ? err.data : Buffer.isBuffer(err.rawPacket) ? err.rawPacket.subarray(err.bytesParsed ?? 0).toString('latin1') : '';
  const sent = raw.split(/\r?\n/)[0]!.replace(/[^\x20-\x7e]/g, '').slice(0, 60);
  if (code === 'HPE_INVALID_CONSTANT' && sent) text += ` (it sent ${JSON.stringify(sent)})`;
  return `malformed HTTP response: ${text}`;
}

export function describeNetworkError(error: unknown, where: Where): string {
  const { phase, signal } = where;
  const endpoint = `${where.address ?? where.host}:${where.port}`;
  if (signal.aborted) {
    const reason = signal.reason as { name?: string } | undefined;
    if (reason?.name === 'TimeoutError') return `timeout after ${formatDuration(where.timeoutMs)} ${PHASE_ACTIVITY[phase]}`;
    return `cancelled ${PHASE_ACTIVITY[phase]}`;
  }
  const err = (error ?? {}) as NodeJS.ErrnoException & { reason?: string; host?: string; cert?: { subjectaltname?: string; subject?: { CN?: string } } };
  const code = err.code ?? '';
  if (code === 'ENOTFOUND') return `DNS lookup failed: ${where.host} not found`;
  if (code === 'EAI_AGAIN') return `DNS lookup failed: temporary failure resolving ${where.host}`;
  if (code === 'ECONNREFUSED') return `connection refused by ${endpoint}`;
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return `${endpoint} is unreachable (${code})`;
  if (code === 'ETIMEDOUT') return `timeout connecting to ${endpoint}`;
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID' && err.cert) {
    const names = certificateNames(err.cert.subjectaltname);
    return `TLS: ${hostnameMismatchText(err.host ?? where.host, names.length ? names : [err.cert.subject?.CN ?? ''].filter(Boolean))}`;
  }
  if (isTlsVerificationCode(code)) return `TLS: ${tlsReason(code, err.reason).text}`;
  const malformed = parserProblem(err);
  if (malformed) return malformed;
  if (phase === 'tls' && (code.startsWith('ERR_SSL') || code === 'EPROTO' || /SSL|TLS/.test(err.message ?? ''))) return tlsHandshakeReason(err);
  // node:http says "socket hang up" (and the uptime probe "cut short") when the peer closed cleanly
  // before the answer was complete: that is a close, not a reset, and should read as one.
  const closedCleanly = code === 'ECONNRESET' && /socket hang up|cut short|server closed/.test(err.message ?? '');
  if (code === 'ECONNRESET' && !closedCleanly) return `connection reset by ${endpoint} ${PHASE_ACTIVITY[phase]}`;
  if (code === 'EPIPE') return `connection reset by ${endpoint} ${PHASE_ACTIVITY[phase]}`;
  if (closedCleanly || code === 'UND_ERR_SOCKET' || code === 'UND_ERR_CLOSED') {
    if (phase === 'tls') return `the server closed the connection during the TLS handshake`;
    return `the server closed the connection ${PHASE_ACTIVITY[phase]}`;
  }
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') return `timeout ${PHASE_ACTIVITY[phase]}`;
  if (code === 'UND_ERR_HEADERS_OVERFLOW') return `malformed HTTP response: ${PARSER_ERRORS.HPE_HEADER_OVERFLOW}`;
  if (code === 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH') return 'malformed HTTP response: the body length does not match the Content-Length header';
  if (code === 'UND_ERR_INFO') return `malformed HTTP response: ${err.message}`;
  return `${PHASE_ACTIVITY[phase] ? `failed ${PHASE_ACTIVITY[phase]}: ` : ''}${err.message ?? String(error)}`;
}
