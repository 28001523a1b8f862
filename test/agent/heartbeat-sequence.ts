/** The heartbeat sequence of docs/agent-protocol.md: seconds after T0, and the events ActivityWatch keeps for it. */
export const T0 = Date.parse('2026-03-02T10:00:00Z');
export const SEQUENCE_PULSETIME = 10;
export const SEQUENCE_BUCKET = 'aw-watcher-window_laptop';

const a = { app: 'Code', title: 'a.ts' };
const b = { app: 'Code', title: 'b.ts' };

export const HEARTBEAT_SEQUENCE: { at: number; duration?: number; data: Record<string, string> }[] = [
  { at: 0, data: a },
  { at: 5, data: a },
  { at: 15, data: a },
  { at: 26, data: a },
  { at: 30, data: b },
  { at: 33, duration: 4, data: b },
  { at: 32, data: b },
  { at: 20, data: b },
  { at: 38, data: b },
];

/** Newest first, as GET /api/0/buckets/<id>/events returns them: start (s), duration (s), title. */
export const SEQUENCE_EVENTS = [
  { at: 38, duration: 0, title: 'b.ts' },
  { at: 30, duration: 7, title: 'b.ts' },
  { at: 26, duration: 0, title: 'a.ts' },
  { at: 20, duration: 0, title: 'b.ts' },
  { at: 0, duration: 15, title: 'a.ts' },
];
