/**
 * Custom access-log formats, written as a format string in the spirit of GoAccess's log-format:
 * `%h %^[%x] "%r" %s %b "%R" "%u" "%{dnt}"`. Each field reads up to the literal character that
 * follows it, so the format compiles to one regular expression, built once per import.
 *
 * Fields: %h client address · %x timestamp (CLF, ISO 8601 or epoch seconds) · %d date, %t time and
 * %z zone, for logs that write them apart · %r request line · %m method · %U path and query ·
 * %H protocol · %s status · %b bytes · %R referrer · %u User-Agent · %v virtual host · %^ ignored ·
 * %% a literal %. Named forms: %{ip} %{time} %{date} %{clock} %{zone} %{request} %{method} %{path}
 * %{protocol} %{status} %{bytes} %{referrer} %{ua} %{vhost} %{skip}, and two with no letter:
 * %{dnt} (the DNT request header) and %{country} (a country code logged by a GeoIP module or CDN).
 */
import { dntValue, field, parseBytes, parseStatus, splitRequestLine, type AccessLogParse, type AccessLogParser } from './access-log-record.js';
import { cachedTimestampParser, parseAnyTimestamp, parseDateTimeParts } from './log-timestamp.js';

type FieldName = 'ip' | 'time' | 'date' | 'clock' | 'zone' | 'request' | 'method' | 'path' | 'protocol' | 'status' | 'bytes' | 'referrer' | 'ua' | 'vhost' | 'skip' | 'dnt' | 'country';

const LETTERS: Record<string, FieldName> = {
  h: 'ip',
  x: 'time',
  d: 'date',
  t: 'clock',
  z: 'zone',
  r: 'request',
  m: 'method',
  U: 'path',
  H: 'protocol',
  s: 'status',
  b: 'bytes',
  R: 'referrer',
  u: 'ua',
  v: 'vhost',
  '^': 'skip',
};
const NAMES = new Set<FieldName>([...Object.values(LETTERS), 'dnt', 'country']);
const ALIASES: Record<string, FieldName> = { user_agent: 'ua', 'user-agent': 'ua', useragent: 'ua', host: 'vhost', ignore: 'skip', timestamp: 'time', referer: 'referrer' };

type Token = { literal: string } | { field: FieldName; spec: string };

export class LogFormatError extends Error {}

function tokenize(format: string): Token[] {
  const tokens: Token[] = [];
  let literal = '';
  for (let i = 0; i < format.length; i++) {
    const char = format[i]!;
    if (char !== '%') {
      literal += char;
      continue;
    }
    const next = format[i + 1];
    if (next === undefined) throw new LogFormatError('the format ends with a lone %');
    if (next === '%') {
      literal += '%';
      i++;
      continue;
    }
    let name: FieldName | undefined;
    let spec: string;
    if (next === '{') {
      const close = format.indexOf('}', i + 2);
      if (close < 0) throw new LogFormatError(`%{ at column ${i + 1} has no closing }`);
      const raw = format.slice(i + 2, close).trim().toLowerCase();
      name = NAMES.has(raw as FieldName) ? (raw as FieldName) : ALIASES[raw];
      spec = format.slice(i, close + 1);
      if (!name) throw new LogFormatError(`unknown field ${spec}; known: ${[...NAMES].map((n) => `%{${n}}`).join(' ')}`);
      i = close;
    } else {
      name = LETTERS[next];
      spec = `%${next}`;
      if (!name) throw new LogFormatError(`unknown field %${next}; known: ${Object.keys(LETTERS).map((l) => `%${l}`).join(' ')} %{dnt} %{country}`);
      i++;
    }
    if (literal) tokens.push({ literal });
    literal = '';
    tokens.push({ field: name, spec });
  }
  if (literal) tokens.push({ literal });
  return tokens;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export interface CompiledLogFormat {
  regex: RegExp;
  /** Capture group index of each field that is read. */
  groups: Partial<Record<FieldName, number>>;
}

/** Compiles a format string; throws LogFormatError with a reason a person can act on. */
export function compileLogFormat(format: string): CompiledLogFormat {
  const tokens = tokenize(format);
  let source = '^';
  const groups: Partial<Record<FieldName, number>> = {};
  let group = 0;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if ('literal' in token) {
      source += escapeRegExp(token.literal);
      continue;
    }
    const next = tokens[i + 1];
    if (next && 'field' in next) throw new LogFormatError(`${token.spec} and ${next.spec} need a separator between them (a space, a quote…)`);
    const stop = next ? escapeRegExp((next as { literal: string }).literal[0]!) : '';
    const body = stop ? `[^${stop}]*` : '.*';
    if (token.field === 'skip') {
      source += body;
      continue;
    }
    if (groups[token.field] !== undefined) throw new LogFormatError(`${token.spec} appears twice`);
    groups[token.field] = ++group;
    source += `(${body})`;
  }
  const has = (name: FieldName) => groups[name] !== undefined;
  if (!has('ip')) throw new LogFormatError('the format needs the client address (%h)');
  if (!has('time') && !(has('date') && has('clock'))) throw new LogFormatError('the format needs a timestamp (%x, or %d and %t)');
  if (!has('request') && !has('path')) throw new LogFormatError('the format needs the request (%r) or its path (%U)');
  if (!has('status')) throw new LogFormatError('the format needs the status (%s)');
  return { regex: new RegExp(source), groups };
}

/** The reason a format string is refused, or undefined when it compiles. */
export function logFormatProblem(format: string): string | undefined {
  try {
    compileLogFormat(format);
    return undefined;
  } catch (error) {
    if (error instanceof LogFormatError) return error.message;
    throw error;
  }
}

export function customLogParser(format: string): AccessLogParser {
  const { regex, groups: g } = compileLogFormat(format);
  const parseTime = cachedTimestampParser(parseAnyTimestamp);
  const at = (match: RegExpExecArray, name: FieldName) => (g[name] === undefined ? '' : match[g[name]!]!);

  function parse(line: string): AccessLogParse {
    const match = regex.exec(line);
    if (!match) return 'does not match the log format';
    const ts = g.time !== undefined ? parseTime(match[g.time]!) : parseDateTimeParts(at(match, 'date'), at(match, 'clock'), at(match, 'zone'));
    if (Number.isNaN(ts)) return 'timestamp not understood';
    const status = parseStatus(at(match, 'status'));
    if (Number.isNaN(status)) return 'status is not a number from 100 to 599';
    const bytes = parseBytes(at(match, 'bytes'));
    if (Number.isNaN(bytes)) return 'byte count is not a number';
    let method = at(match, 'method');
    let target = at(match, 'path');
    if (g.request !== undefined) {
      const request = splitRequestLine(match[g.request]!);
      method = request?.method ?? '';
      target = request?.target ?? '';
    }
    const ip = at(match, 'ip');
    if (ip === '' || ip === '-') return 'no client address';
    return {
      ip,
      ts,
      method,
      target: field(target),
      status,
      bytes,
      referrer: field(at(match, 'referrer')),
      userAgent: field(at(match, 'ua')),
      dnt: dntValue(at(match, 'dnt')),
      vhost: field(at(match, 'vhost')).replace(/:\d+$/, ''),
      country: field(at(match, 'country')).toUpperCase(),
    };
  }

  return { parse, carriesDnt: g.dnt !== undefined };
}
