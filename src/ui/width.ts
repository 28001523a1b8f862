/**
 * How wide a view may be. `COLUMNS` wins when set (scripts and tests pin it), then the terminal's own
 * width, then 80 for a terminal that does not say. Output to a pipe or a file with no `COLUMNS` gets
 * no width at all: a log or a `grep` should see whole lines.
 */
export interface OutputStream {
  isTTY?: boolean;
  columns?: number;
}

export const DEFAULT_WIDTH = 80;
/** Narrower than this, no table can be laid out sensibly; it is treated as this. */
const MIN_WIDTH = 40;

export function outputWidth(stream: OutputStream, env: Record<string, string | undefined>): number | undefined {
  const fromEnv = /^\d+$/.test(env.COLUMNS?.trim() ?? '') ? Number(env.COLUMNS) : 0;
  if (fromEnv > 0) return Math.max(MIN_WIDTH, fromEnv);
  if (!stream.isTTY) return undefined;
  return Math.max(MIN_WIDTH, stream.columns && stream.columns > 0 ? stream.columns : DEFAULT_WIDTH);
}
