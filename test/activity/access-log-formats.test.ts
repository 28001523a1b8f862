import { describe, expect, it } from 'vitest';
import type { AccessLogRecord } from '../../src/activity/sites/access-log-record.js';
import { accessLogParser } from '../../src/activity/sites/access-log-formats.js';
import { compileLogFormat, LogFormatError, logFormatProblem } from '../../src/activity/sites/custom-log-format.js';
import { parseAnyTimestamp, parseClfTimestamp, parseDateTimeParts, parseIsoTimestamp } from '../../src/activity/sites/log-timestamp.js';

const UA = 'Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0';
const record = (parsed: AccessLogRecord | string) => {
  if (typeof parsed === 'string') throw new Error(`malformed: ${parsed}`);
  return parsed;
};

describe('timestamps', () => {
  it('reads CLF with its zone', () => {
    expect(parseClfTimestamp('10/Oct/2000:13:55:36 -0700')).toBe(Date.UTC(2000, 9, 10, 20, 55, 36));
    expect(parseClfTimestamp('01/Jan/2024:00:00:00 +0100')).toBe(Date.UTC(2023, 11, 31, 23, 0, 0));
  });
  it('reads ISO 8601 with fractions and offsets', () => {
    expect(parseIsoTimestamp('2024-03-01T12:00:00Z')).toBe(Date.UTC(2024, 2, 1, 12));
    expect(parseIsoTimestamp('2024-03-01T12:00:00.250+02:00')).toBe(Date.UTC(2024, 2, 1, 10, 0, 0, 250));
  });
  it('tells the forms apart and refuses what is not a time', () => {
    expect(parseAnyTimestamp('1700000000.5')).toBe(1_700_000_000_500);
    expect(parseAnyTimestamp('10/Oct/2000:13:55:36 +0000')).toBe(Date.UTC(2000, 9, 10, 13, 55, 36));
    expect(parseAnyTimestamp('yesterday')).toBeNaN();
    expect(parseClfTimestamp('10/Foo/2000:13:55:36 +0000')).toBeNaN();
    expect(parseClfTimestamp('10/Oct/2000:25:55:36 +0000')).toBeNaN();
  });
  it('reads a date and a time logged apart', () => {
    expect(parseDateTimeParts('2024-05-06', '07:08:09', '')).toBe(Date.UTC(2024, 4, 6, 7, 8, 9));
    expect(parseDateTimeParts('06/May/2024', '07:08:09', '+0200')).toBe(Date.UTC(2024, 4, 6, 5, 8, 9));
  });
});

describe('combined, common and vhost-combined', () => {
  const combined = accessLogParser('combined');
  it('reads every field of an nginx combined line', () => {
    const r = record(combined.parse(`203.0.113.7 - alice [10/Oct/2000:13:55:36 -0700] "GET /blog/post?id=3 HTTP/1.1" 200 2326 "https://www.example.com/start" "${UA}"`));
    expect(r).toMatchObject({ ip: '203.0.113.7', ts: Date.UTC(2000, 9, 10, 20, 55, 36), method: 'GET', target: '/blog/post?id=3', status: 200, bytes: 2326, referrer: 'https://www.example.com/start', userAgent: UA, dnt: false });
    expect(combined.carriesDnt).toBe(false);
  });
  it('treats - as absent and ignores fields appended after the User-Agent', () => {
    const r = record(combined.parse('::1 - - [10/Oct/2000:13:55:36 +0000] "HEAD / HTTP/1.0" 304 - "-" "-" "extra" 0.002'));
    expect(r).toMatchObject({ ip: '::1', bytes: 0, referrer: '', userAgent: '', method: 'HEAD', target: '/' });
  });
  it('keeps a User-Agent with an escaped quote whole', () => {
    const r = record(combined.parse('10.0.0.1 - - [10/Oct/2000:13:55:36 +0000] "GET / HTTP/1.1" 200 5 "-" "odd \\"agent\\" 1.0"'));
    expect(r.userAgent).toBe('odd \\"agent\\" 1.0');
  });
  it('keeps a line whose request is garbage (a TLS probe) as a request without a target', () => {
    const r = record(combined.parse('10.0.0.1 - - [10/Oct/2000:13:55:36 +0000] "\\x16\\x03\\x01" 400 150 "-" "-"'));
    expect(r.status).toBe(400);
    expect(r.method).toBe('');
  });
  it('says why a line is malformed, without quoting it', () => {
    const reasons = [
      combined.parse('10.0.0.1 - - 10/Oct/2000:13:55:36 +0000 "GET / HTTP/1.1" 200 5 "-" "-"'),
      combined.parse('10.0.0.1 - - [not a time] "GET / HTTP/1.1" 200 5 "-" "-"'),
      combined.parse('10.0.0.1 - - [10/Oct/2000:13:55:36 +0000] "GET / HTTP/1.1" abc 5 "-" "-"'),
      combined.parse('10.0.0.1 - - [10/Oct/2000:13:55:36 +0000] "GET / HTTP/1.1" 200 5'),
      combined.parse(''),
    ];
    expect(reasons).toEqual(['no [timestamp]', 'timestamp not understood', 'status is not a number from 100 to 599', 'no quoted referrer', 'no client address']);
    for (const reason of reasons) expect(reason).not.toContain('10.0.0.1');
  });
  it('reads common (no referrer or User-Agent) and vhost-combined', () => {
    expect(record(accessLogParser('common').parse('10.1.2.3 - - [10/Oct/2000:13:55:36 +0000] "GET /a HTTP/1.1" 404 12'))).toMatchObject({ ip: '10.1.2.3', status: 404, userAgent: '' });
    expect(record(accessLogParser('vhost-combined').parse(`blog.example.com:443 10.1.2.3 - - [10/Oct/2000:13:55:36 +0000] "GET /a HTTP/2.0" 200 1 "-" "${UA}"`))).toMatchObject({
      vhost: 'blog.example.com',
      ip: '10.1.2.3',
      userAgent: UA,
    });
  });
});

describe('Caddy JSON', () => {
  const caddy = accessLogParser('caddy');
  it('reads the request, headers and the DNT header', () => {
    const line = JSON.stringify({
      level: 'info',
      ts: 1646861401.5241024,
      logger: 'http.log.access',
      msg: 'handled request',
      request: { remote_ip: '198.51.100.4', remote_port: '41342', client_ip: '198.51.100.4', proto: 'HTTP/2.0', method: 'GET', host: 'blog.example.com', uri: '/post?x=1', headers: { 'User-Agent': [UA], Referer: ['https://duckduckgo.com/'], Dnt: ['1'], Cookie: ['secret=1'] } },
      size: 10900,
      status: 200,
    });
    expect(record(caddy.parse(line))).toMatchObject({ ip: '198.51.100.4', ts: 1646861401524, target: '/post?x=1', status: 200, bytes: 10900, referrer: 'https://duckduckgo.com/', userAgent: UA, dnt: true, vhost: 'blog.example.com' });
    expect(caddy.carriesDnt).toBe(true);
  });
  it('refuses what is not a Caddy access line', () => {
    expect(caddy.parse('{"level":"info","msg":"started"}')).toBe('no "request" object (not a Caddy access log line)');
    expect(caddy.parse('not json')).toBe('not a JSON object');
  });
});

describe('custom formats', () => {
  it('reads the GoAccess-style example with a DNT field', () => {
    const parser = accessLogParser('%h %^[%x] "%r" %s %b "%R" "%u" "%{dnt}"');
    expect(parser.carriesDnt).toBe(true);
    const r = record(parser.parse(`127.0.0.9 - - [10/Oct/2000:13:55:36 +0000] "GET /x HTTP/1.1" 200 3 "-" "${UA}" "1"`));
    expect(r).toMatchObject({ ip: '127.0.0.9', target: '/x', dnt: true, userAgent: UA });
    expect(record(parser.parse(`127.0.0.9 - - [10/Oct/2000:13:55:36 +0000] "GET /x HTTP/1.1" 200 3 "-" "${UA}" "-"`)).dnt).toBe(false);
  });
  it('reads date and time logged apart, named fields, a country and epoch timestamps', () => {
    const parts = accessLogParser('%d %t %h %m %U %s %b %{country}');
    expect(record(parts.parse('2024-05-06 07:08:09 10.0.0.2 POST /form 303 0 de'))).toMatchObject({ ts: Date.UTC(2024, 4, 6, 7, 8, 9), method: 'POST', target: '/form', country: 'DE' });
    const named = accessLogParser('%{time} %{ip} "%{request}" %{status} %{bytes} "%{ua}"');
    expect(record(named.parse('1700000000.123 10.9.9.9 "GET / HTTP/1.1" 200 10 "curl/8"'))).toMatchObject({ ts: 1_700_000_000_123, ip: '10.9.9.9', userAgent: 'curl/8' });
  });
  it('refuses formats it cannot read, saying why', () => {
    expect(logFormatProblem('%h %x "%r"')).toBe('the format needs the status (%s)');
    expect(logFormatProblem('%h%x "%r" %s')).toBe('%h and %x need a separator between them (a space, a quote…)');
    expect(logFormatProblem('%h %q')).toMatch(/^unknown field %q/);
    expect(logFormatProblem('%h %{nope} %x "%r" %s')).toMatch(/^unknown field %\{nope\}/);
    expect(logFormatProblem('%s "%r" %x')).toBe('the format needs the client address (%h)');
    expect(() => compileLogFormat('%h %x %r %s %')).toThrow(LogFormatError);
    expect(logFormatProblem('%h [%x] "%r" %s %b')).toBeUndefined();
  });
  it('reports a line that does not match', () => {
    expect(accessLogParser('%h [%x] "%r" %s %b').parse('nothing like it')).toBe('does not match the log format');
  });
});
