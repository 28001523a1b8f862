/**
 * Text measured as a terminal shows it (wide characters count two, colour codes nothing), cut or
 * wrapped at word boundaries to a width.
 */
import stringWidth from 'string-width';
import wrapAnsi from 'wrap-ansi';

export const ELLIPSIS = '…';

export function displayWidth(text: string): number {
  return Math.max(0, ...text.split('\n').map((line) => stringWidth(line)));
}

/** The longest prefix of `text` that fits `width` columns (by code point, so no character is split). */
function prefixWithin(text: string, width: number): string {
  let out = '';
  for (const char of text) {
    if (stringWidth(out + char) > width) break;
    out += char;
  }
  return out;
}

/**
 * One line of at most `width` columns: whole when it fits, else cut with `…`, at the last word
 * boundary when that keeps at least half the room (a cut mid-word reads worse than a shorter line).
 */
export function cutText(text: string, width: number): string {
  const line = text.replace(/\s*\n\s*/g, ' ');
  if (stringWidth(line) <= width) return line;
  if (width <= 1) return ELLIPSIS.slice(0, width);
  const room = prefixWithin(line, width - 1);
  const boundary = room.search(/\s+\S*$/);
  const cut = boundary >= Math.floor((width - 1) / 2) ? room.slice(0, boundary) : room;
  return `${cut.replace(/[\s,;:·–-]+$/, '')}${ELLIPSIS}`;
}

/** Lines of at most `width` columns, broken at spaces; a word longer than the width is split. */
export function wrapText(text: string, width: number): string {
  return wrapAnsi(text, Math.max(1, width), { hard: true, trim: true });
}
