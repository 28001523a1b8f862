/**
 * Incidents, as the alert engine records them: the pure decision (which incident a result opened or
 * closed) and the engine writing them in its evaluation transaction, on SQLite and PostgreSQL, once
 * however many processes evaluate the same results.
 */
import { describe, expect, it } from 'vitest';
import { createAlertEngine } from '../../src/alerts/alert-engine.js';
import { alertSettingsFrom } from '../../src/alerts/alert-settings.js';
import { initialAlertState, type AlertState } from '../../src/alerts/alert-state.js';
import { incidentChanges } from '../../src/alerts/incident-changes.js';
import { observe, type RuleThresholds } from '../../src/alerts/state-machine.js';
import { loadConfigText } from '../../src/config/load.js';
import type { Status } from '../../src/core/result.js';
import { openStorage } from '../../src/storage/open.js';
import type { Storage } from '../../src/storage/ports/index.js';
import { freshDatabase } from '../helpers/postgres.js';
import { record } from '../helpers/records.js';
import { useWorkspace } from '../helpers/workspace.js';

const ws = useWorkspace('trackz-incidents-');
const MIN = 60_000;
const T0 = Date.UTC(2026, 2, 1, 12, 0, 0);

describe('incidentChanges', () => {
  const rule: RuleThresholds = { failureThreshold: 2, successThreshold: 1, degraded: true };
  /** Applies statuses one a minute and collects every change, as the engine does. */
  const run = (statuses: Status[]) => {
    let state: AlertState = initialAlertState('api', 'main');
    const changes = [];
    for (const [i, status] of statuses.entries()) {
      const next = observe(state, { status, at: T0 + i * MIN, message: `${status} #${i}` }, rule)!;
      changes.push(...incidentChanges(state, next));
      state = next;
    }
    return changes;
  };

  it('opens when the threshold is met (from the first failing result) and closes when it recovers', () => {
    expect(run(['up', 'down', 'down', 'down', 'up', 'up'])).toEqual([
      { type: 'open', monitor: 'api', rule: 'main', number: 1, kind: 'down', startedAt: T0 + MIN, message: 'down #2' },
      { type: 'close', monitor: 'api', rule: 'main', number: 1, endedAt: T0 + 4 * MIN },
    ]);
  });

  it('a degraded incident superseded by a down one closes where the down one starts', () => {
    expect(run(['degraded', 'degraded', 'down', 'down', 'up'])).toEqual([
      { type: 'open', monitor: 'api', rule: 'main', number: 1, kind: 'degraded', startedAt: T0, message: 'degraded #1' },
      { type: 'close', monitor: 'api', rule: 'main', number: 1, endedAt: T0 + 2 * MIN },
      { type: 'open', monitor: 'api', rule: 'main', number: 2, kind: 'down', startedAt: T0 + 2 * MIN, message: 'down #3' },
      { type: 'close', monitor: 'api', rule: 'main', number: 2, endedAt: T0 + 4 * MIN },
    ]);
  });

  it('a single failure opens nothing; a flap below the threshold neither', () => {
    expect(run(['down', 'up', 'down', 'up'])).toEqual([]);
  });
});

const CONFIG = (path: string) => `workspace: acme
storage: { path: ${path} }
monitors:
  - { name: api, type: tcp, host: 127.0.0.1, port: 1 }
  - { name: web, type: tcp, host: 127.0.0.1, port: 1 }
alerts:
  channels:
    - { name: pager, type: command, run: ["true"] }
  rules:
    - { name: main, channels: [pager], failureThreshold: 2 }
    - { name: strict, channels: [pager], failureThreshold: 1, monitors: [api] }
`;

for (const backend of ['sqlite', 'postgres'] as const) {
  describe(`the alert engine records incidents (${backend})`, () => {
    it('in its evaluation transaction: one row per rule and incident, whichever of two processes evaluates each run', async () => {
      const config = await loadConfigText(ws.path(`${backend}.yaml`), CONFIG(ws.path(`${backend}.db`)), { env: {} });
      const target = backend === 'sqlite' ? config.storage.target : { backend: 'postgres' as const, url: await freshDatabase('incidents') };
      const open = () => openStorage({ target, workspace: 'acme' });
      const [a, b]: Storage[] = [await open(), await open()];
      try {
        const settings = alertSettingsFrom(config);
        let now = T0;
        const engines = [await createAlertEngine({ settings, storage: a, now: () => now }), await createAlertEngine({ settings, storage: b, now: () => now })];
        let runs = 0;
        const step = async (status: Status) => {
          const records = [record('api', now, status), record('web', now, 'up')];
          await a.results.saveResults(records);
          // Runs alternate between the two "processes" (cron beside serve), each with its own engine and connection.
          await engines[runs++ % 2]!.evaluate(records);
          now += MIN;
        };
        await step('down');
        expect((await a.incidents.list()).map((i) => `${i.monitor}/${i.rule}#${i.number} ${i.kind}`)).toEqual(['api/strict#1 down']);
        await step('down');
        await step('down');
        const open2 = await b.incidents.list({ open: true });
        expect(open2.map((i) => `${i.monitor}/${i.rule}#${i.number}`).sort()).toEqual(['api/main#1', 'api/strict#1']);
        expect(open2.find((i) => i.rule === 'main')).toMatchObject({ startedAt: T0, endedAt: null, kind: 'down' });
        await step('up');
        const all = await a.incidents.list();
        expect(all).toHaveLength(2);
        expect(all.every((i) => i.endedAt === T0 + 3 * MIN)).toBe(true);
      } finally {
        await a.close();
        await b.close();
      }
    });
  });
}
