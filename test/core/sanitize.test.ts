/** The one sanitiser for text from a target, and the URL userinfo redaction (pure functions). */
import { describe, expect, it } from 'vitest';
import { cleanText, cutText, mapStrings, oneLine, quoteShort, redactUrlUserinfo } from '../../src/core/sanitize.js';

const ESC = '\x1b';

describe('oneLine', () => {
  it.each([
    ['colour', `${ESC}[31mCRITICAL${ESC}[0m disk full`, 'CRITICAL disk full'],
    ['256-colour and bold', `${ESC}[1;38;5;196mred${ESC}[m`, 'red'],
    ['OSC window title ended by BEL', `${ESC}]0;pwned${ESC}\\${ESC}]2;again\x07OK`, 'OK'],
    ['OSC 8 hyperlink', `${ESC}]8;;https://evil.example/${ESC}\\click${ESC}]8;;${ESC}\\`, 'click'],
    ['clear screen and cursor home', `${ESC}[2J${ESC}[Hall good`, 'all good'],
    ['8-bit CSI', '\x9b31mred\x9b0m', 'red'],
    ['an unterminated OSC runs to the end', `fine ${ESC}]0;title without end`, 'fine'],
    ['a lone ESC', `a${ESC}b`, 'a'],
    ['BEL and NUL are shown, not rung', 'ding\x07 nul\x00', 'ding\\x07 nul\\x00'],
    ['a carriage return cannot overwrite what came before', 'CRITICAL\rOK      ', 'CRITICAL OK'],
    ['newlines of every kind become one space', 'line one\r\nline two\n\nline three\u2028four', 'line one line two line three four'],
    ['bidi overrides are shown', 'file\u202egnp.exe', 'file\\u202egnp.exe'],
    ['DEL and C1 controls', 'a\x7fb\x85c\x90d', 'a\\x7fb c\\x90d'],
    ['tabs', 'a\tb', 'a b'],
  ])('%s', (_what, input, expected) => {
    expect(oneLine(input)).toBe(expected);
  });

  it('leaves ordinary text, Unicode included, exactly as it was', () => {
    for (const text of ['connection refused by 127.0.0.1:443', 'Größe: 5 MB — ✔ 日本語', '']) expect(oneLine(text)).toBe(text);
  });

  it('cuts long text at a word boundary, with …', () => {
    const text = `${'word '.repeat(100)}end`;
    const cut = oneLine(text, 50);
    expect(cut.length).toBeLessThanOrEqual(50);
    expect(cut.endsWith('word…')).toBe(true);
    expect(oneLine('x'.repeat(500), 20)).toBe(`${'x'.repeat(19)}…`);
  });

  it('is linear: a megabyte of escape-like bytes is cleaned quickly', () => {
    const hostile = `${ESC}]`.repeat(250_000) + `${ESC}[`.repeat(250_000) + '\x9b'.repeat(100_000);
    const started = performance.now();
    oneLine(hostile);
    cleanText(hostile);
    // Generous: a backtracking expression would take minutes here.
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe('cleanText', () => {
  it('keeps lines and tabs, drops escape sequences, shows other controls', () => {
    expect(cleanText(`one\r\ntwo\tthree\n${ESC}[31mfour${ESC}[0m\x07`)).toBe('one\ntwo\tthree\nfour\\x07');
  });
});

describe('quoteShort and cutText', () => {
  it('quotes a body on one line and cuts it short', () => {
    expect(quoteShort(`<html>\n<title>${'x'.repeat(200)}</title>`)).toMatch(/^"<html> <title>x+…"$/);
    expect(JSON.parse(quoteShort('a'.repeat(100))).length).toBe(60);
    expect(cutText('short', 10)).toBe('short');
  });
});

describe('redactUrlUserinfo', () => {
  it.each([
    ['http://user:pass@host/', 'http://***@host/'],
    ['see https://admin:s3cr%40t@example.com:8443/x?y=1 and more', 'see https://***@example.com:8443/x?y=1 and more'],
    ['ftp://only-user@files.example.com', 'ftp://***@files.example.com'],
    ['two: http://a:b@one/ http://c:d@two/', 'two: http://***@one/ http://***@two/'],
    ['{"url":"https://u:p@h/"}', '{"url":"https://***@h/"}'],
  ])('%s', (input, expected) => {
    expect(redactUrlUserinfo(input)).toBe(expected);
  });

  it('leaves URLs without userinfo, and e-mail addresses in paths or queries, alone', () => {
    for (const text of ['https://example.com/a@b', 'mailto:ops@example.com', 'https://example.com/?to=ops@example.com', 'no url here @ all', 'x://']) {
      expect(redactUrlUserinfo(text)).toBe(text);
    }
  });

  it('is one pass over a large document', () => {
    const report = `${'"https://example.com/asset.js",'.repeat(50_000)}"https://user:pw@example.com/"`;
    const started = performance.now();
    expect(redactUrlUserinfo(report).endsWith('"https://***@example.com/"')).toBe(true);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe('mapStrings', () => {
  it('cleans every string in a document, keys included, and returns the same object when nothing changed', () => {
    const clean = { a: 'fine', list: ['ok', 1, null, { b: true }] };
    expect(mapStrings(clean, oneLine)).toBe(clean);
    expect(mapStrings({ [`k${ESC}[1m`]: [`v${ESC}[0m`, 2] }, oneLine)).toEqual({ k: ['v', 2] });
  });
});
