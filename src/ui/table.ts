/**
 * The one table every view prints (check, history, alerts, activity): a compact cli-table3 grid whose
 * columns are fitted to a width. Each column says how it may give way when the table is too wide:
 * `wrap` and `cut` columns (messages, errors, paths) shrink first, wrapped onto more lines or cut with
 * `…` at a word boundary; `name` columns (monitor, channel) are cut only when nothing else is left to
 * give; `fixed` columns (status, times, numbers) never shrink. Without a width, nothing is fitted.
 */
import Table from 'cli-table3';
import { cutText, displayWidth, wrapText } from './text.js';

export type Fit = 'fixed' | 'name' | 'cut' | 'wrap';

export interface Column {
  header: string;
  fit?: Fit;
  /** The narrowest a shrinking column gets (never narrower than its header). Default: wrap 12, cut 10, names 8. */
  min?: number;
}

export interface TableOptions {
  /** Columns of the terminal; absent: every column as wide as its widest cell. */
  width?: number;
  /** Paints the header row (bold on a terminal). */
  header?: (text: string) => string;
}

/** Borders and padding: `│ a │ b │` is 3 columns per cell plus 1. */
export const tableOverhead = (columnCount: number) => columnCount * 3 + 1;

const DEFAULT_MIN: Record<Fit, number> = { fixed: 0, name: 8, cut: 10, wrap: 12 };
/** Which columns give way first. */
const SHRINK_ORDER: Fit[][] = [['wrap', 'cut'], ['name']];

/**
 * Content widths that fit `width`: the widest shrinkable column of the current group loses a column
 * at a time, so shrinking columns end up alike rather than one squeezed to nothing.
 */
export function fitColumnWidths(columns: readonly Column[], natural: readonly number[], width: number): number[] {
  const widths = [...natural];
  const budget = width - tableOverhead(columns.length);
  const mins = columns.map((column, i) => Math.min(natural[i]!, Math.max(displayWidth(column.header), column.min ?? DEFAULT_MIN[column.fit ?? 'fixed'])));
  let excess = widths.reduce((sum, w) => sum + w, 0) - budget;
  for (const group of SHRINK_ORDER) {
    const members = columns.flatMap((column, i) => (group.includes(column.fit ?? 'fixed') ? [i] : []));
    while (excess > 0) {
      let widest = -1;
      for (const i of members) if (widths[i]! > mins[i]! && (widest === -1 || widths[i]! > widths[widest]!)) widest = i;
      if (widest === -1) break;
      widths[widest]!--;
      excess--;
    }
  }
  return widths;
}

function fitCell(text: string, fit: Fit, width: number): string {
  if (fit === 'fixed' || displayWidth(text) <= width) return text;
  return fit === 'wrap' ? wrapText(text, width) : cutText(text, width);
}

export function renderTable(columns: readonly Column[], rows: readonly (readonly string[])[], options: TableOptions = {}): string {
  const paint = options.header ?? ((text: string) => text);
  let cells = rows;
  let colWidths: number[] | undefined;
  if (options.width !== undefined) {
    const natural = columns.map((column, i) => Math.max(displayWidth(column.header), ...rows.map((row) => displayWidth(row[i] ?? ''))));
    const widths = fitColumnWidths(columns, natural, options.width);
    cells = rows.map((row) => row.map((text, i) => fitCell(text, columns[i]?.fit ?? 'fixed', widths[i]!)));
    colWidths = widths.map((w) => w + 2);
  }
  const table = new Table({
    head: columns.map((column) => paint(column.header)),
    style: { head: [], border: [], compact: true },
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
    wordWrap: false,
    ...(colWidths ? { colWidths } : {}),
  });
  for (const row of cells) table.push([...row]);
  return table.toString();
}
