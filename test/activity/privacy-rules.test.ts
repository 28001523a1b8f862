import { describe, expect, it } from 'vitest';
import { compilePattern } from '../../src/core/pattern.js';
import { compileRedactionRules, patternProblem } from '../../src/privacy/agent-redaction.js';
import { consentDecision, paramIsOn } from '../../src/privacy/tracking-consent.js';
import { keyedHash53, oldestKeptSaltDay, optOutId, saltExpired, utcDay, visitorHash, DAY_MS } from '../../src/privacy/visitor-hasher.js';
import { isAssetPath, isPageView, referrerHost, requestTarget } from '../../src/activity/sites/page-view-rules.js';
import { keptUrl } from '../../src/activity/url-host.js';
import { buildEvent, normalizeAwEvent } from '../../src/activity/agents/agent-event.js';
import { genericEvent } from '../../src/activity/agents/event-file-reader.js';

const salt = Buffer.alloc(32, 1);
const other = Buffer.alloc(32, 2);

describe('visitor hashes', () => {
  it('are keyed by site, IP and User-Agent, and change with the salt', () => {
    const a = visitorHash(salt, 'blog', '203.0.113.7', 'UA');
    expect(a).toBe(visitorHash(salt, 'blog', '203.0.113.7', 'UA'));
    expect(Number.isSafeInteger(a) && a >= 0).toBe(true);
    expect(visitorHash(salt, 'shop', '203.0.113.7', 'UA')).not.toBe(a);
    expect(visitorHash(salt, 'blog', '203.0.113.8', 'UA')).not.toBe(a);
    expect(visitorHash(salt, 'blog', '203.0.113.7', 'UA2')).not.toBe(a);
    expect(visitorHash(other, 'blog', '203.0.113.7', 'UA')).not.toBe(a);
    expect(optOutId(other, 'blog', '203.0.113.7', 'UA')).toBe(keyedHash53(other, 'blog|203.0.113.7|UA'));
  });
  it('salts are dropped 48 h after their day starts: today and yesterday are kept', () => {
    const now = Date.UTC(2024, 4, 10, 9, 0);
    const today = utcDay(now);
    expect(saltExpired(today, now)).toBe(false);
    expect(saltExpired(today - 1, now)).toBe(false);
    expect(saltExpired(today - 2, now)).toBe(true);
    expect(oldestKeptSaltDay(now)).toBe(today - 1);
    // Exactly 48 h after yesterday started, yesterday's salt goes too.
    expect(saltExpired(today - 1, (today + 1) * DAY_MS)).toBe(true);
  });
});

describe('consent', () => {
  const base = { dnt: false, honorDoNotTrack: true, signal: undefined, optedOut: false } as const;
  it('tracks by default and honours DNT when asked to', () => {
    expect(consentDecision(base)).toEqual({ track: true, optedOut: false });
    expect(consentDecision({ ...base, dnt: true })).toMatchObject({ track: false, skipped: 'dnt' });
    expect(consentDecision({ ...base, dnt: true, honorDoNotTrack: false })).toMatchObject({ track: true });
  });
  it('an opt-out stops tracking until an opt-in; neither request carrying the opt-out is kept', () => {
    const out = consentDecision({ ...base, signal: 'opt-out' });
    expect(out).toEqual({ track: false, optedOut: true, skipped: 'opt-out' });
    expect(consentDecision({ ...base, optedOut: true })).toEqual({ track: false, optedOut: true, skipped: 'opted-out' });
    expect(consentDecision({ ...base, optedOut: true, signal: 'opt-in' })).toEqual({ track: true, optedOut: false });
  });
  it('reads the parameter value', () => {
    expect(['', '1', 'yes', 'true'].map(paramIsOn)).toEqual([true, true, true, true]);
    expect(['0', 'false', 'OFF', 'no'].map(paramIsOn)).toEqual([false, false, false, false]);
  });
});

describe('what of a request is kept', () => {
  const rules = { keepQuery: false, optOutParam: 'trackz-opt-out', optInParam: 'trackz-opt-in' } as const;
  it('drops the query (and the fragment) unless told to keep parameters', () => {
    expect(requestTarget('/search?q=secret&email=a@b.c#top', rules)).toEqual({ path: '/search', consent: undefined });
    expect(requestTarget('/search?q=x&utm_source=hn&token=1', { ...rules, keepQuery: ['utm_source'] })).toEqual({ path: '/search?utm_source=hn', consent: undefined });
    expect(requestTarget('/a?b=1', { ...rules, keepQuery: true })!.path).toBe('/a?b=1');
    expect(requestTarget('http://proxy.example/x/y?z', rules)!.path).toBe('/x/y');
    expect(requestTarget('*', rules)).toBeUndefined();
    expect(requestTarget('\\x16\\x03', rules)).toBeUndefined();
  });
  it('notices the consent parameters and never keeps them', () => {
    expect(requestTarget('/?trackz-opt-out', { ...rules, keepQuery: true })).toEqual({ path: '/', consent: 'opt-out' });
    expect(requestTarget('/page?x=1&trackz-opt-out=1', { ...rules, keepQuery: true })).toEqual({ path: '/page?x=1', consent: 'opt-out' });
    expect(requestTarget('/page?trackz-opt-in=true', rules)).toEqual({ path: '/page', consent: 'opt-in' });
    expect(requestTarget('/page?trackz-opt-out=0', rules)!.consent).toBeUndefined();
  });
  it('keeps only the referrer host', () => {
    expect(referrerHost('https://www.Google.com/search?q=my+name')).toBe('google.com');
    expect(referrerHost('https://user:pass@news.example.org:8443/item?id=1')).toBe('news.example.org');
    expect(referrerHost('-')).toBe('');
    expect(referrerHost('android-app://com.google.android.gm/')).toBe('com.google.android.gm');
  });
  it('tells pages from assets', () => {
    expect(isAssetPath('/static/app.css')).toBe(true);
    expect(isAssetPath('/img/logo.PNG')).toBe(true);
    expect(isAssetPath('/blog/v1.2/post')).toBe(false);
    expect(isPageView('GET', '/about', 200)).toBe(true);
    expect(isPageView('GET', '/about', 404)).toBe(false);
    expect(isPageView('POST', '/about', 200)).toBe(false);
    expect(isPageView('GET', '/app.js', 200)).toBe(false);
  });
});

describe('agent rules', () => {
  it('(?i) means case-insensitive; invalid patterns are refused', () => {
    expect(compilePattern('(?i)bank').test('My BANK')).toBe(true);
    expect(patternProblem('(unclosed')).toBeTypeOf('string');
    expect(patternProblem('ok')).toBeUndefined();
  });
  it('redact, mask, remove and drop, in order', () => {
    const redact = compileRedactionRules([
      { field: 'title', pattern: '(?i)password' },
      { field: ['title', 'url'], pattern: '\\d{16}', action: 'mask', replacement: '####' },
      { field: 'app', pattern: '^KeePass', action: 'drop' },
      { field: 'url', pattern: 'intranet', action: 'remove' },
    ]);
    expect(redact({ app: 'Firefox', title: 'Reset your Password - Bank' })).toEqual({ app: 'Firefox', title: '[redacted]' });
    expect(redact({ title: 'Card 4111111111111111 ok', url: 'https://pay.example/4111111111111111' })).toEqual({ title: 'Card #### ok', url: 'https://pay.example/####' });
    expect(redact({ app: 'KeePassXC', title: 'db' })).toBeUndefined();
    expect(redact({ url: 'https://intranet.corp/x' })).toEqual({ url: undefined });
  });
  it('events keep only known fields; incognito is dropped; queries go', () => {
    const rules = { redact: compileRedactionRules([]), keepQuery: false };
    const window = normalizeAwEvent('currentwindow', { timestamp: '2024-01-01T10:00:00.000000+00:00', duration: 12.5, data: { app: 'code', title: 'x.ts', keys: 'hunter2', form: { password: 'x' } } }, rules);
    expect(window).toEqual({ start: Date.UTC(2024, 0, 1, 10), end: Date.UTC(2024, 0, 1, 10) + 12_500, app: 'code', title: 'x.ts' });
    expect(normalizeAwEvent('web.tab.current', { timestamp: '2024-01-01T10:00:00Z', duration: 1, data: { url: 'https://x.org/', incognito: true } }, rules)).toBe('incognito');
    expect(normalizeAwEvent('web.tab.current', { timestamp: '2024-01-01T10:00:00Z', duration: 1, data: { url: 'https://u:p@www.Docs.example.com/a?token=1#f', title: 't' } }, rules)).toMatchObject({ url: 'https://www.Docs.example.com/a', domain: 'docs.example.com' });
    expect(normalizeAwEvent('afkstatus', { timestamp: '2024-01-01T10:00:00Z', duration: 60, data: { status: 'afk' } }, rules)).toMatchObject({ status: 'afk' });
    expect(normalizeAwEvent('afkstatus', { timestamp: 'nope', duration: 60, data: { status: 'afk' } }, rules)).toBe('malformed');
    expect(buildEvent('currentwindow', 0, 1, { app: 'a', url: 'https://a.example/?q=1' }, { ...rules, keepQuery: true })).toMatchObject({ url: 'https://a.example/?q=1' });
    expect(keptUrl('https://user:secret@host.example/p?q#f', false)).toBe('https://host.example/p');
  });
  it('reads the generic event format', () => {
    const rules = { redact: compileRedactionRules([]), keepQuery: false };
    expect(genericEvent({ timestamp: '2024-02-01T08:00:00Z', duration: '90', device: 'pc-1', app: 'Excel', title: 'Q1.xlsx' }, rules)).toMatchObject({
      bucket: { name: 'trackz-events-window_pc-1', type: 'currentwindow', device: 'pc-1' },
      event: { start: Date.UTC(2024, 1, 1, 8), end: Date.UTC(2024, 1, 1, 8, 1, 30), app: 'Excel' },
    });
    expect(genericEvent({ timestamp: 1706774400, duration: 60, device: 'pc-1', afk: 'true' }, rules)).toMatchObject({ bucket: { type: 'afkstatus' }, event: { status: 'afk', start: 1706774400000 } });
    expect(genericEvent({ timestamp: '2024-02-01T08:00:00Z', device: '' }, rules)).toEqual({ skip: 'malformed', reason: 'device missing' });
    expect(genericEvent({ timestamp: 'soon', device: 'x' }, rules)).toEqual({ skip: 'malformed', reason: 'timestamp missing or not understood' });
  });
});
