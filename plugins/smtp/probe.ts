/**
 * One SMTP server, start to finish: connect (implicit TLS on 465), banner, EHLO, STARTTLS and the
 * certificate, AUTH, QUIT. Records what it saw and stops at the first failure with a reason in words;
 * the verdict (up/degraded/down, assertions) is decided afterwards from this record (verdict.ts).
 */
import type { TLSSocket } from 'node:tls';
import { openConnection, upgradeToTls, type PhaseTracker } from '../../src/core/connect.js';
import { formatDuration } from '../../src/core/duration.js';
import { describeNetworkError } from '../../src/core/network-errors.js';
import type { Stopwatch } from '../../src/core/timing.js';
import { inspectTlsSocket, type CertificateReport } from '../ssl/certificate.js';
import { SmtpClosedError, SmtpConversation } from './conversation.js';
import type { StarttlsMode } from './options.js';
import { parseExtensions, replyText, SmtpProtocolError, type SmtpExtensions, type SmtpReply } from './reply.js';
import { authRefused, bannerProblem, chooseAuthMechanism, loginStep, plainCredentials, starttlsDecision } from './rules.js';

export type SmtpPhase = 'dns' | 'connect' | 'tls' | 'banner' | 'ehlo' | 'starttls' | 'auth';
export const SMTP_PHASES: readonly SmtpPhase[] = ['dns', 'connect', 'tls', 'banner', 'ehlo', 'starttls', 'auth'];

export interface ProbeRequest {
  /** The server's name: for messages, SNI and the certificate. */
  host: string;
  /** An address already resolved (custom resolver); otherwise `host` is looked up. */
  address?: string;
  port: number;
  implicitTls: boolean;
  starttls: StarttlsMode;
  ehloName: string;
  /** The name the certificate must match. */
  servername: string;
  ca?: string;
  auth?: { user: string; pass: string; mechanism?: string };
  signal: AbortSignal;
  timeoutMs: number;
  now: number;
}

export interface SmtpProbe {
  host: string;
  port: number;
  address?: string;
  /** Milliseconds per phase, plus `total`. */
  timings: Partial<Record<SmtpPhase | 'total', number>>;
  banner?: string;
  /** What EHLO offered last (after STARTTLS when there was one). */
  extensions?: SmtpExtensions;
  /** What EHLO offered before STARTTLS. */
  extensionsBeforeTls?: SmtpExtensions;
  starttls?: { upgraded: boolean; note?: string };
  tls?: { via: 'implicit' | 'starttls'; certificate: CertificateReport };
  auth?: { mechanism: string };
  /** Set when the conversation stopped early; `phase` says where. */
  failure?: { phase: SmtpPhase; reason: string };
}

const QUIT_WAIT_MS = 1000;

function closedText(phase: SmtpPhase, step: string): string {
  switch (phase) {
    case 'banner':
      return 'the server closed the connection before sending its banner';
    case 'ehlo':
      return 'the server closed the connection in reply to EHLO';
    case 'starttls':
      return step === 'command' ? 'the server closed the connection after EHLO, when asked for STARTTLS' : 'the server closed the connection during STARTTLS';
    case 'auth':
      return 'the server closed the connection after EHLO, during AUTH';
    default:
      return 'the server closed the connection';
  }
}

const TIMEOUT_WHERE: Partial<Record<SmtpPhase, string>> = {
  ehlo: 'waiting for the reply to EHLO',
  starttls: 'during STARTTLS',
  auth: 'during AUTH',
};

function describe(error: unknown, phase: SmtpPhase, step: string, request: ProbeRequest, address?: string): string {
  const { signal } = request;
  const where = { signal, host: request.host, port: request.port, address, timeoutMs: request.timeoutMs };
  if (phase === 'dns' || phase === 'connect' || phase === 'tls') return describeNetworkError(error, { ...where, phase });
  if (signal.aborted) {
    const timedOut = (signal.reason as { name?: string } | undefined)?.name === 'TimeoutError';
    if (!timedOut) return `cancelled ${TIMEOUT_WHERE[phase] ?? `waiting for the ${phase}`}`;
    if (phase === 'banner') return `no banner within ${formatDuration(request.timeoutMs)}: the server accepted the connection but did not greet`;
    return `timeout after ${formatDuration(request.timeoutMs)} ${TIMEOUT_WHERE[phase]}`;
  }
  if (error instanceof SmtpProtocolError) return error.message;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (phase === 'starttls' && step === 'handshake') return `STARTTLS: ${describeNetworkError(error, { ...where, phase: 'tls' })}`;
  if (error instanceof SmtpClosedError || code === 'ECONNRESET' || code === 'EPIPE') return closedText(phase, step);
  return `${phase}: ${(error as Error)?.message ?? String(error)}`;
}

async function sayEhlo(conversation: SmtpConversation, name: string, signal: AbortSignal): Promise<{ reply?: SmtpReply; problem?: string }> {
  const reply = await conversation.command(`EHLO ${name}`, signal);
  if (reply.code === 250) return { reply };
  // RFC 5321 §3.2: a client that gets an error for EHLO falls back to HELO (no extensions then).
  if (reply.code >= 500) {
    const helo = await conversation.command(`HELO ${name}`, signal);
    if (helo.code === 250) return {};
    return { problem: `EHLO and HELO refused: ${replyText(reply)}; ${replyText(helo)}` };
  }
  return { problem: `EHLO refused: ${replyText(reply)}` };
}

async function authenticate(conversation: SmtpConversation, mechanism: string, auth: NonNullable<ProbeRequest['auth']>, signal: AbortSignal): Promise<string | undefined> {
  if (mechanism === 'PLAIN') {
    const reply = await conversation.command(`AUTH PLAIN ${plainCredentials(auth.user, auth.pass)}`, signal);
    return reply.code === 235 ? undefined : authRefused(mechanism, reply);
  }
  let reply = await conversation.command('AUTH LOGIN', signal);
  if (reply.code !== 334) return authRefused(mechanism, reply);
  reply = await conversation.command(loginStep(auth.user), signal);
  if (reply.code !== 334) return authRefused(mechanism, reply);
  reply = await conversation.command(loginStep(auth.pass), signal);
  return reply.code === 235 ? undefined : authRefused(mechanism, reply);
}

export async function probeSmtp(request: ProbeRequest): Promise<SmtpProbe> {
  const { signal } = request;
  const probe: SmtpProbe = { host: request.host, port: request.port, timings: {} };
  const tracker: PhaseTracker = { phase: 'dns' };
  const started = performance.now();
  const tlsOptions = { servername: request.servername, rejectUnauthorized: false, ca: request.ca };
  let phase: SmtpPhase = 'dns';
  let step = '';
  let clock: Stopwatch | undefined;
  let socket: import('node:net').Socket | undefined;
  let conversation: SmtpConversation | undefined;
  const lap = (name: SmtpPhase) => {
    probe.timings[name] = (probe.timings[name] ?? 0) + clock!.lap();
  };
  try {
    const connection = await openConnection(request.address ?? request.host, request.port, signal, tracker, request.implicitTls ? tlsOptions : undefined);
    clock = connection.clock;
    socket = connection.socket;
    probe.address = connection.address;
    Object.assign(probe.timings, connection.timings);
    if (request.implicitTls) {
      probe.tls = { via: 'implicit', certificate: inspectTlsSocket(socket as TLSSocket, request.servername, request.now, request.ca) };
    }
    conversation = new SmtpConversation(socket);

    phase = 'banner';
    const banner = await conversation.read(signal);
    lap('banner');
    probe.banner = replyText(banner);
    const refused = bannerProblem(banner);
    if (refused) return { ...probe, failure: { phase, reason: refused } };

    phase = 'ehlo';
    const ehlo = await sayEhlo(conversation, request.ehloName, signal);
    lap('ehlo');
    if (ehlo.problem) return { ...probe, failure: { phase, reason: ehlo.problem } };
    probe.extensions = parseExtensions(ehlo.reply);

    if (!request.implicitTls) {
      phase = 'starttls';
      const decision = starttlsDecision(request.starttls, probe.extensions);
      if (decision.action === 'fail') return { ...probe, starttls: { upgraded: false }, failure: { phase, reason: decision.reason } };
      if (decision.action === 'skip') probe.starttls = { upgraded: false, note: decision.note };
      else {
        step = 'command';
        const ready = await conversation.command('STARTTLS', signal);
        if (ready.code !== 220) return { ...probe, starttls: { upgraded: false }, failure: { phase, reason: `STARTTLS refused: ${replyText(ready)}` } };
        step = 'handshake';
        const secure = await upgradeToTls(conversation.detach(), request.servername, tlsOptions, signal);
        socket = secure;
        probe.tls = { via: 'starttls', certificate: inspectTlsSocket(secure, request.servername, request.now, request.ca) };
        conversation.attach(secure);
        // RFC 3207 §4.2: everything learnt before TLS is forgotten; ask again.
        step = 'ehlo';
        const again = await sayEhlo(conversation, request.ehloName, signal);
        lap('starttls');
        if (again.problem) return { ...probe, failure: { phase, reason: `after STARTTLS: ${again.problem}` } };
        probe.extensionsBeforeTls = probe.extensions;
        probe.extensions = parseExtensions(again.reply);
        probe.starttls = { upgraded: true };
      }
    }

    if (request.auth) {
      phase = 'auth';
      const choice = chooseAuthMechanism(probe.extensions.auth, request.auth.mechanism, probe.tls !== undefined);
      if ('problem' in choice) return { ...probe, failure: { phase, reason: choice.problem } };
      const refusedAuth = await authenticate(conversation, choice.mechanism, request.auth, signal);
      lap('auth');
      if (refusedAuth) return { ...probe, failure: { phase, reason: refusedAuth } };
      probe.auth = { mechanism: choice.mechanism };
    }
    return probe;
  } catch (error) {
    if (phase === 'dns') phase = tracker.phase as SmtpPhase;
    return { ...probe, failure: { phase, reason: describe(error, phase, step, request, tracker.address) } };
  } finally {
    probe.timings.total = performance.now() - started;
    await quit(conversation, socket, signal);
  }
}

/** Says goodbye politely when the conversation is still open, without letting a slow server hold the check. */
async function quit(conversation: SmtpConversation | undefined, socket: import('node:net').Socket | undefined, signal: AbortSignal): Promise<void> {
  if (!socket) return;
  if (conversation && !socket.destroyed && !signal.aborted) {
    try {
      await conversation.command('QUIT', AbortSignal.any([signal, AbortSignal.timeout(QUIT_WAIT_MS)]));
    } catch {
      // The answer to QUIT does not matter.
    }
  }
  socket.destroy();
}
