/**
 * The runtime's emitter: order, narrowing, unsubscribe, a failing listener that never breaks delivery,
 * async listeners not awaited by emit() but waited for by drain().
 */
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/core/log.js';
import type { CheckRecord } from '../../src/core/result.js';
import { EventStream } from '../../src/runtime/event-stream.js';
import type { RuntimeEvent } from '../../src/runtime/events.js';

const record = (monitor: string): CheckRecord => ({ monitor, type: 'uptime', tags: [], status: 'up', message: 'ok', metrics: {}, startedAt: 0, durationMs: 1, attempts: 1 });
const result = (monitor: string): RuntimeEvent => ({ type: 'check.result', record: record(monitor) });
const quiet = createLogger('test', 'silent');

describe('EventStream', () => {
  it('delivers every event to every subscriber, in subscription order', () => {
    const stream = new EventStream(quiet);
    const heard: string[] = [];
    stream.subscribe((event) => void heard.push(`a:${event.type}`));
    stream.subscribe((event) => void heard.push(`b:${event.type}`));
    stream.emit(result('x'));
    stream.emit({ type: 'error', phase: 'store', message: 'disk full' });
    expect(heard).toEqual(['a:check.result', 'b:check.result', 'a:error', 'b:error']);
  });

  it('on() hears only its type, narrowed', () => {
    const stream = new EventStream(quiet);
    const monitors: string[] = [];
    stream.on('check.result', (event) => void monitors.push(event.record.monitor));
    stream.emit({ type: 'error', phase: 'run', message: 'x' });
    stream.emit(result('a'));
    stream.emit(result('b'));
    expect(monitors).toEqual(['a', 'b']);
  });

  it('unsubscribe stops delivery; the same function subscribed twice is two subscriptions', () => {
    const stream = new EventStream(quiet);
    let count = 0;
    const listener = () => void count++;
    const first = stream.subscribe(listener);
    stream.subscribe(listener);
    stream.emit(result('a'));
    expect(count).toBe(2);
    first();
    stream.emit(result('a'));
    expect(count).toBe(3);
    expect(stream.listenerCount()).toBe(1);
  });

  it('a listener that throws does not stop the others, and becomes an error event', () => {
    const stream = new EventStream(quiet);
    const heard: RuntimeEvent[] = [];
    stream.on('check.result', () => {
      throw new Error('reporter bug');
    });
    stream.subscribe((event) => void heard.push(event));
    expect(() => stream.emit(result('a'))).not.toThrow();
    expect(heard.map((event) => event.type)).toEqual(['error', 'check.result']);
    expect(heard[0]).toEqual({ type: 'error', phase: 'listener', message: 'a listener of check.result failed: reporter bug' });
  });

  it('a rejected async listener becomes an error event too', async () => {
    const stream = new EventStream(quiet);
    const errors: string[] = [];
    stream.on('check.result', async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      throw new Error('write failed');
    });
    stream.on('error', (event) => void errors.push(event.message));
    stream.emit(result('a'));
    expect(errors).toEqual([]);
    await stream.drain();
    expect(errors).toEqual(['a listener of check.result failed: write failed']);
  });

  it('a listener failing on an error event is logged, not re-emitted', () => {
    const lines: string[] = [];
    const stream = new EventStream(createLogger('trackz', 'warn', (line) => lines.push(line) > 0));
    let errorsHeard = 0;
    stream.on('error', () => {
      errorsHeard++;
      throw new Error('again');
    });
    stream.emit({ type: 'error', phase: 'run', message: 'first' });
    expect(errorsHeard).toBe(1);
    expect(lines).toEqual(['trackz warn: a listener of error failed: again\n']);
  });

  it('emit does not wait for async listeners; drain waits for them and for what they emit in turn', async () => {
    const stream = new EventStream(quiet);
    const done: string[] = [];
    stream.on('check.result', async (event) => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      done.push(event.record.monitor);
      stream.emit({ type: 'results.stored', records: [event.record], runId: 1 });
    });
    stream.on('results.stored', async (event) => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      done.push(`stored ${event.records.length}`);
    });
    stream.emit(result('a'));
    expect(done).toEqual([]);
    await stream.drain();
    expect(done).toEqual(['a', 'stored 1']);
    await stream.drain(); // nothing pending: resolves at once
  });

  it('a listener added during delivery hears the next event, not the current one', () => {
    const stream = new EventStream(quiet);
    const heard: string[] = [];
    stream.subscribe(() => {
      stream.subscribe((event) => void heard.push(event.type));
    });
    stream.emit(result('a'));
    expect(heard).toEqual([]);
    stream.emit({ type: 'error', phase: 'run', message: 'x' });
    expect(heard).toEqual(['error']);
  });
});
