/**
 * The alert state machine as pure functions: thresholds, flapping, degraded, reminders, late results,
 * and what is sent when a mute ends. No clock, no database: times are plain numbers.
 */
import { describe, expect, it } from 'vitest';
import { initialAlertState, type AlertState } from '../../src/alerts/alert-state.js';
import type { Mute } from '../../src/alerts/mute.js';
import { decide, observe, type RuleThresholds, type Transition } from '../../src/alerts/state-machine.js';
import type { Status } from '../../src/core/result.js';

const MIN = 60_000;
const rule = (overrides: Partial<RuleThresholds> = {}): RuleThresholds => ({ failureThreshold: 1, successThreshold: 1, degraded: false, ...overrides });
const silenced: Mute = { kind: 'silence', until: Number.MAX_SAFE_INTEGER, reason: null };

/** Feeds statuses one minute apart, deciding after each, as `check --alert` every minute would. */
function run(statuses: Status[], thresholds: RuleThresholds, options: { start?: AlertState; t0?: number; muted?: (i: number) => Mute | undefined } = {}) {
  let state = options.start ?? initialAlertState('web', 'r');
  const sent: (Transition & { step: number })[] = [];
  statuses.forEach((status, i) => {
    const at = (options.t0 ?? 0) + i * MIN;
    state = observe(state, { status, at, message: status === 'up' ? 'ok' : `${status} #${i}` }, thresholds) ?? state;
    const decided = decide(state, { now: at, rule: thresholds, mute: options.muted?.(i) });
    state = decided.state;
    sent.push(...decided.transitions.map((t) => ({ ...t, step: i })));
  });
  return { state, sent, kinds: sent.map((t) => `${t.kind}@${t.step}`) };
}

describe('thresholds', () => {
  it('sends one DOWN at the failureThreshold-th consecutive failure and one RECOVERED at the successThreshold-th pass', () => {
    const { kinds, sent, state } = run(['up', 'down', 'down', 'down', 'down', 'up', 'up', 'up'], rule({ failureThreshold: 3, successThreshold: 2 }));
    expect(kinds).toEqual(['down@3', 'up@6']);
    // DOWN says since the first failure, not since the threshold was met.
    expect(sent[0]).toMatchObject({ since: 1 * MIN, durationMs: 2 * MIN, incident: 1 });
    // RECOVERED says how long it was down: from the first failure to the first pass of the recovering streak.
    expect(sent[1]).toMatchObject({ kind: 'up', incident: 1, since: 1 * MIN, durationMs: 4 * MIN, recoveredFrom: 'down' });
    expect(state.phase).toBe('ok');
  });

  it('a flapping target never reaches a threshold it does not meet', () => {
    const flapping: Status[] = ['down', 'down', 'up', 'down', 'down', 'up', 'down', 'up', 'down', 'down', 'up'];
    expect(run(flapping, rule({ failureThreshold: 3, successThreshold: 2 })).kinds).toEqual([]);
  });

  it('a flapping target that is down long enough alerts once, and recovers only after enough passes in a row', () => {
    const statuses: Status[] = ['down', 'up', 'down', 'down', 'down', 'up', 'down', 'up', 'up', 'down'];
    const { kinds, state } = run(statuses, rule({ failureThreshold: 3, successThreshold: 2 }));
    expect(kinds).toEqual(['down@4', 'up@8']);
    expect(state.incident).toBe(1);
    expect(state.streaks.fail.count).toBe(1);
  });

  it('counts unknown as a failure (a check that cannot tell is not up)', () => {
    expect(run(['unknown', 'unknown'], rule({ failureThreshold: 2 })).kinds).toEqual(['down@1']);
  });

  it('opens a new incident each time, with its own number', () => {
    const { sent } = run(['down', 'up', 'down', 'up'], rule());
    expect(sent.map((t) => `${t.kind}#${t.incident}`)).toEqual(['down#1', 'up#1', 'down#2', 'up#2']);
  });
});

describe('degraded', () => {
  it('is not downtime: degraded results neither count toward DOWN nor stop a recovery', () => {
    const thresholds = rule({ failureThreshold: 2, successThreshold: 2 });
    expect(run(['down', 'degraded', 'down', 'degraded'], thresholds).kinds).toEqual([]);
    expect(run(['down', 'down', 'degraded', 'degraded'], thresholds).kinds).toEqual(['down@1', 'up@3']);
  });

  it('is its own warning when the rule asks for it: DEGRADED, then RECOVERED from degraded', () => {
    const { kinds, sent } = run(['up', 'degraded', 'degraded', 'up'], rule({ failureThreshold: 2, degraded: true }));
    expect(kinds).toEqual(['degraded@2', 'up@3']);
    expect(sent[1]).toMatchObject({ recoveredFrom: 'degraded', durationMs: 2 * MIN });
  });

  it('escalates from degraded to down, with a DOWN and no separate recovery in between', () => {
    expect(run(['degraded', 'down', 'up'], rule({ degraded: true })).kinds).toEqual(['degraded@0', 'down@1', 'up@2']);
  });

  it('a down monitor that comes back degraded recovers, then warns', () => {
    expect(run(['down', 'degraded'], rule({ degraded: true })).kinds).toEqual(['down@0', 'up@1', 'degraded@1']);
  });
});

describe('reminders', () => {
  it('reminds every remindEvery while still down, counting from the last message, and stops on recovery', () => {
    const statuses: Status[] = Array.from({ length: 8 }, () => 'down' as Status).concat(['up', 'down']);
    const { sent, kinds } = run(statuses, rule({ remindEveryMs: 3 * MIN }));
    expect(kinds).toEqual(['down@0', 'reminder@3', 'reminder@6', 'up@8', 'down@9']);
    expect(sent.filter((t) => t.kind === 'reminder').map((t) => t.reminder)).toEqual([1, 2]);
    expect(sent[2]).toMatchObject({ since: 0, durationMs: 6 * MIN });
  });
});

describe('late results from overlapping runs', () => {
  it('ignores a result older than one already applied', () => {
    let state = observe(initialAlertState('web', 'r'), { status: 'down', at: 2000, message: 'refused' }, rule({ failureThreshold: 2 }))!;
    expect(observe(state, { status: 'up', at: 1000, message: 'ok' }, rule({ failureThreshold: 2 }))).toBeUndefined();
    state = observe(state, { status: 'down', at: 2000, message: 'refused' }, rule({ failureThreshold: 2 }))!;
    expect(state.phase).toBe('down');
  });

  it('twenty simultaneous failed results are twenty observations, but one DOWN', () => {
    let state = initialAlertState('web', 'r');
    const thresholds = rule({ failureThreshold: 3 });
    const transitions: Transition[] = [];
    for (let i = 0; i < 20; i++) {
      state = observe(state, { status: 'down', at: 5000 + i, message: 'refused' }, thresholds) ?? state;
      const decided = decide(state, { now: 6000, rule: thresholds });
      state = decided.state;
      transitions.push(...decided.transitions);
    }
    expect(state.streaks.fail.count).toBe(20);
    expect(transitions.map((t) => t.kind)).toEqual(['down']);
  });
});

describe('muting (silence, maintenance, a parent down)', () => {
  const thresholds = rule({ failureThreshold: 2 });

  it('sends nothing while muted, keeps the state moving, and sends one DOWN when the mute ends if still down', () => {
    const statuses: Status[] = ['up', 'down', 'down', 'down', 'down', 'down'];
    const { kinds, sent, state } = run(statuses, thresholds, { muted: (i) => (i >= 1 && i <= 3 ? silenced : undefined) });
    expect(kinds).toEqual(['down@4']);
    expect(sent[0]).toMatchObject({ since: 1 * MIN, incident: 1 });
    expect(state.incident).toBe(1);
  });

  it('sends nothing at all for an outage that began and ended inside the mute', () => {
    const { kinds, state } = run(['down', 'down', 'up', 'up'], thresholds, { muted: (i) => (i <= 2 ? silenced : undefined) });
    expect(kinds).toEqual([]);
    expect(state.incident).toBe(1);
    expect(state.notified.phase).toBe('ok');
  });

  it('sends one RECOVERED when a DOWN was sent before the mute and it recovered during it', () => {
    const { kinds, sent } = run(['down', 'down', 'down', 'up', 'up', 'up'], thresholds, { muted: (i) => (i >= 2 && i <= 4 ? silenced : undefined) });
    expect(kinds).toEqual(['down@1', 'up@5']);
    expect(sent[1]).toMatchObject({ incident: 1, since: 0, durationMs: 3 * MIN });
  });

  it('still down after recovering and failing again inside the mute: one DOWN for the new incident only', () => {
    const statuses: Status[] = ['down', 'down', 'up', 'down', 'down', 'down'];
    const { sent, kinds } = run(statuses, thresholds, { muted: (i) => (i >= 2 && i <= 4 ? silenced : undefined) });
    expect(kinds).toEqual(['down@1', 'down@5']);
    expect(sent[1]).toMatchObject({ incident: 2, since: 3 * MIN });
  });

  it('holds reminders during a mute and sends the one due when it ends', () => {
    const statuses = Array.from({ length: 7 }, () => 'down' as Status);
    const { kinds } = run(statuses, rule({ remindEveryMs: 2 * MIN }), { muted: (i) => (i >= 1 && i <= 5 ? silenced : undefined) });
    expect(kinds).toEqual(['down@0', 'reminder@6']);
  });
});
