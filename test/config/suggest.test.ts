/** "Did you mean": close enough to help, never a wild guess. */
import { describe, expect, it } from 'vitest';
import { closest, didYouMean, editDistance, noMonitorNamed } from '../../src/config/suggest.js';

describe('editDistance', () => {
  it.each([
    ['', '', 0],
    ['abc', 'abc', 0],
    ['', 'abc', 3],
    ['kitten', 'sitting', 3],
    ['timout', 'timeout', 1],
    ['uptim', 'uptime', 1],
    ['ulr', 'url', 1],
    ['stauts', 'status', 1],
    ['ab', 'ba', 1],
    ['ca', 'abc', 3],
  ])('%j → %j is %d', (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance);
    expect(editDistance(b, a)).toBe(distance);
  });
});

describe('closest and didYouMean', () => {
  const keys = ['interval', 'timeout', 'retries', 'retryDelay', 'url', 'status'];

  it.each([
    ['timout', 'timeout'],
    ['intervall', 'interval'],
    ['ulr', 'url'],
    ['stauts', 'status'],
    ['retrydelay', 'retryDelay'],
    ['TIMEOUT', 'timeout'],
  ])('%s → %s', (word, expected) => {
    expect(closest(word, keys)).toBe(expected);
    expect(didYouMean(word, keys)).toBe(`did you mean \`${expected}\`?`);
  });

  it('prefers the nearest of several candidates', () => {
    expect(closest('monitr', ['monitors', 'monitor'])).toBe('monitor');
    expect(closest('stat', ['status', 'state'])).toBe('state');
  });

  it('suggests nothing for a word that is not close to any candidate', () => {
    expect(closest('dns', ['uptime', 'ssl', 'tcp'])).toBeUndefined();
    expect(didYouMean('frobnicate', keys)).toBeUndefined();
    expect(didYouMean('x', [])).toBeUndefined();
  });

  it('allows more typos in longer words, and fewer than its letters in a short one', () => {
    expect(closest('ab', ['xy'])).toBeUndefined();
    expect(closest('ip', ['url', 'ca', 'body'])).toBeUndefined();
    expect(closest('to', ['tos'])).toBe('tos');
    expect(closest('maxbodybites', ['maxBodyBytes'])).toBe('maxBodyBytes');
    expect(closest('followRedirect', ['followRedirects', 'maxRedirects'])).toBe('followRedirects');
  });

  it('takes any iterable, such as the keys of a map of monitor names', () => {
    expect(didYouMean('databse', new Map([['database', 0]]).keys())).toBe('did you mean `database`?');
  });

  it('noMonitorNamed: the one message every command gives for a monitor that does not exist', () => {
    expect(noMonitorNamed('hoem', ['home', 'api'])).toBe('no monitor named "hoem" (did you mean `home`?)');
    expect(noMonitorNamed('zzzz', ['home'])).toBe('no monitor named "zzzz"');
    expect(noMonitorNamed('zzzz', ['home'], 'lighthouse monitors: perf')).toBe('no monitor named "zzzz" (lighthouse monitors: perf)');
  });
});
