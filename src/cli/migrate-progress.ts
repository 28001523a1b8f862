/**
 * `trackz storage migrate`'s progress on stderr: on a terminal, one line redrawn (the table, rows so
 * far of how many); in a log, a line per table as it finishes, so a long copy is not silent.
 */

export interface MigrateProgress {
  update(table: string, copied: number, total: number): void;
  stop(): void;
}

const n = (value: number) => value.toLocaleString('en-US');

export function migrateProgress(stream: NodeJS.WriteStream = process.stderr): MigrateProgress {
  let lastDraw = 0;
  let drawn = false;
  let current: { table: string; copied: number } | undefined;
  const finishLine = () => {
    if (current && !stream.isTTY) stream.write(`  copied ${current.table}: ${n(current.copied)} row${current.copied === 1 ? "" : "s"}\n`);
  };
  return {
    update(table, copied, total) {
      if (current && current.table !== table) finishLine();
      current = { table, copied };
      if (!stream.isTTY) return;
      const now = performance.now();
      if (now - lastDraw < 200) return;
      lastDraw = now;
      drawn = true;
      stream.write(`\r\x1b[2K  copying ${table}: ${n(copied)} of ${n(total)} rows`);
    },
    stop() {
      finishLine();
      current = undefined;
      if (drawn) stream.write('\r\x1b[2K');
      drawn = false;
    },
  };
}
