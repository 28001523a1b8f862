/** The SMTP check's pure parts: reply parsing, EHLO extensions, and the decisions taken on them. */
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { smtpOptions, tlsPlan, isResolverAddress } from '../../plugins/smtp/options.js';
import { parseExtensions, takeReplies, SmtpProtocolError } from '../../plugins/smtp/reply.js';
import { bannerProblem, chooseAuthMechanism, plainCredentials, starttlsDecision } from '../../plugins/smtp/rules.js';
import { mailHostsFrom } from '../../plugins/smtp/mx.js';

describe('takeReplies', () => {
  it('returns complete replies, multi-line ones whole, and keeps a partial one for later', () => {
    const { replies, rest } = takeReplies('220 mx ESMTP ready\r\n250-mx hello\r\n250-PIPELINING\r\n250 SIZE 1000\r\n250-part');
    expect(replies).toEqual([
      { code: 220, lines: ['mx ESMTP ready'] },
      { code: 250, lines: ['mx hello', 'PIPELINING', 'SIZE 1000'] },
    ]);
    expect(rest).toBe('250-part');
  });

  it('accepts bare LF line ends and a code with no text', () => {
    expect(takeReplies('250\n').replies).toEqual([{ code: 250, lines: [''] }]);
  });

  it('names what a non-SMTP peer sent', () => {
    expect(() => takeReplies('SSH-2.0-OpenSSH_9.2\r\n')).toThrow(new SmtpProtocolError('the server does not speak SMTP: it sent "SSH-2.0-OpenSSH_9.2"'));
  });

  it('refuses a reply whose lines change code', () => {
    expect(() => takeReplies('250-a\r\n550 b\r\n')).toThrow(/a 250 reply continued with 550/);
  });

  it('refuses a reply that never ends once it is too large', () => {
    expect(() => takeReplies(`250-${'x'.repeat(70_000)}\r\n`.repeat(2))).toThrow(/longer than 64 KiB/);
  });
});

describe('parseExtensions', () => {
  it('records STARTTLS, AUTH mechanisms, SIZE, PIPELINING, 8BITMIME and SMTPUTF8', () => {
    const ext = parseExtensions({ code: 250, lines: ['mx greets you', 'PIPELINING', '8BITMIME', 'SMTPUTF8', 'auth PLAIN login', 'SIZE 10485760', 'STARTTLS'] });
    expect(ext).toMatchObject({ starttls: true, auth: ['PLAIN', 'LOGIN'], size: 10485760, pipelining: true, eightBitMime: true, smtpUtf8: true });
    expect(Object.keys(ext.keywords)).toEqual(['PIPELINING', '8BITMIME', 'SMTPUTF8', 'AUTH', 'SIZE', 'STARTTLS']);
  });

  it('reads the old AUTH=LOGIN form and a server that offers nothing', () => {
    expect(parseExtensions({ code: 250, lines: ['hi', 'AUTH=LOGIN PLAIN'] }).auth).toEqual(['LOGIN', 'PLAIN']);
    expect(parseExtensions({ code: 250, lines: ['hi'] })).toMatchObject({ starttls: false, auth: [], size: undefined, pipelining: false });
  });
});

describe('decisions', () => {
  it('reads a greeting', () => {
    expect(bannerProblem({ code: 220, lines: ['mx ESMTP'] })).toBeUndefined();
    expect(bannerProblem({ code: 554, lines: ['5.7.1 no thanks'] })).toBe('the server refuses the session: 554 5.7.1 no thanks');
    expect(bannerProblem({ code: 421, lines: ['too busy'] })).toBe('the server is refusing sessions for now: 421 too busy');
  });

  it('upgrades when STARTTLS is offered, and fails only when it is required', () => {
    const without = parseExtensions({ code: 250, lines: ['hi', 'PIPELINING'] });
    const withTls = parseExtensions({ code: 250, lines: ['hi', 'STARTTLS'] });
    expect(starttlsDecision('required', withTls)).toEqual({ action: 'upgrade' });
    expect(starttlsDecision('optional', withTls)).toEqual({ action: 'upgrade' });
    expect(starttlsDecision('required', without)).toEqual({ action: 'fail', reason: 'STARTTLS is required but the server does not offer it (EHLO lists PIPELINING)' });
    expect(starttlsDecision('optional', without)).toMatchObject({ action: 'skip' });
    expect(starttlsDecision('never', withTls)).toMatchObject({ action: 'skip' });
  });

  it('prefers PLAIN, honours an asked mechanism, and says why none fits', () => {
    expect(chooseAuthMechanism(['LOGIN', 'PLAIN'], undefined, true)).toEqual({ mechanism: 'PLAIN' });
    expect(chooseAuthMechanism(['LOGIN', 'PLAIN'], 'LOGIN', true)).toEqual({ mechanism: 'LOGIN' });
    expect(chooseAuthMechanism(['CRAM-MD5'], undefined, true)).toEqual({ problem: 'the server offers AUTH CRAM-MD5; trackz can test PLAIN and LOGIN' });
    expect(chooseAuthMechanism([], undefined, false)).toEqual({ problem: 'the server does not offer AUTH without TLS (servers usually offer it only after STARTTLS)' });
    expect(chooseAuthMechanism(['PLAIN'], 'LOGIN', true)).toEqual({ problem: 'AUTH LOGIN is not offered (the server offers PLAIN)' });
  });

  it('encodes AUTH PLAIN as RFC 4616 says', () => {
    expect(Buffer.from(plainCredentials('ann', 'pw'), 'base64').toString()).toBe('\0ann\0pw');
  });

  it('orders MX hosts by preference and knows the implicit and the null MX', () => {
    expect(mailHostsFrom([{ exchange: 'b.example', priority: 20 }, { exchange: 'a.example', priority: 10 }], 'example')).toEqual({
      kind: 'mx',
      hosts: [
        { name: 'a.example', preference: 10 },
        { name: 'b.example', preference: 20 },
      ],
    });
    expect(mailHostsFrom([], 'example.org')).toEqual({ kind: 'implicit', hosts: [{ name: 'example.org', preference: 0 }] });
    expect(mailHostsFrom([{ exchange: '', priority: 0 }], 'example.org')).toEqual({ kind: 'null-mx' });
  });
});

describe('options', () => {
  it('defaults TLS by port: SMTPS on 465, STARTTLS required on 587, optional elsewhere', () => {
    const plan = (fields: Record<string, unknown>) => tlsPlan(v.parse(smtpOptions, { host: 'mx.example', ...fields }));
    expect(plan({ port: 465 })).toEqual({ implicitTls: true, starttls: 'never' });
    expect(plan({ port: 587 })).toEqual({ implicitTls: false, starttls: 'required' });
    expect(plan({})).toEqual({ implicitTls: false, starttls: 'optional' });
    expect(plan({ port: 2525, starttls: 'required' })).toEqual({ implicitTls: false, starttls: 'required' });
  });

  it('wants exactly one of host and domain, and a resolver it can use', () => {
    const issues = (fields: Record<string, unknown>) => v.safeParse(smtpOptions, fields).issues?.map((i) => i.message);
    expect(issues({})).toEqual(['expected either `host:` (one server) or `domain:` (every MX host of a mail domain), not both or neither']);
    expect(issues({ host: 'a.example', domain: 'example' })).toHaveLength(1);
    expect(issues({ domain: 'example', resolver: 'dns.example' })?.[0]).toMatch(/expected a DNS server address/);
    expect(['127.0.0.1', '127.0.0.1:5353', '::1', '[::1]:53'].every(isResolverAddress)).toBe(true);
    expect(['127.0.0.1:0', 'localhost:53', '1.2.3.4:99999'].some(isResolverAddress)).toBe(false);
  });
});
