/**
 * SMTP replies (RFC 5321 §4.2): `250-first line` … `250 last line`. A pure parser over the bytes
 * received so far, so the conversation code only moves data and the format rules are tested alone.
 */

export interface SmtpReply {
  code: number;
  /** The text of each line, without the code. */
  lines: string[];
}

/** Replies longer than this are not from a mail server worth talking to; it bounds memory too. */
export const MAX_REPLY_BYTES = 64 * 1024;

export class SmtpProtocolError extends Error {
  override name = 'SmtpProtocolError';
}

const LINE_RE = /^(\d{3})([ -]|$)(.*)$/;

/**
 * Takes every complete reply off the front of `buffer`. Throws SmtpProtocolError when a line is not
 * an SMTP reply line (the peer speaks something else) or a reply grows past MAX_REPLY_BYTES.
 */
export function takeReplies(buffer: string): { replies: SmtpReply[]; rest: string } {
  const replies: SmtpReply[] = [];
  let current: SmtpReply | undefined;
  let consumed = 0;
  let position = 0;
  for (;;) {
    const end = buffer.indexOf('\n', position);
    if (end === -1) break;
    const line = buffer.slice(position, end).replace(/\r$/, '');
    position = end + 1;
    const match = LINE_RE.exec(line);
    if (!match) throw new SmtpProtocolError(`the server does not speak SMTP: it sent ${JSON.stringify(line.slice(0, 80))}`);
    const code = Number(match[1]);
    if (current && current.code !== code) throw new SmtpProtocolError(`malformed reply: a ${current.code} reply continued with ${code}`);
    current ??= { code, lines: [] };
    current.lines.push(match[3]!);
    if (match[2] !== '-') {
      replies.push(current);
      current = undefined;
      consumed = position;
    }
  }
  const rest = buffer.slice(consumed);
  if (rest.length > MAX_REPLY_BYTES) throw new SmtpProtocolError(`the server sent a reply longer than ${MAX_REPLY_BYTES / 1024} KiB`);
  return { replies, rest };
}

/** `554 5.7.1 go away` as one line for messages. */
export function replyText(reply: SmtpReply): string {
  return `${reply.code} ${reply.lines.join(' ').trim()}`.trim();
}

export function isPositive(reply: SmtpReply): boolean {
  return reply.code >= 200 && reply.code < 400;
}

/** What a server says it supports in its EHLO reply (RFC 5321 §4.1.1.1: the lines after the first). */
export interface SmtpExtensions {
  /** Every keyword, upper-cased, with its parameters. */
  keywords: Record<string, string[]>;
  starttls: boolean;
  /** AUTH mechanisms offered, upper-cased; empty when AUTH is not offered. */
  auth: string[];
  /** The SIZE limit in bytes; 0 means "no fixed limit"; undefined when SIZE is not offered. */
  size?: number;
  pipelining: boolean;
  eightBitMime: boolean;
  smtpUtf8: boolean;
}

export function parseExtensions(reply: SmtpReply | undefined): SmtpExtensions {
  const keywords: Record<string, string[]> = {};
  for (const line of reply?.lines.slice(1) ?? []) {
    const [keyword, ...params] = line.trim().split(/\s+/);
    if (keyword) keywords[keyword.toUpperCase()] = params;
  }
  // Some old servers announce AUTH=LOGIN PLAIN as well as (or instead of) AUTH LOGIN PLAIN.
  const auth = new Set([...(keywords.AUTH ?? []), ...(keywords['AUTH=LOGIN'] ? ['LOGIN', ...keywords['AUTH=LOGIN']] : [])].map((m) => m.toUpperCase()));
  const size = keywords.SIZE ? Number(keywords.SIZE[0] ?? 0) : undefined;
  return {
    keywords,
    starttls: 'STARTTLS' in keywords,
    auth: [...auth],
    size: size === undefined || Number.isNaN(size) ? undefined : size,
    pipelining: 'PIPELINING' in keywords,
    eightBitMime: '8BITMIME' in keywords,
    smtpUtf8: 'SMTPUTF8' in keywords,
  };
}
