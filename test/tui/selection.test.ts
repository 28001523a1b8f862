import { describe, expect, it } from 'vitest';
import type { ListRow } from '../../src/tui/list-rows.js';
import type { MonitorRow } from '../../src/tui/model.js';
import { firstIndex, lastIndex, moveBy, selectedIndex, selectionAt, windowTop } from '../../src/tui/selection.js';

const monitor = (name: string): ListRow => ({ kind: 'monitor', key: name, monitor: { name } as MonitorRow });
const group = (tag: string): ListRow => ({ kind: 'group', key: `#${tag}`, tag, count: 0, worst: 'up' });
// #a, m1, m2, #b, m3
const rows = [group('a'), monitor('m1'), monitor('m2'), group('b'), monitor('m3')];

describe('the selection', () => {
  it('moves over monitor rows only, and stops at either end', () => {
    expect(moveBy(rows, 1, 1)).toBe(2);
    expect(moveBy(rows, 2, 1)).toBe(4);
    expect(moveBy(rows, 4, 1)).toBe(4);
    expect(moveBy(rows, 4, -2)).toBe(1);
    expect(moveBy(rows, 1, -1)).toBe(1);
    expect(moveBy(rows, 1, 100)).toBe(4);
    expect([firstIndex(rows), lastIndex(rows)]).toEqual([1, 4]);
  });

  it('follows the monitor by key, then by name, else lands on the nearest monitor row', () => {
    expect(selectedIndex(rows, { key: 'm3', name: 'm3' })).toBe(4);
    expect(selectedIndex(rows, { key: 'x\u0000m2', name: 'm2' })).toBe(2);
    expect(selectedIndex(rows, { key: 'gone', name: 'gone' }, 3)).toBe(4);
    expect(selectedIndex(rows, null)).toBe(1);
    expect(selectedIndex([group('a')], null)).toBe(-1);
    expect(selectionAt(rows, 2)).toEqual({ key: 'm2', name: 'm2' });
    expect(selectionAt(rows, 0)).toBeNull();
  });

  it('scrolls only as far as needed, never past the end', () => {
    expect(windowTop(0, 5, 10, 100)).toBe(0);
    expect(windowTop(0, 10, 10, 100)).toBe(1);
    expect(windowTop(50, 20, 10, 100)).toBe(20);
    expect(windowTop(95, 99, 10, 100)).toBe(90);
    expect(windowTop(7, 3, 10, 8)).toBe(0);
    // With a group header above the selection, the header comes into view too.
    expect(windowTop(4, 4, 3, 10, true)).toBe(3);
  });
});
