/** The decisions of an SMTP check, apart from the I/O: what a reply means, whether to upgrade, how to log in. */
import type { StarttlsMode } from './options.js';
import { replyText, type SmtpExtensions, type SmtpReply } from './reply.js';

/** Why a greeting is not a welcome, or undefined when it is one (220). */
export function bannerProblem(reply: SmtpReply): string | undefined {
  if (reply.code === 220) return undefined;
  if (reply.code >= 400 && reply.code < 500) return `the server is refusing sessions for now: ${replyText(reply)}`;
  if (reply.code >= 500) return `the server refuses the session: ${replyText(reply)}`;
  return `unexpected greeting: ${replyText(reply)}`;
}

export type StarttlsDecision = { action: 'upgrade' } | { action: 'skip'; note: string } | { action: 'fail'; reason: string };

export function starttlsDecision(mode: StarttlsMode, extensions: SmtpExtensions): StarttlsDecision {
  if (mode === 'never') return { action: 'skip', note: 'not attempted (starttls: never)' };
  if (extensions.starttls) return { action: 'upgrade' };
  const offered = Object.keys(extensions.keywords);
  if (mode === 'required') {
    return { action: 'fail', reason: `STARTTLS is required but the server does not offer it (EHLO lists ${offered.length ? offered.join(', ') : 'no extensions'})` };
  }
  return { action: 'skip', note: 'not offered by the server (starttls: optional)' };
}

/** The mechanism to use, or why none can be. PLAIN is preferred: one round trip. */
export function chooseAuthMechanism(offered: readonly string[], wanted: string | undefined, secure: boolean): { mechanism: string } | { problem: string } {
  const supported = ['PLAIN', 'LOGIN'];
  if (offered.length === 0) {
    return { problem: `the server does not offer AUTH${secure ? '' : ' without TLS (servers usually offer it only after STARTTLS)'}` };
  }
  if (wanted) return offered.includes(wanted) ? { mechanism: wanted } : { problem: `AUTH ${wanted} is not offered (the server offers ${offered.join(', ')})` };
  const mechanism = supported.find((m) => offered.includes(m));
  return mechanism ? { mechanism } : { problem: `the server offers AUTH ${offered.join(', ')}; trackz can test PLAIN and LOGIN` };
}

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

/** RFC 4616: authzid NUL authcid NUL passwd, with an empty authzid. */
export function plainCredentials(user: string, pass: string): string {
  return b64(`\0${user}\0${pass}`);
}

export function loginStep(value: string): string {
  return b64(value);
}

/** The wording of a refused AUTH; the server's text is kept (it never contains the password). */
export function authRefused(mechanism: string, reply: SmtpReply): string {
  return `AUTH ${mechanism} refused: ${replyText(reply)}`;
}
