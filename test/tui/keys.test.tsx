/** Every key of the watch screen, pressed on a fake 80×24 terminal. */
import { afterEach, describe, expect, it } from 'vitest';
import { SILENCE_MS } from '../../src/tui/hooks/use-watch-keys.js';
import { KEY } from './fake-terminal.js';
import { manySeeds, MIXED, MIXED_RESULTS, result, sampleDetail, SAMPLE_ACTIVITY } from './fixtures.js';
import { recordingActions, renderScreen, until, type Screen } from './harness.js';

let screen: Screen | undefined;
afterEach(() => screen?.instance.unmount());

async function mixed(actions = recordingActions({ detail: sampleDetail, activity: SAMPLE_ACTIVITY })): Promise<Screen> {
  screen = await renderScreen({ monitors: MIXED, actions });
  for (const r of MIXED_RESULTS) screen.store.applyResult(r, { uptime24h: 99.5 });
  await screen.update();
  return screen;
}

/** The selected monitor: the line with the marker. */
const selected = (s: Screen) => s.lines().find((line) => line.startsWith('›'))?.slice(3).split(' ')[0];
const statusLine = (s: Screen) => s.lines().at(-2)!;

describe('moving', () => {
  it('j and ↓ go down, k and ↑ go up, stopping at the ends', async () => {
    const s = await mixed();
    expect(selected(s)).toBe('api-health');
    await s.press('j');
    expect(selected(s)).toBe('api-cert');
    await s.press(KEY.down, KEY.down);
    expect(selected(s)).toBe('homepage');
    await s.press('k');
    expect(selected(s)).toBe('blog-logs');
    await s.press(KEY.up, KEY.up, KEY.up);
    expect(selected(s)).toBe('api-health');
    expect(statusLine(s)).toMatch(/^1\/6 · sort status/);
  });

  it('g and G go to the first and the last monitor', async () => {
    const s = await mixed();
    await s.press('G');
    expect(selected(s)).toBe('mail');
    expect(statusLine(s)).toMatch(/^6\/6/);
    await s.press('g');
    expect(selected(s)).toBe('api-health');
  });

  it('PgDn and PgUp move a screen at a time, and the list scrolls with the selection', async () => {
    screen = await renderScreen({ monitors: manySeeds(100) });
    const s = screen;
    await s.press(KEY.pageDown);
    expect(selected(s)).toBe('svc-0020');
    expect(s.lines()[2]).toMatch(/^ ○ svc-0002/);
    await s.press(KEY.pageDown, KEY.pageDown);
    expect(selected(s)).toBe('svc-0058');
    await s.press(KEY.pageUp);
    expect(selected(s)).toBe('svc-0039');
    expect(s.lines()[2]).toMatch(/^›○ svc-0039/);
  });

  it('the selection stays on its monitor when the list re-sorts under it', async () => {
    const s = await mixed();
    await s.press('G');
    expect(selected(s)).toBe('mail');
    s.store.applyResult(result('mail', 'down', undefined, { type: 'smtp' }));
    await s.update();
    expect(selected(s)).toBe('mail');
    expect(s.lines()[2]).toMatch(/^ ✖ api-health/);
    expect(s.lines()[3]).toMatch(/^›✖ mail/);
  });
});

describe('views', () => {
  it('Enter opens the detail of the selected monitor, Esc goes back', async () => {
    const s = await mixed();
    await s.press('j', KEY.enter);
    await s.waitFor('incident #4');
    expect(s.actions.calls).toContain('loadDetail api-cert');
    expect(s.lines()[1]).toMatch(/^▲ degraded {2}api-cert · uptime/);
    expect(s.frame()).toContain('Esc back');
    await s.press(KEY.escape);
    expect(selected(s)).toBe('api-cert');
    expect(s.frame()).toContain('NAME');
  });

  it('the detail reloads when a new result for the monitor arrives, and j/k move to the next monitor', async () => {
    const s = await mixed();
    await s.press(KEY.enter);
    await s.waitFor('recent results');
    const loads = () => s.actions.calls.filter((c) => c === 'loadDetail api-health').length;
    expect(loads()).toBe(1);
    s.store.applyResult(result('api-health', 'down', undefined, { startedAt: Date.now() }));
    await s.update();
    await s.waitFor('recent results');
    expect(loads()).toBe(2);
    await s.press('j');
    await until(() => s.actions.calls.at(-1) === 'loadDetail api-cert', 'the next monitor\'s detail');
    await s.waitFor('api-cert · uptime');
  });

  it('a shows the activity of sites and agents, a again (or Esc) goes back', async () => {
    const s = await mixed();
    await s.press('a');
    await s.waitFor('laptops 6h active');
    expect(s.frame()).toContain('blog 1,234 visitors · 5,678 page views');
    await s.press('a');
    expect(s.frame()).toContain('NAME');
    await s.press('a', KEY.escape);
    expect(s.frame()).toContain('NAME');
  });

  it('? shows the help over any view; any key closes it', async () => {
    const s = await mixed();
    await s.press('?');
    expect(s.frame()).toContain('silence the selected monitor');
    await s.press('j');
    expect(s.frame()).not.toContain('silence the selected monitor');
    // The key that closed the help did nothing else.
    expect(selected(s)).toBe('api-health');
    await s.press('?', '?');
    expect(s.frame()).toContain('NAME');
  });
});

describe('the list', () => {
  it('/ opens the filter prompt: typing narrows, Enter keeps the filter, Esc clears it', async () => {
    const s = await mixed();
    await s.press('/');
    expect(s.lines().at(-1)).toMatch(/^\/_ {2}Enter keep · Esc clear$/);
    await s.press('a', 'p', 'i');
    expect(s.lines().at(-1)).toMatch(/^\/api_/);
    expect(s.frame()).not.toContain('homepage');
    expect(statusLine(s)).toBe('1/2 · sort status · filter "api" (2 of 6)');
    await s.press(KEY.enter);
    expect(s.lines().at(-1)).toMatch(/^↑↓ move/);
    expect(s.frame()).not.toContain('homepage');
    await s.press('/', KEY.backspace, KEY.backspace, KEY.backspace, 'w', 'e', 'b');
    expect(s.frame()).toContain('homepage-perf');
    expect(s.frame()).not.toContain('mail');
    await s.press(KEY.escape);
    expect(s.frame()).toContain('mail');
    expect(statusLine(s)).toBe('1/6 · sort status');
  });

  it('the filter matches tags and types; while typing, letters are text (q does not quit)', async () => {
    const s = await mixed();
    await s.press('/', 's', 'm', 't', 'p');
    expect(s.frame()).toContain('mail');
    expect(s.frame()).not.toContain('api-health');
    await s.press(KEY.escape, '/', 'q');
    expect(s.actions.calls).not.toContain('quit');
    expect(s.frame()).toContain('no monitor matches "q"');
  });

  it('Esc in the list clears a kept filter', async () => {
    const s = await mixed();
    await s.press('/', 'm', 'a', 'i', 'l', KEY.enter, KEY.escape);
    expect(statusLine(s)).toBe('1/6 · sort status');
  });

  it('o cycles the sort key', async () => {
    const s = await mixed();
    const order: string[] = [];
    for (let i = 0; i < 5; i++) {
      await s.press('o');
      order.push(statusLine(s).split(' · ')[1]!);
    }
    expect(order).toEqual(['sort name', 'sort latency', 'sort uptime', 'sort type', 'sort status']);
    await s.press('o', 'o');
    // Nothing selected yet: the selection is the first row, whatever it is.
    expect(s.lines()[2]).toMatch(/^›✔ homepage-perf +lighthouse +1\.8s/);
  });

  it('t groups by tag, t again does not', async () => {
    const s = await mixed();
    await s.press('t');
    expect(s.frame()).toMatch(/── api \(2\) ✖ ─/);
    expect(statusLine(s)).toContain('by tag');
    await s.press('t');
    expect(s.frame()).not.toContain('── api');
  });
});

describe('actions', () => {
  it('r runs the selected monitor now', async () => {
    const s = await mixed();
    await s.press('j', 'r');
    expect(s.actions.calls).toContain('runNow api-cert');
    await s.waitFor('ran api-cert');
  });

  it('p pauses the selected monitor (‖ and counted as paused), p again resumes it', async () => {
    const s = await mixed();
    await s.press('p');
    await s.waitFor('paused api-health');
    await s.waitFor('‖ api-health');
    // At 80 columns the header's counts may be cut before the time of the last result.
    expect(s.lines()[0]).toContain('✖ 0 down  ‖ 1 pa');
    await s.press('p');
    await s.waitFor('resumed api-health');
    await s.waitFor('✖ api-health');
    expect(s.actions.calls.filter((c) => c === 'togglePause api-health')).toHaveLength(2);
  });

  it('m silences the selected monitor for an hour', async () => {
    const s = await mixed();
    await s.press('m');
    expect(s.actions.calls).toContain(`silence api-health ${SILENCE_MS}`);
    expect(SILENCE_MS).toBe(3_600_000);
    await s.waitFor('silenced api-health for 1h');
  });

  it('s shares the dashboard and shows the link; s again stops', async () => {
    const s = await mixed();
    await s.press('s');
    await s.waitFor('⇄ sharing http://127.0.0.1:4848/d/');
    expect(s.lines()[1]).toBe('⇄ sharing http://127.0.0.1:4848/d/Jq3vX9cT0kLmN2pQrS7uWy');
    await s.press('s');
    await s.waitFor('sharing stopped');
    await s.waitFor('1/6');
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(s.frame()).not.toContain('⇄ sharing');
  });

  it('an action that fails says why on the status line, and the screen goes on', async () => {
    const s = await mixed(recordingActions({ fail: 'the scheduler is stopping' }));
    await s.press('r');
    await s.waitFor('run failed: the scheduler is stopping');
    await s.press(KEY.enter);
    await s.waitFor('could not load the detail: the scheduler is stopping');
    await s.press(KEY.escape, 'j');
    expect(selected(s)).toBe('api-cert');
  });

  it('actions on a monitor need one: with an empty list they say so', async () => {
    screen = await renderScreen({ monitors: [] });
    await screen.press('r');
    expect(screen.actions.calls).toEqual([]);
    expect(screen.frame()).toContain('no monitor selected');
  });
});

describe('keys that arrive together', () => {
  it('a chunk such as "jj\\r" (typed before the screen listened) is each key in turn', async () => {
    const s = await mixed();
    await s.press('jj\r');
    await until(() => s.actions.calls.includes('loadDetail blog-logs'), 'the detail of the third monitor');
    await s.press(KEY.escape, '/api\r');
    // blog-logs is filtered out: the selection lands on the nearest row left.
    expect(statusLine(s)).toBe('2/2 · sort status · filter "api" (2 of 6)');
    expect(s.lines().at(-1)).toMatch(/^↑↓ move/);
  });

  it('text pasted into the filter prompt stays one piece', async () => {
    const s = await mixed();
    await s.press('/', 'homepage-p');
    expect(s.lines().at(-1)).toMatch(/^\/homepage-p_/);
    expect(statusLine(s)).toContain('filter "homepage-p" (1 of 6)');
  });
});

describe('quitting', () => {
  for (const [name, key] of [['q', 'q'], ['Ctrl-C', KEY.ctrlC]] as const) {
    it(`${name} asks the host to quit and ends the screen`, async () => {
      const s = await mixed();
      const exited = s.instance.waitUntilExit();
      await s.press(key);
      expect(s.actions.calls).toEqual(['quit']);
      await expect(exited).resolves.toBeUndefined();
    });
  }

  it('Ctrl-C quits from the filter prompt too', async () => {
    const s = await mixed();
    await s.press('/', 'x', KEY.ctrlC);
    expect(s.actions.calls).toEqual(['quit']);
  });
});
