/**
 * How the screen is divided at a given terminal size. Every frame is at most one line shorter than
 * the terminal: when Ink's output is as tall as the screen it clears the whole terminal on the next
 * redraw, which is the flicker people see in Ink apps. Pure.
 */

export interface ScreenSize {
  columns: number;
  rows: number;
}

/** Below this the screen says so instead of drawing a broken layout. */
export const MIN_SIZE: ScreenSize = { columns: 40, rows: 8 };

export function tooSmall(size: ScreenSize): boolean {
  return size.columns < MIN_SIZE.columns || size.rows < MIN_SIZE.rows;
}

/** Lines a frame may take. */
export function frameHeight(size: ScreenSize): number {
  return Math.max(1, size.rows - 1);
}

/** Header (+ the share link), column titles, status line, footer: what the list view spends around its rows. */
export function listHeight(size: ScreenSize, sharing: boolean): number {
  return Math.max(1, frameHeight(size) - (sharing ? 5 : 4));
}

/** Width of each list cell; 0 hides a cell. Cells are separated by one space. */
export interface ListColumns {
  /** Selection marker and status symbol. */
  lead: number;
  name: number;
  type: number;
  latency: number;
  spark: number;
  uptime: number;
  key: number;
}

const MIN_NAME = 14;

/** The columns for a width: the name takes what is left; narrow screens drop sparkline, type, key figure, uptime in that order. */
export function listColumns(width: number): ListColumns {
  const columns: ListColumns = { lead: 2, name: 0, type: 10, latency: 8, spark: width >= 110 ? 24 : width >= 96 ? 16 : 12, uptime: 7, key: 10 };
  const used = () => columns.lead + (['type', 'latency', 'spark', 'uptime', 'key'] as const).reduce((sum, cell) => sum + (columns[cell] ? columns[cell] + 1 : 0), 0) + 1;
  for (const drop of ['spark', 'type', 'key', 'uptime'] as const) {
    if (width - used() >= MIN_NAME) break;
    columns[drop] = 0;
  }
  columns.name = Math.max(1, width - used());
  return columns;
}
