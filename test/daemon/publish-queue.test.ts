import { describe, expect, it } from 'vitest';
import { PublishQueue } from '../../src/daemon/publish-queue.js';

describe('PublishQueue', () => {
  it('runs one publish at a time and merges what arrives meanwhile into the next', async () => {
    const calls: string[][] = [];
    let release: () => void = () => {};
    const queue = new PublishQueue(
      (monitors) => {
        calls.push(monitors);
        return new Promise<void>((resolve) => (release = resolve));
      },
      () => {},
    );
    queue.add(['a']);
    queue.add(['b', 'c']);
    queue.add(['c', 'd']);
    expect(calls).toEqual([['a']]);
    release();
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls).toEqual([['a'], ['b', 'c', 'd']]);
    release();
    await queue.idle();
    expect(calls).toHaveLength(2);
  });

  it('reports a failed publish and carries on with the next', async () => {
    const failures: unknown[] = [];
    const calls: string[][] = [];
    const queue = new PublishQueue(
      async (monitors) => {
        calls.push(monitors);
        if (monitors.includes('bad')) throw new Error('render failed');
      },
      (error) => failures.push(error),
    );
    queue.add(['bad']);
    queue.add(['good']);
    await queue.idle();
    queue.add(['later']);
    await queue.idle();
    expect(calls).toEqual([['bad'], ['good'], ['later']]);
    expect(failures).toHaveLength(1);
  });
});
