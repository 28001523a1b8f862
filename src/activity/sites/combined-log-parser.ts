/**
 * The NCSA formats by hand: `common`, `combined` and `vhost-combined` make up most logs, so they get
 * an indexOf-based parser (several times faster than one large regular expression). Fields after the
 * User-Agent (nginx setups often append some) are ignored.
 */
import { bytesBetween, field, statusAt, type AccessLogParse, type AccessLogParser } from './access-log-record.js';
import { parseClfTimestamp } from './log-timestamp.js';

/** The quote that closes a field opened before `from`: followed by a space or the end, not escaped. */
export function closingQuote(line: string, from: number): number {
  let at = line.indexOf('"', from);
  while (at >= 0) {
    const next = line.charCodeAt(at + 1);
    if ((next === 32 || Number.isNaN(next)) && !isEscaped(line, at)) return at;
    at = line.indexOf('"', at + 1);
  }
  return -1;
}

function isEscaped(line: string, at: number): boolean {
  let slashes = 0;
  for (let i = at - 1; i >= 0 && line.charCodeAt(i) === 92; i--) slashes++;
  return slashes % 2 === 1;
}

export type NcsaVariant = 'common' | 'combined' | 'vhost-combined';

export function ncsaParser(variant: NcsaVariant): AccessLogParser {
  // Consecutive lines mostly share their second: compared in place, parsed only when it changes.
  let lastTime = '';
  let lastTs = NaN;
  const withAgent = variant !== 'common';
  const withVhost = variant === 'vhost-combined';

  function parse(line: string): AccessLogParse {
    let start = 0;
    let vhost = '';
    if (withVhost) {
      const space = line.indexOf(' ');
      if (space <= 0) return 'no virtual host';
      const colon = line.lastIndexOf(':', space);
      vhost = line.slice(0, colon > 0 ? colon : space);
      start = space + 1;
    }
    const space = line.indexOf(' ', start);
    if (space <= start) return 'no client address';
    const open = line.indexOf('[', space);
    if (open < 0) return 'no [timestamp]';
    const close = line.indexOf(']', open);
    if (close < 0) return 'no closing ] after the timestamp';
    let ts = lastTs;
    if (close - open - 1 !== lastTime.length || !line.startsWith(lastTime, open + 1)) {
      lastTime = line.slice(open + 1, close);
      ts = lastTs = parseClfTimestamp(lastTime);
    }
    if (Number.isNaN(ts)) return 'timestamp not understood';
    if (line.charCodeAt(close + 1) !== 32 || line.charCodeAt(close + 2) !== 34) return 'no quoted request after the timestamp';
    const requestEnd = closingQuote(line, close + 3);
    if (requestEnd < 0) return 'no closing quote after the request';
    // `METHOD TARGET PROTOCOL`, split in place.
    const methodEnd = line.indexOf(' ', close + 3);
    let method = '';
    let target = '';
    if (methodEnd > close + 3 && methodEnd < requestEnd) {
      const last = line.lastIndexOf(' ', requestEnd);
      const targetEnd = last > methodEnd && line.startsWith('HTTP/', last + 1) ? last : requestEnd;
      if (targetEnd > methodEnd + 1) {
        method = line.slice(close + 3, methodEnd);
        target = line.slice(methodEnd + 1, targetEnd);
      }
    }
    const status = statusAt(line, requestEnd + 2);
    if (Number.isNaN(status) || line.charCodeAt(requestEnd + 5) !== 32) return 'status is not a number from 100 to 599';
    const bytesAt = requestEnd + 6;
    let bytesEnd = line.indexOf(' ', bytesAt);
    if (bytesEnd < 0) bytesEnd = line.length;
    const bytes = bytesBetween(line, bytesAt, bytesEnd);
    if (Number.isNaN(bytes)) return 'byte count is not a number';
    let referrer = '';
    let userAgent = '';
    if (withAgent) {
      if (line.charCodeAt(bytesEnd + 1) !== 34) return 'no quoted referrer';
      const referrerEnd = closingQuote(line, bytesEnd + 2);
      if (referrerEnd < 0) return 'no closing quote after the referrer';
      if (line.charCodeAt(referrerEnd + 2) !== 34) return 'no quoted User-Agent';
      const agentEnd = closingQuote(line, referrerEnd + 3);
      if (agentEnd < 0) return 'no closing quote after the User-Agent';
      referrer = field(line.slice(bytesEnd + 2, referrerEnd));
      userAgent = field(line.slice(referrerEnd + 3, agentEnd));
    }
    return { ip: line.slice(start, space), ts, method, target, status, bytes, referrer, userAgent, dnt: false, vhost, country: '' };
  }

  return { parse, carriesDnt: false };
}
