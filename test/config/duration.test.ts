/** Durations and sizes as written in the config, and how trackz prints them back. */
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { duration, size } from '../../src/config/schema/fields.js';
import { formatDuration, parseDuration, parseSize } from '../../src/core/duration.js';

describe('parseDuration', () => {
  it.each([
    ['500ms', 500],
    ['90s', 90_000],
    ['1.5s', 1500],
    ['5m', 300_000],
    ['1h30m', 5_400_000],
    ['1h 30m', 5_400_000],
    [' 2h ', 7_200_000],
    ['1d12h', 129_600_000],
    ['7d', 604_800_000],
    ['2w', 1_209_600_000],
    ['1m30s250ms', 90_250],
    ['0s', 0],
  ])('%s is %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  // A bare number could mean ms or s: a monitoring config must not guess.
  it.each(['5', '800', '10 seconds', '1h30', '3mo', '1H', 'ms', '', 'fast', '-5s', '1.5.3s', '1y'])('refuses %j', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
});

describe('the duration field', () => {
  const field = duration('test');

  it('gives milliseconds for what it accepts, exactly what parseDuration gives', () => {
    for (const text of ['500ms', '90s', '1h30m', '1h 30m', '7d', '0.5s']) {
      expect(v.parse(field, text)).toBe(parseDuration(text));
    }
  });

  it('refuses everything parseDuration refuses, and numbers with the "add a unit" wording', () => {
    for (const text of ['5', '10 seconds', '1h30', '3mo', '']) {
      const result = v.safeParse(field, text);
      expect(result.success, text).toBe(false);
      expect(result.issues?.[0]?.message).toBe('expected a duration such as 500ms, 90s, 1h30m or 7d');
    }
    expect(v.safeParse(field, 30).issues?.[0]?.message).toBe('expected a duration such as 500ms, 90s, 1h30m or 7d (add a unit, e.g. 30s or 30ms)');
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0ms'],
    [950, '950ms'],
    [1000, '1s'],
    [1500, '1.5s'],
    [12_300, '12.3s'],
    [60_000, '1m'],
    [245_000, '4m05s'],
    [3_600_000, '1h'],
    [7_800_000, '2h10m'],
    [86_400_000, '1d'],
    [273_600_000, '3d4h'],
    // The unit is chosen after rounding: never "1000ms" or "60s".
    [999.4, '999ms'],
    [999.6, '1s'],
    [9_996, '10s'],
    [59_960, '1m'],
    [59_940, '59.9s'],
  ])('%d ms is %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('prints what parseDuration reads back to the same value', () => {
    for (const ms of [950, 1500, 12_300, 245_000, 7_800_000, 273_600_000]) expect(parseDuration(formatDuration(ms))).toBe(ms);
  });

  it('does not pretend a non-finite value is a duration', () => {
    expect(formatDuration(Number.NaN)).toBe('NaN');
    expect(formatDuration(Number.POSITIVE_INFINITY)).toBe('Infinity');
  });
});

describe('sizes', () => {
  it.each([
    ['1MiB', 1_048_576],
    ['512KiB', 524_288],
    ['1.5KiB', 1536],
    ['2MB', 2_000_000],
    ['1 MB', 1_000_000],
    ['1gib', 1_073_741_824],
    ['10b', 10],
    ['7', 7],
    [1_048_576, 1_048_576],
    [0, 0],
  ])('%j is %d bytes', (input, bytes) => {
    expect(parseSize(input)).toBe(bytes);
    expect(v.parse(size('test'), input)).toBe(bytes);
  });

  it.each(['1TB', '1 megabyte', 'abc', '', -1, 1.5])('refuses %j, saying what a size looks like', (input) => {
    expect(parseSize(input)).toBeUndefined();
    const result = v.safeParse(size('test'), input);
    expect(result.success).toBe(false);
    expect(result.issues?.map((issue) => issue.message)).toEqual(['expected a size such as 1MiB, 512KiB or a number of bytes']);
  });
});
