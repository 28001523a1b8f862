/**
 * The frame fits the terminal: at 80×24 no frame of any view is taller than 23 lines (a frame as tall
 * as the screen makes Ink clear the terminal on every redraw: flicker) or wider than 80 columns; it
 * follows resizes; a thousand monitors render only the rows on screen.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { KEY } from './fake-terminal.js';
import { manySeeds, MIXED, MIXED_RESULTS, result, sampleDetail, SAMPLE_ACTIVITY, T0 } from './fixtures.js';
import { recordingActions, renderScreen, type Screen } from './harness.js';

let screen: Screen | undefined;
afterEach(() => screen?.instance.unmount());

const cells = (line: string) => [...line].length;

function expectEveryFrameFits(s: Screen, columns: number, rows: number) {
  expect(s.stdout.frames.length).toBeGreaterThan(0);
  for (const frame of s.stdout.frames) {
    const lines = frame.split('\n');
    expect(lines.length, frame).toBeLessThanOrEqual(rows - 1);
    for (const line of lines) expect(cells(line), line).toBeLessThanOrEqual(columns);
  }
}

describe('at 80×24', () => {
  it('no frame of any view is taller than 23 lines or wider than 80 columns', async () => {
    const actions = recordingActions({ detail: sampleDetail, activity: SAMPLE_ACTIVITY });
    screen = await renderScreen({ monitors: [...MIXED, ...manySeeds(60)], actions });
    const s = screen;
    for (const r of MIXED_RESULTS) s.store.applyResult(r, { uptime24h: 99.5 });
    await s.update();
    expect(s.lines()).toHaveLength(23);
    await s.press('t', 'G', 'g', KEY.pageDown, KEY.enter);
    await s.waitFor('recent results');
    await s.press(KEY.escape, 'a');
    await s.waitFor('laptops');
    await s.press(KEY.escape, '?', '?', '/', 'w', 'e', 'b', KEY.enter, 's');
    await s.waitFor('⇄ sharing');
    await s.press(KEY.enter);
    await s.waitFor('recent results');
    await s.press('?');
    expectEveryFrameFits(s, 80, 24);
  });

  it('a long error, many assertions and many results still fit the detail view', async () => {
    const long = { ...sampleDetail('x'), lastError: { at: T0, message: 'x'.repeat(2000) } };
    long.assertions = Array.from({ length: 40 }, (_, at) => ({ name: `a${at}`, status: 'down' as const, message: 'no' }));
    screen = await renderScreen({ monitors: MIXED, actions: recordingActions({ detail: () => long }) });
    await screen.press(KEY.enter);
    await screen.waitFor('last error');
    expectEveryFrameFits(screen, 80, 24);
  });
});

describe('resizing', () => {
  it('follows the terminal: more rows and wider columns, fewer rows, too small, and back', async () => {
    screen = await renderScreen({ monitors: manySeeds(100) });
    const s = screen;
    const monitorLines = () => s.lines().filter((line) => /^[› ]○ svc-/.test(line)).length;
    expect(monitorLines()).toBe(19);

    const height = (n: number) => (frame: string) => frame.split('\n').length === n;
    s.stdout.resize(120, 40);
    await s.waitFor(height(39));
    await s.press('G');
    expect(s.lines()).toHaveLength(39);
    expect(monitorLines()).toBe(35);
    expect(Math.max(...s.lines().map(cells))).toBeLessThanOrEqual(120);
    expect(s.lines().find((l) => l.startsWith('›'))).toContain('svc-0100');

    s.stdout.resize(60, 15);
    await s.waitFor(height(14));
    expect(s.lines()).toHaveLength(14);
    expect(monitorLines()).toBe(10);
    expect(s.frame()).not.toContain('RECENT');
    expect(s.lines().find((l) => l.startsWith('›'))).toContain('svc-0100');

    s.stdout.resize(30, 6);
    await s.waitFor(height(5));
    expect(s.lines().join(' ').replace(/ +/g, ' ').trim()).toBe('terminal too small: 30×6, trackz watch needs 40×8');

    s.stdout.resize(80, 24);
    await s.waitFor(height(23));
    expect(monitorLines()).toBe(19);
  });
});

describe('a thousand monitors', () => {
  it('render only the rows on screen, and move from end to end', async () => {
    screen = await renderScreen({ monitors: manySeeds(1000) });
    const s = screen;
    for (const seed of manySeeds(1000)) s.store.applyResult(result(seed.name, seed.name.endsWith('7') ? 'down' : 'up', 12));
    await s.update();
    const lines = s.lines();
    expect(lines).toHaveLength(23);
    expect(lines.filter((line) => /svc-\d{4}/.test(line))).toHaveLength(19);
    expect(lines[2]).toMatch(/^›✖ svc-0007/);
    expect(lines[0]).toContain('✔ 900 up  ▲ 0 degraded  ✖ 100 down');
    await s.press('G');
    expect(s.lines()[20]).toMatch(/^›✔ svc-1000/);
    expect(s.lines().at(-2)).toMatch(/^1000\/1000/);
    await s.press('t');
    expect(s.frame()).toMatch(/── rack-99 \(10\) ✖ ─/);
  });
});
