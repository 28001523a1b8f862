import { describe, expect, it } from 'vitest';
import { renderDashboardPage } from '../../../src/server/views/dashboard-page.js';
import { monitorFragmentId } from '../../../src/server/views/fragment-ids.js';
import { renderReloadEvent, renderUpdateEvent, sseOpening, SSE_KEEPALIVE, SSE_RETRY_MS, type UpdateMessage } from '../../../src/server/views/sse.js';
import { hostileDashboard, SAMPLE_NOW, sampleDashboard } from './sample-dashboard.js';

/** Splits SSE text into events the way EventSource does (fields per line, blank line ends an event). */
function events(text: string): { event?: string; id?: string; retry?: string; data: string[] }[] {
  const out: { event?: string; id?: string; retry?: string; data: string[] }[] = [];
  for (const block of text.split('\n\n').filter(Boolean)) {
    const event: { event?: string; id?: string; retry?: string; data: string[] } = { data: [] };
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) continue;
      const [field, ...rest] = line.split(': ');
      const value = rest.join(': ');
      if (field === 'data') event.data.push(value);
      else if (field === 'event' || field === 'id' || field === 'retry') event[field] = value;
      else throw new Error(`unexpected SSE line: ${line}`);
    }
    out.push(event);
  }
  return out;
}

describe('SSE messages', () => {
  it('opens every stream with retry:, so browsers reconnect after a server restart', () => {
    expect(sseOpening()).toBe(`retry: ${SSE_RETRY_MS}\n: trackz dashboard events v1\n\n`);
    expect(SSE_KEEPALIVE.startsWith(':')).toBe(true);
  });

  it('an update is one event with retry, id, a name and one line of versioned JSON', () => {
    const text = renderUpdateEvent(sampleDashboard(), { monitors: ['checkout'] });
    const [event, ...more] = events(text);
    expect(more).toEqual([]);
    expect(event).toMatchObject({ event: 'update', id: String(SAMPLE_NOW), retry: String(SSE_RETRY_MS) });
    expect(event!.data).toHaveLength(1);
    const message = JSON.parse(event!.data[0]!) as UpdateMessage;
    expect(message).toMatchObject({ version: 1, status: 'down', title: 'Acme status · Outage', generatedAt: new Date(SAMPLE_NOW).toISOString() });
    expect(message.fragments.map((f) => f.id)).toEqual(['icon', 'overall', 'open-incidents', 'maintenance', 'm-checkout', 'history']);
  });

  it('carries each card exactly as the page renders it', () => {
    const data = sampleDashboard();
    const { html } = renderDashboardPage(data);
    const message = JSON.parse(events(renderUpdateEvent(data))[0]!.data[0]!) as UpdateMessage;
    expect(message.fragments.filter((f) => f.id.startsWith('m-'))).toHaveLength(data.monitors.length);
    for (const fragment of message.fragments) expect(html).toContain(fragment.html);
  });

  it('fragments are escaped by the same renderer: hostile text never arrives as markup', () => {
    const data = hostileDashboard();
    const text = renderUpdateEvent(data);
    const message = JSON.parse(events(text)[0]!.data[0]!) as UpdateMessage;
    const card = message.fragments.find((f) => f.id === monitorFragmentId(data.monitors[0]!.name))!;
    expect(card.html).not.toContain('<img');
    expect(card.html).not.toContain('<script');
    expect(card.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    // a newline in a message can never end the data line early
    data.monitors[0]!.now!.message = 'line one\n\ndata: {"version":1}\r\nevent: reload';
    expect(events(renderUpdateEvent(data))).toHaveLength(1);
  });

  it('a reload event tells pages to reload', () => {
    expect(events(renderReloadEvent('7'))).toEqual([{ event: 'reload', id: '7', retry: String(SSE_RETRY_MS), data: ['{}'] }]);
  });

  it('monitor ids are unique and valid whatever the names', () => {
    const names = ['api', 'api/v1', 'api v1', 'api_2fv1', 'Ä', '"><x'];
    const ids = names.map(monitorFragmentId);
    expect(new Set(ids).size).toBe(names.length);
    for (const id of ids) expect(id).toMatch(/^m-[A-Za-z0-9_-]+$/);
  });
});
