import { describe, expect, it } from 'vitest';
import { readAwExport } from '../../src/activity/agents/aw-export-reader.js';
import { JsonScanError, JsonStreamScanner, type PathSegment } from '../../src/activity/agents/json-stream-scanner.js';

const doc = {
  buckets: {
    'aw-watcher-window_h1': { id: 'aw-watcher-window_h1', type: 'currentwindow', hostname: 'h1', data: { nested: [1, { a: '}' }] }, events: [{ timestamp: '2024-01-01T00:00:00Z', duration: 1.5, data: { app: 'a "quoted" \\ app', title: 'ünïcødé ✓ {[,]}' } }, { timestamp: '2024-01-01T00:00:02Z', duration: 0, data: {} }] },
    'weird \\"id': { type: 'afkstatus', events: [] },
  },
  other: { events: [1, 2, 3] },
  n: -1.5e3,
};

function scan(text: string, chunkSize: number) {
  const captured: [PathSegment[], unknown][] = [];
  const scanner = new JsonStreamScanner({
    mode: (path) => (path.length <= 2 ? (path[0] === 'other' ? 'skip' : path[0] === 'n' ? 'capture' : 'descend') : path.length === 3 ? (path[2] === 'events' ? 'descend' : 'capture') : 'capture'),
    value: (path, value) => captured.push([[...path], value]),
  });
  const bytes = Buffer.from(text);
  for (let i = 0; i < bytes.length; i += chunkSize) scanner.write(bytes.subarray(i, i + chunkSize));
  scanner.end();
  return captured;
}

describe('JsonStreamScanner', () => {
  const text = JSON.stringify(doc, null, 2);
  const expected = scan(text, text.length);
  it('captures the values asked for, with their paths', () => {
    expect(expected).toEqual([
      [['buckets', 'aw-watcher-window_h1', 'id'], 'aw-watcher-window_h1'],
      [['buckets', 'aw-watcher-window_h1', 'type'], 'currentwindow'],
      [['buckets', 'aw-watcher-window_h1', 'hostname'], 'h1'],
      [['buckets', 'aw-watcher-window_h1', 'data'], { nested: [1, { a: '}' }] }],
      [['buckets', 'aw-watcher-window_h1', 'events', 0], doc.buckets['aw-watcher-window_h1'].events[0]],
      [['buckets', 'aw-watcher-window_h1', 'events', 1], doc.buckets['aw-watcher-window_h1'].events[1]],
      [['buckets', 'weird \\"id', 'type'], 'afkstatus'],
      [['n'], -1500],
    ]);
  });
  it('gives the same result whatever the chunk boundaries (escapes and UTF-8 split across chunks)', () => {
    for (const size of [1, 2, 3, 5, 13]) expect(scan(text, size), `chunk size ${size}`).toEqual(expected);
    const compact = JSON.stringify(doc);
    for (const size of [1, 4, 9]) expect(scan(compact, size)).toEqual(expected);
  });
  it('refuses a truncated document and invalid JSON', () => {
    expect(() => scan(text.slice(0, text.length - 10), 7)).toThrow(JsonScanError);
    expect(() => scan('{"buckets": {"b": {"events": [{"a": tru}]}}}', 4)).toThrow(JsonScanError);
  });
});

describe('readAwExport', () => {
  it('streams buckets and events in groups, metadata first', async () => {
    async function* source() {
      yield Buffer.from(JSON.stringify(doc));
    }
    const groups = [];
    for await (const group of readAwExport(source())) groups.push(...group);
    expect(groups).toHaveLength(1);
    expect(groups[0]!.bucket).toBe('aw-watcher-window_h1');
    expect(groups[0]!.meta).toMatchObject({ type: 'currentwindow', hostname: 'h1' });
    expect(groups[0]!.events).toHaveLength(2);
  });
});
