/** Where results are made: the one place that cleans text, redacts credentials and rounds numbers. */
import { afterEach, describe, expect, it } from 'vitest';
import { clearSecrets, registerSecret } from '../../src/privacy/redactor.js';
import { normalizeResult } from '../../src/runtime/normalize-result.js';

const ESC = '\x1b';
afterEach(() => clearSecrets());

describe('normalizeResult', () => {
  it('makes every message one clean line, assertion names and texts included, and cuts a transcript short', () => {
    const result = normalizeResult({
      status: 'down',
      message: `${ESC}[31mFAILED${ESC}[0m\nTraceback (most recent call last):\n${'  frame\n'.repeat(500)}`,
      metrics: {},
      assertions: [{ name: `mx1.example.com${ESC}]0;x\x07/banner`, status: 'down', message: 'line one\r\nline two\x07', actual: `v${ESC}[1m`, expected: 3 }],
    });
    expect(result.message.startsWith('FAILED Traceback (most recent call last): frame frame')).toBe(true);
    expect(result.message.length).toBeLessThanOrEqual(300);
    expect(result.message.endsWith('…')).toBe(true);
    expect(result.assertions).toEqual([{ name: 'mx1.example.com/banner', status: 'down', message: 'line one line two\\x07', actual: 'v', expected: 3 }]);
  });

  it('cleans every string in the details, keeping the lines of long text, and metric names', () => {
    const result = normalizeResult({
      status: 'up',
      message: 'ok',
      metrics: { [`bad${ESC}[1m name`]: 1 },
      details: { longText: [`first${ESC}[2K`, 'second\x07'], nested: { banner: `220 mail${ESC}]2;title\x07 ready\r\nmore` }, n: 5, flag: true, none: null },
    });
    expect(result.metrics).toEqual({ 'bad name': 1 });
    expect(result.details).toEqual({ longText: ['first', 'second\\x07'], nested: { banner: '220 mail ready\nmore' }, n: 5, flag: true, none: null });
  });

  it('redacts URL userinfo and registered secrets everywhere, artifacts included', () => {
    registerSecret('s3cret-value-9');
    const result = normalizeResult({
      status: 'down',
      message: 'redirected to https://admin:pw@intranet.example/ with token s3cret-value-9',
      metrics: {},
      details: { url: 'http://user:pass@host/', echoed: 'Authorization: s3cret-value-9' },
      artifacts: { report: JSON.stringify({ requestedUrl: 'https://u:p@example.com/', note: 's3cret-value-9' }) },
    });
    expect(result.message).toBe('redirected to https://***@intranet.example/ with token ***');
    expect(result.details).toEqual({ url: 'http://***@host/', echoed: 'Authorization: ***' });
    expect(JSON.parse(result.artifacts!.report!)).toEqual({ requestedUrl: 'https://***@example.com/', note: '***' });
  });

  it('rounds durations to 0.1 ms and other numbers to 12 significant digits', () => {
    const result = normalizeResult({
      status: 'up',
      message: 'ok',
      latencyMs: 12.345678901,
      metrics: { t_ms: 0.1 * 1000, ttfb_ms: 3.14159, ratio: 0.1 + 0.2, bytes: 25136463872, cls: 0.012345 },
      assertions: [{ name: 'latency', status: 'up', message: 'fine', actual: 0.1 + 0.2 }],
    });
    expect(result.latencyMs).toBe(12.3);
    expect(result.metrics).toEqual({ t_ms: 100, ttfb_ms: 3.1, ratio: 0.3, bytes: 25136463872, cls: 0.012345 });
    expect(result.assertions?.[0]?.actual).toBe(0.3);
  });
});
