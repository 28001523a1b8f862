/**
 * Colour carries nothing on its own: with colour off (NO_COLOR) not one escape is written and every
 * state still reads by its symbol; with colour on, states are coloured. Chalk (inside Ink) decides
 * its level when it loads, so FORCE_COLOR is set before anything is imported.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  process.env.FORCE_COLOR = '3';
});

import { renderWatch, WatchStore } from '../../src/tui/index.js';
import { FakeStdin, FakeStdout, KEY } from './fake-terminal.js';
import { MIXED, MIXED_RESULTS, result, sampleDetail, SAMPLE_ACTIVITY } from './fixtures.js';
import { recordingActions, renderScreen, type Screen } from './harness.js';

const ESC = '\u001B';
let screen: Screen | undefined;
afterEach(() => screen?.instance.unmount());

async function everyView(color: boolean): Promise<Screen> {
  screen = await renderScreen({ monitors: [...MIXED, { name: 'queued', type: 'tcp' }], color, actions: recordingActions({ detail: sampleDetail, activity: SAMPLE_ACTIVITY }) });
  const s = screen;
  for (const r of MIXED_RESULTS) s.store.applyResult(r, { uptime24h: 98 });
  s.store.applyResult(result('unsure', 'unknown', undefined));
  await s.update();
  await s.press('p', 't', 'j', KEY.enter);
  await s.waitFor('recent results');
  await s.press(KEY.escape, 'a');
  await s.waitFor('laptops');
  await s.press('?', '?', '/', 'x', KEY.escape, 's');
  await s.waitFor('⇄ sharing');
  return s;
}

describe('without colour (NO_COLOR)', () => {
  it('no escape in any frame, and every state reads by its symbol', async () => {
    const s = await everyView(false);
    for (const frame of s.stdout.frames) expect(frame.includes(ESC), frame).toBe(false);
    await s.press(KEY.escape);
    const frame = s.frame();
    // The header's counts (the last may be cut at 80 columns).
    expect(frame.split('\n')[0]).toMatch(/✔ 4 up {2}▲ 1 degraded {2}✖ 0 down {2}\? 1 unkn/);
    for (const line of [/‖ api-health/, /▲ api-cert/, /✔ homepage /, /○ queued/, /\? unsure/]) expect(frame).toMatch(line);
    expect(frame).toMatch(/^›/m);
  });

  it('renderWatch turns colour off for NO_COLOR', async () => {
    const stdout = new FakeStdout();
    const stdin = new FakeStdin();
    const store = new WatchStore({ workspace: 'acme', monitors: MIXED });
    for (const r of MIXED_RESULTS) store.applyResult(r);
    const io = { stdin: stdin as unknown as NodeJS.ReadStream, stdout: stdout as unknown as NodeJS.WriteStream, stderr: stdout as unknown as NodeJS.WriteStream };
    const running = renderWatch(store, recordingActions(), { ...io, env: { NO_COLOR: '1' } });
    await new Promise((resolve) => setTimeout(resolve, 300));
    running.unmount();
    await running.waitUntilExit();
    const drawn = stdout.written.replace(/\u001B\[[0-9;?]*[A-Za-z]/g, (seq) => (/\[[0-9;]*m$/.test(seq) ? 'SGR' : ''));
    expect(drawn).toContain('api-health');
    expect(drawn).not.toContain('SGR');
  });
});

describe('with colour', () => {
  it('states are coloured: degraded yellow, up green, unknown magenta, paused grey, a poor uptime red', async () => {
    const s = await everyView(true);
    await s.press(KEY.escape, 't');
    const frame = s.frame();
    expect(frame).toContain(`${ESC}[35m?`);
    expect(frame).toContain(`${ESC}[90m‖`);
    expect(frame).toContain(`${ESC}[31m98.0%`);
    expect(frame).toContain(`${ESC}[33m▲`);
    expect(frame).toContain(`${ESC}[32m✔`);
  });
});
