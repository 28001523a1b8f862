/**
 * Text widths in 11px Verdana, the font shields' flat badges are measured in: the widths of U+0020…U+00FF
 * and a few typographic marks, taken from the table shields itself uses (the MIT-licensed `anafanafo`
 * package, verdana-11px-normal), so badges are sized like shields' own. Any other character counts as
 * wide as "m", which is what shields guesses for characters its table lacks: a badge with such text is
 * at worst a little roomy (its text is drawn with textLength, so it always fits).
 */

// U+0020 … U+00FF; 0 for controls and soft hyphen, -1 where the table has no entry (C1 controls, ÿ).
const LATIN1 = [
  3.87, 4.33, 5.05, 9, 6.99, 11.84, 7.99, 2.95, 5, 5, 6.99, 9, 4, 5, 4, 5, 6.99, 6.99, 6.99, 6.99, 6.99, 6.99, 6.99, 6.99, 6.99,
  6.99, 5, 5, 9, 9, 9, 6, 11, 7.52, 7.54, 7.68, 8.48, 6.96, 6.32, 8.53, 8.27, 4.63, 5, 7.62, 6.12, 9.27, 8.23, 8.66, 6.63, 8.66,
  7.65, 7.52, 6.78, 8.05, 7.52, 10.88, 7.54, 6.77, 7.54, 5, 5, 5, 9, 6.99, 6.99, 6.61, 6.85, 5.73, 6.85, 6.55, 3.87, 6.85, 6.96,
  3.02, 3.79, 6.51, 3.02, 10.7, 6.96, 6.68, 6.85, 6.85, 4.69, 5.73, 4.33, 6.96, 6.51, 9, 6.51, 6.51, 5.78, 6.98, 5, 6.98, 9, 0,
  ...new Array<number>(32).fill(-1),
  3.87, 4.33, 6.99, 6.99, 6.99, 6.99, 5, 6.99, 6.99, 11, 6, 7.09, 9, 0, 11, 6.99, 5.96, 9, 5.96, 5.96, 6.99, 7.06, 6.99, 4, 6.99,
  5.96, 6, 7.09, 11, 11, 11, 6, 7.52, 7.52, 7.52, 7.52, 7.52, 7.52, 10.83, 7.68, 6.96, 6.96, 6.96, 6.96, 4.63, 4.63, 4.63, 4.63,
  8.53, 8.23, 8.66, 8.66, 8.66, 8.66, 8.66, 9, 8.66, 8.05, 8.05, 8.05, 8.05, 6.77, 6.66, 6.82, 6.61, 6.61, 6.61, 6.61, 6.61, 6.61,
  10.51, 5.73, 6.55, 6.55, 6.55, 6.55, 3.02, 3.02, 3.02, 3.02, 6.73, 6.96, 6.68, 6.68, 6.68, 6.68, 6.68, 9, 6.68, 6.96, 6.96, 6.96,
  6.96, 6.51, 6.85, -1,
];

// en and em dash, curly quotes, bullet, ellipsis, ≈ ≤ ≥
const MARKS = new Map<number, number>([
  [0x2013, 6.99], [0x2014, 11], [0x2018, 2.95], [0x2019, 2.95], [0x201c, 5.05], [0x201d, 5.05], [0x2022, 6], [0x2026, 9],
  [0x2248, 9], [0x2264, 9], [0x2265, 9],
]);

const EM = 10.7; // "m"

function charWidth(code: number): number {
  if (code <= 31 || code === 127) return 0;
  if (code <= 255) {
    const width = LATIN1[code - 32]!;
    return width < 0 ? EM : width;
  }
  return MARKS.get(code) ?? EM;
}

/** The width of `text` in 11px Verdana, summed in code-point order (the same float sum shields makes). */
export function verdana11Width(text: string): number {
  let width = 0;
  for (const char of text) width += charWidth(char.codePointAt(0)!);
  return width;
}
