import { describe, expect, it } from 'vitest';
import { keyFigure, scoreTone } from '../../src/tui/key-figure.js';

describe('keyFigure', () => {
  it('ssl: days left, toned by the daysLeft assertion', () => {
    expect(keyFigure({ type: 'ssl', status: 'degraded', metrics: { days_left: 12 }, assertions: [{ name: 'daysLeft', status: 'degraded', message: '' }] })).toEqual({ text: '12d left', tone: 'degraded' });
    expect(keyFigure({ type: 'ssl', status: 'up', metrics: { days_left: 80 } })).toEqual({ text: '80d left', tone: 'up' });
  });

  it('lighthouse: the performance score out of 100, in Lighthouse colour bands', () => {
    expect(keyFigure({ type: 'lighthouse', status: 'up', metrics: { performance_score: 0.934 } })).toEqual({ text: 'perf 93', tone: 'up' });
    expect(keyFigure({ type: 'lighthouse', status: 'down', metrics: { performance_score: 0.42 } })?.tone).toBe('down');
    expect([0.9, 0.89, 0.5, 0.49].map(scoreTone)).toEqual(['up', 'degraded', 'degraded', 'down']);
  });

  it('smtp: the TLS state — days left, failed, or none', () => {
    const upgraded = [{ name: 'starttls', status: 'up' as const, message: 'STARTTLS upgraded to TLSv1.3' }];
    expect(keyFigure({ type: 'smtp', status: 'up', metrics: { days_left: 88 }, assertions: upgraded })).toEqual({ text: 'TLS 88d', tone: 'up' });
    expect(keyFigure({ type: 'smtp', status: 'down', metrics: {}, assertions: [{ name: 'tls.chain', status: 'down', message: 'self-signed' }] })).toEqual({ text: 'TLS failed', tone: 'down' });
    expect(keyFigure({ type: 'smtp', status: 'up', metrics: {}, assertions: [{ name: 'starttls', status: 'up', message: 'STARTTLS not offered' }] })).toEqual({ text: 'no TLS', tone: 'degraded' });
    expect(keyFigure({ type: 'smtp', status: 'down', metrics: {}, assertions: [{ name: 'banner', status: 'down', message: 'refused' }] })).toBeNull();
  });

  it('activity: the lag of the newest entry', () => {
    expect(keyFigure({ type: 'activity', status: 'up', metrics: { lag_s: 180 } })).toEqual({ text: 'lag 3m', tone: 'up' });
    expect(keyFigure({ type: 'activity', status: 'degraded', metrics: { lag_s: 7200 }, assertions: [{ name: 'lag', status: 'degraded', message: '' }] })?.tone).toBe('degraded');
  });

  it('none for types without one, or results without the figure', () => {
    expect(keyFigure({ type: 'uptime', status: 'up', metrics: { total_ms: 3, days_left: 3 } })).toBeNull();
    expect(keyFigure({ type: 'ssl', status: 'down', metrics: {} })).toBeNull();
  });
});
