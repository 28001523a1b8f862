/** The terminal's size from Ink's stdout, updated on every resize. */
import { useStdout } from 'ink';
import { useEffect, useState } from 'react';
import type { ScreenSize } from '../layout.js';

/** What a stream without a size (a pipe, a test double) is taken to be. */
export const DEFAULT_SIZE: ScreenSize = { columns: 80, rows: 24 };

const sizeOf = (stdout: NodeJS.WriteStream): ScreenSize => ({
  columns: stdout.columns || DEFAULT_SIZE.columns,
  rows: stdout.rows || DEFAULT_SIZE.rows,
});

export function useTerminalSize(): ScreenSize {
  const { stdout } = useStdout();
  const [size, setSize] = useState(() => sizeOf(stdout));
  useEffect(() => {
    const resized = () =>
      setSize((previous) => {
        const next = sizeOf(stdout);
        return next.columns === previous.columns && next.rows === previous.rows ? previous : next;
      });
    stdout.on('resize', resized);
    resized();
    return () => {
      stdout.off('resize', resized);
    };
  }, [stdout]);
  return size;
}
