import { describe, expect, it } from 'vitest';
import { importCheckResult } from '../../src/activity/import-outcome.js';
import { emptyStats, noteMalformed, type ImportStats } from '../../src/activity/import-stats.js';

const NOW = Date.UTC(2024, 5, 12, 12);
function stats(over: Partial<ImportStats>): ImportStats {
  return { ...emptyStats('site', 'blog'), durationMs: 2000, ...over };
}

describe('an import as a check result', () => {
  it('is up with the figures as metrics', () => {
    const result = importCheckResult(stats({ lines: 1000, imported: 990, bots: 40, newestTs: NOW - 90_000, skipped: { dnt: 10 } }), { now: NOW });
    expect(result).toMatchObject({ status: 'up', message: '990 requests imported from 1,000 lines · newest 1m30s old', metrics: { lines: 1000, imported: 990, malformed: 0, lines_per_s: 500, lag_s: 90, bots: 40, skipped: 10 } });
  });
  it('counts in words that agree with the number', () => {
    expect(importCheckResult(stats({ lines: 1, imported: 1 }), { now: NOW }).message).toBe('1 request imported from 1 line');
    expect(importCheckResult({ ...emptyStats('agent', 'laptops'), durationMs: 10, lines: 1, imported: 1 }, { now: NOW }).message).toBe('1 event imported from 1 event');
  });
  it('reports a push agent by the age of the newest event received, its lag thresholds applying', () => {
    const pushed = (newestTs: number | null) => ({ ...emptyStats('agent', 'laptops'), durationMs: 3, newestTs });
    expect(importCheckResult(pushed(null), { now: NOW, pushed: true }).message).toBe('no events pushed yet (trackz agent --server … sends them)');
    expect(importCheckResult(pushed(NOW - 30_000), { now: NOW, pushed: true }).message).toBe('events pushed by trackz agent · newest 30s old');
    const late = importCheckResult(pushed(NOW - 3_600_000), { now: NOW, pushed: true, lag: { degraded: 600_000, down: 1_800_000 } });
    expect(late).toMatchObject({ status: 'down', metrics: { lag_s: 3600 } });
  });
  it('is degraded from 1% malformed lines, down when every line is, naming the first', () => {
    const some = stats({ lines: 100, imported: 98 });
    noteMalformed(some, '/var/log/a.log', 7, 'timestamp not understood');
    noteMalformed(some, '/var/log/a.log', 9, 'timestamp not understood');
    expect(importCheckResult(some, { now: NOW })).toMatchObject({ status: 'degraded', message: '2 of 100 lines malformed (first: /var/log/a.log:7: timestamp not understood)' });
    const few = stats({ lines: 1000, imported: 999 });
    noteMalformed(few, 'a.log', 1, 'x');
    expect(importCheckResult(few, { now: NOW }).status).toBe('up');
    const all = stats({ lines: 50 });
    for (let i = 1; i <= 50; i++) noteMalformed(all, 'a.log', i, 'does not match the log format');
    expect(importCheckResult(all, { now: NOW })).toMatchObject({ status: 'down', message: expect.stringMatching(/^all 50 lines were malformed: does the format match the log\?/) });
  });
  it('applies the lag thresholds', () => {
    const old = stats({ lines: 0, newestTs: NOW - 2 * 3_600_000 });
    expect(importCheckResult(old, { now: NOW, lag: { degraded: 3_600_000, down: 86_400_000 } })).toMatchObject({ status: 'degraded', message: expect.stringMatching(/^newest entry age 2h is at or above the degraded threshold 1h/) });
    expect(importCheckResult(old, { now: NOW, lag: { down: 3_600_000 } }).status).toBe('down');
  });
  it('says when it stopped early or left the source to another process', () => {
    expect(importCheckResult(stats({ lines: 10, imported: 10, complete: false }), { now: NOW }).message).toMatch(/stopped at the time limit, continues next run$/);
    expect(importCheckResult(stats({ busy: true, complete: false }), { now: NOW }).message).toBe('another trackz process is importing this source right now; this run left it alone');
  });
});
