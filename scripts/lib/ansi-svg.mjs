/**
 * A terminal screen as an SVG: the text of `tmux capture-pane -p -e` (lines with SGR escapes) drawn
 * on a fixed grid, monospace, with the colours, bold, dim, italic, underline and inverse it asks for.
 * Each word of a run of same-styled cells is one <text> stretched to its cells (textLength), so the grid holds
 * whatever monospace font the viewer has. Other escapes (cursor moves, OSC) are dropped.
 */

/** xterm's 16 colours, as most terminal themes draw them. */
const BASE16 = [
  '#000000', '#cd3131', '#0dbc79', '#e5e510', '#2472c8', '#bc3fbc', '#11a8cd', '#e5e5e5',
  '#666666', '#f14c4c', '#23d18b', '#f5f543', '#3b8eea', '#d670d6', '#29b8db', '#ffffff',
];
export const DEFAULT_THEME = { background: '#1e1e1e', foreground: '#d4d4d4' };

/** The xterm 256-colour palette: 16 base colours, a 6×6×6 cube, 24 greys. */
export function color256(n) {
  if (n < 16) return BASE16[n];
  if (n < 232) {
    const level = (v) => (v === 0 ? 0 : 55 + v * 40);
    const i = n - 16;
    return rgb(level(Math.floor(i / 36)), level(Math.floor(i / 6) % 6), level(i % 6));
  }
  const grey = 8 + (n - 232) * 10;
  return rgb(grey, grey, grey);
}

const rgb = (r, g, b) => `#${[r, g, b].map((v) => Math.max(0, Math.min(255, v)).toString(16).padStart(2, '0')).join('')}`;

const plain = () => ({ fg: null, bg: null, bold: false, dim: false, italic: false, underline: false, inverse: false });

/** Applies one SGR parameter list (`1;31`, `38;5;208`) to a style. */
export function applySgr(style, params) {
  const codes = params === '' ? [0] : params.split(/[;:]/).map((p) => (p === '' ? 0 : Number(p)));
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i];
    if (code === 0) Object.assign(style, plain());
    else if (code === 1) style.bold = true;
    else if (code === 2) style.dim = true;
    else if (code === 3) style.italic = true;
    else if (code === 4) style.underline = true;
    else if (code === 7) style.inverse = true;
    else if (code === 22) style.bold = style.dim = false;
    else if (code === 23) style.italic = false;
    else if (code === 24) style.underline = false;
    else if (code === 27) style.inverse = false;
    else if (code >= 30 && code <= 37) style.fg = BASE16[code - 30];
    else if (code >= 90 && code <= 97) style.fg = BASE16[code - 90 + 8];
    else if (code >= 40 && code <= 47) style.bg = BASE16[code - 40];
    else if (code >= 100 && code <= 107) style.bg = BASE16[code - 100 + 8];
    else if (code === 39) style.fg = null;
    else if (code === 49) style.bg = null;
    else if (code === 38 || code === 48) {
      const key = code === 38 ? 'fg' : 'bg';
      if (codes[i + 1] === 5) {
        style[key] = color256(codes[i + 2] ?? 0);
        i += 2;
      } else if (codes[i + 1] === 2) {
        style[key] = rgb(codes[i + 2] ?? 0, codes[i + 3] ?? 0, codes[i + 4] ?? 0);
        i += 4;
      }
    }
  }
  return style;
}

/** Lines of cells: { ch, style } per column. */
export function parseAnsi(text) {
  const style = plain();
  return text.replace(/\n$/, '').split('\n').map((line) => {
    const cells = [];
    const pattern = /\u001B\[([?>=]?[0-9;:]*)([A-Za-z])|\u001B\][^\u0007\u001B]*(?:\u0007|\u001B\\)|\u001B[()][0-9A-Za-z]|([\s\S])/gu;
    for (const match of line.matchAll(pattern)) {
      if (match[2] === 'm' && /^[0-9;:]*$/.test(match[1])) applySgr(style, match[1]);
      else if (match[3] !== undefined && match[3] !== '\r') cells.push({ ch: match[3], style: { ...style } });
    }
    return cells;
  });
}

const escapeXml = (text) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const sameStyle = (a, b) => a.fg === b.fg && a.bg === b.bg && a.bold === b.bold && a.dim === b.dim && a.italic === b.italic && a.underline === b.underline && a.inverse === b.inverse;

/**
 * The SVG of a capture. `columns`/`rows` fix the grid (the terminal's size); a title, when given,
 * becomes the SVG's <title> for screen readers.
 */
export function ansiToSvg(text, { columns, rows, title, theme = DEFAULT_THEME, fontSize = 14 } = {}) {
  const lines = parseAnsi(text);
  const width = columns ?? Math.max(1, ...lines.map((l) => l.length));
  const height = rows ?? lines.length;
  const cellW = Math.round(fontSize * 0.6 * 100) / 100;
  const cellH = Math.round(fontSize * 1.3 * 100) / 100;
  const pad = 10;
  const backgrounds = [];
  const texts = [];
  lines.slice(0, height).forEach((cells, row) => {
    const y = pad + row * cellH;
    let col = 0;
    while (col < Math.min(cells.length, width)) {
      const start = col;
      const style = cells[col].style;
      while (col < Math.min(cells.length, width) && sameStyle(cells[col].style, style)) col++;
      const run = cells.slice(start, col).map((c) => c.ch).join('');
      let fg = style.fg ?? theme.foreground;
      let bg = style.bg;
      if (style.inverse) [fg, bg] = [bg ?? theme.background, fg];
      const x = pad + start * cellW;
      if (bg) backgrounds.push(`<rect x="${x.toFixed(2)}" y="${y.toFixed(2)}" width="${((col - start) * cellW).toFixed(2)}" height="${cellH.toFixed(2)}" fill="${bg}"/>`);
      // Each word on its own, at its own column: spaces never get stretched or collapsed by a renderer.
      for (const word of run.matchAll(/\S+/gu)) {
        const wx = x + [...run.slice(0, word.index)].length * cellW;
        const cells = [...word[0]].length;
        const attrs = [
          `x="${wx.toFixed(2)}"`,
          `y="${(y + cellH * 0.78).toFixed(2)}"`,
          `textLength="${(cells * cellW).toFixed(2)}"`,
          'lengthAdjust="spacingAndGlyphs"',
          `fill="${fg}"`,
          style.bold ? 'font-weight="bold"' : '',
          style.dim ? 'opacity="0.6"' : '',
          style.italic ? 'font-style="italic"' : '',
          style.underline ? 'text-decoration="underline"' : '',
        ].filter(Boolean);
        texts.push(`<text ${attrs.join(' ')}>${escapeXml(word[0])}</text>`);
      }
    }
  });
  const w = (pad * 2 + width * cellW).toFixed(0);
  const h = (pad * 2 + height * cellH).toFixed(0);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" role="img"${title ? ` aria-label="${escapeXml(title)}"` : ''}>`,
    title ? `<title>${escapeXml(title)}</title>` : '',
    `<rect width="100%" height="100%" rx="6" fill="${theme.background}"/>`,
    `<g font-family="'DejaVu Sans Mono', 'Menlo', 'Consolas', monospace" font-size="${fontSize}" xml:space="preserve">`,
    ...backgrounds,
    ...texts,
    '</g>',
    '</svg>',
    '',
  ]
    .filter((line) => line !== '')
    .join('\n');
}
