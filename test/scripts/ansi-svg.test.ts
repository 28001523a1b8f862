/** The ANSI → SVG converter behind the README's screenshots of `trackz watch`. */
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script without types
import { ansiToSvg, color256, parseAnsi } from '../../scripts/lib/ansi-svg.mjs';

type Cell = { ch: string; style: { fg: string | null; bg: string | null; bold: boolean; inverse: boolean } };

describe('parseAnsi', () => {
  it('keeps the style of each cell: 16 colours, 256 colours, true colour, bold, reset', () => {
    const [line] = parseAnsi('\u001B[1;31mA\u001B[0mB\u001B[38;5;208mC\u001B[48;2;1;2;3mD\u001B[39;49mE') as Cell[][];
    expect(line!.map((c) => c.ch).join('')).toBe('ABCDE');
    expect(line![0]!.style).toMatchObject({ fg: '#cd3131', bold: true });
    expect(line![1]!.style).toMatchObject({ fg: null, bold: false });
    expect(line![2]!.style.fg).toBe(color256(208));
    expect(line![3]!.style).toMatchObject({ fg: color256(208), bg: '#010203' });
    expect(line![4]!.style).toMatchObject({ fg: null, bg: null });
  });

  it('carries a style across lines, as the terminal does, and drops other escapes', () => {
    const lines = parseAnsi('\u001B[32mok\n\u001B[?25lstill green\u001B]0;title\u0007') as Cell[][];
    expect(lines[1]!.map((c) => c.ch).join('')).toBe('still green');
    expect(lines[1]![0]!.style.fg).toBe('#0dbc79');
  });
});

describe('ansiToSvg', () => {
  it('draws a grid of the terminal size, one text per styled run, XML escaped', () => {
    const svg = ansiToSvg('\u001B[31m✖ down\u001B[0m <a&b>\n\u001B[7mselected\u001B[27m', { columns: 80, rows: 24, title: 'watch' }) as string;
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="\d+" height="\d+"/);
    expect(svg).toContain('<title>watch</title>');
    expect(svg).toMatch(/<text x="10.00" [^>]*fill="#cd3131"[^>]*>✖<\/text>/);
    expect(svg).toMatch(/<text x="26.80" [^>]*textLength="33.60" [^>]*fill="#cd3131"[^>]*>down<\/text>/);
    expect(svg).toContain('&lt;a&amp;b&gt;');
    // Inverse: the default colours swapped, with a background cell for the run.
    expect(svg).toMatch(/<rect x="10.00" y="[\d.]+" width="[\d.]+" height="[\d.]+" fill="#d4d4d4"\/>/);
    expect(svg).toMatch(/<text [^>]*fill="#1e1e1e"[^>]*>selected<\/text>/);
    const width = Number(/width="(\d+)"/.exec(svg)![1]);
    expect(width).toBe(Math.round(20 + 80 * 8.4));
  });
});
