/**
 * The documented heartbeat sequence (docs/agent-protocol.md) through the merge rule alone; the agent
 * test sends the same sequence over HTTP to the real `trackz agent`.
 */
import { describe, expect, it } from 'vitest';
import { mergeHeartbeat, reduceHeartbeats, type TimedEvent } from '../../src/agent/heartbeat-merge.js';
import { HEARTBEAT_SEQUENCE, SEQUENCE_EVENTS, SEQUENCE_PULSETIME } from './heartbeat-sequence.js';

const at = (s: number, data: Record<string, string>, durationS = 0): TimedEvent => ({ start: s * 1000, end: (s + durationS) * 1000, data });

describe('heartbeat merge (aw-server-rust rule)', () => {
  it('produces the documented events for the documented sequence', () => {
    const events = reduceHeartbeats(HEARTBEAT_SEQUENCE.map((h) => at(h.at, h.data, h.duration)), SEQUENCE_PULSETIME * 1000);
    const byStart = [...events].sort((a, b) => b.start - a.start).map((e) => [e.start / 1000, (e.end - e.start) / 1000, e.data.title]);
    expect(byStart).toEqual(SEQUENCE_EVENTS.map((e) => [e.at, e.duration, e.title]));
  });

  it('merges at the pulsetime boundary and not a millisecond after', () => {
    const last = at(0, { app: 'a' }, 5);
    expect(mergeHeartbeat(last, { start: 15_000, end: 15_000, data: { app: 'a' } }, 10_000)).toEqual({ start: 0, end: 15_000, data: { app: 'a' } });
    expect(mergeHeartbeat(last, { start: 15_001, end: 15_001, data: { app: 'a' } }, 10_000)).toBeUndefined();
  });

  it('compares data by value, whatever the key order, and never merges different data', () => {
    expect(mergeHeartbeat(at(0, { app: 'a', title: 't' }), at(1, { title: 't', app: 'a' }), 10_000)).toBeDefined();
    expect(mergeHeartbeat(at(0, { app: 'a', title: 't' }), at(1, { app: 'a' }), 10_000)).toBeUndefined();
  });

  it('never shortens an event, and refuses an out-of-order heartbeat', () => {
    expect(mergeHeartbeat(at(0, { app: 'a' }, 20), at(3, { app: 'a' }), 10_000)).toEqual(at(0, { app: 'a' }, 20));
    expect(mergeHeartbeat(at(10, { app: 'a' }), at(9, { app: 'a' }), 10_000)).toBeUndefined();
  });
});
