/**
 * The one table every view prints: fitted to a width, messages wrapped or cut at word boundaries,
 * names kept whole while anything else can give way, and nothing fitted when there is no width.
 */
import { describe, expect, it } from 'vitest';
import { displayWidth, cutText, wrapText } from '../../src/ui/text.js';
import { fitColumnWidths, renderTable, tableOverhead, type Column } from '../../src/ui/table.js';
import { outputWidth } from '../../src/ui/width.js';

const lines = (text: string) => text.split('\n');
const widest = (text: string) => Math.max(...lines(text).map(displayWidth));

describe('outputWidth: COLUMNS, then the terminal, then 80; nothing for a pipe', () => {
  it('prefers COLUMNS, then the terminal’s columns, then 80 on a terminal that does not say', () => {
    expect(outputWidth({ isTTY: true, columns: 120 }, { COLUMNS: '80' })).toBe(80);
    expect(outputWidth({ isTTY: false }, { COLUMNS: '100' })).toBe(100);
    expect(outputWidth({ isTTY: true, columns: 132 }, {})).toBe(132);
    expect(outputWidth({ isTTY: true }, {})).toBe(80);
  });

  it('imposes no width on a pipe without COLUMNS, and ignores a COLUMNS that is not a number', () => {
    expect(outputWidth({ isTTY: false }, {})).toBeUndefined();
    expect(outputWidth({}, { COLUMNS: 'wide' })).toBeUndefined();
    expect(outputWidth({ isTTY: true, columns: 90 }, { COLUMNS: '' })).toBe(90);
  });
});

describe('cutText and wrapText', () => {
  it('cuts at a word boundary with …, and mid-word only when a boundary would waste half the room', () => {
    expect(cutText('connection refused by 127.0.0.1:443', 20)).toBe('connection refused…');
    expect(cutText('short', 20)).toBe('short');
    expect(cutText('a-very-long-single-word-without-spaces', 12)).toBe('a-very-long…');
    expect(displayWidth(cutText('timeout after 10s waiting for the response headers', 17))).toBeLessThanOrEqual(17);
  });

  it('measures wide characters as two columns and never splits one', () => {
    expect(displayWidth('日本語')).toBe(6);
    const cut = cutText('日本語のテキストです', 7);
    expect(displayWidth(cut)).toBeLessThanOrEqual(7);
    expect(cut.endsWith('…')).toBe(true);
  });

  it('wraps at spaces, splitting only a word longer than the line', () => {
    expect(lines(wrapText('status 503, expected 2xx', 12))).toEqual(['status 503,', 'expected 2xx']);
    expect(lines(wrapText('abcdefghijklmnop', 5)).every((line) => line.length <= 5)).toBe(true);
  });
});

describe('fitColumnWidths', () => {
  const columns: Column[] = [{ header: 'STATUS' }, { header: 'MONITOR', fit: 'name' }, { header: 'MESSAGE', fit: 'wrap' }];

  it('leaves a table that fits alone', () => {
    expect(fitColumnWidths(columns, [8, 10, 20], 80)).toEqual([8, 10, 20]);
  });

  it('shrinks the message before the name, and the name only when the message is at its minimum', () => {
    const budget = (w: number) => w - tableOverhead(3);
    const fitted = fitColumnWidths(columns, [8, 25, 60], 60);
    expect(fitted).toEqual([8, 25, budget(60) - 8 - 25]);
    const narrow = fitColumnWidths(columns, [8, 25, 60], 40);
    expect(narrow[2]).toBe(12);
    expect(narrow.reduce((a, b) => a + b, 0)).toBe(budget(40));
    expect(narrow[0]).toBe(8);
  });

  it('never shrinks a fixed column, and overflows rather than cut it when nothing else is left', () => {
    expect(fitColumnWidths([{ header: 'A' }, { header: 'B' }], [50, 50], 40)).toEqual([50, 50]);
  });
});

describe('renderTable', () => {
  const columns: Column[] = [{ header: 'MONITOR', fit: 'name' }, { header: 'MESSAGE', fit: 'wrap' }, { header: 'ERROR', fit: 'cut' }];
  const rows = [['homepage-with-a-long-name', 'the certificate does not match example.org: it is for example.com, www.example.com', 'connection refused by 10.0.0.5:443 after three attempts']];

  it('fits the width: the name whole, the message wrapped, the error cut with …', () => {
    const text = renderTable(columns, rows, { width: 80 });
    expect(widest(text)).toBeLessThanOrEqual(80);
    expect(text).toContain('homepage-with-a-long-name');
    expect(text).toMatch(/│ connection[^│]*… *│/);
    const message = lines(text).map((line) => line.split('│')[2]?.trim()).filter(Boolean).slice(1).join(' ');
    expect(message).toBe(rows[0]![1]);
  });

  it('without a width, every cell is whole on one line', () => {
    const text = renderTable(columns, rows);
    expect(lines(text)).toHaveLength(4);
    expect(text).toContain(rows[0]![2]);
  });

  it('cuts a name only when the terminal leaves no other choice', () => {
    const text = renderTable(columns, rows, { width: 50 });
    expect(widest(text)).toBeLessThanOrEqual(50);
    expect(text).toMatch(/│ homepage-[\w-]*… │/);
    expect(text).not.toContain("homepage-with-a-long-name");
  });
});
