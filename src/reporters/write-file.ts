/**
 * Reports land whole or not at all: written to a temporary file beside the target, then renamed. A
 * streamed report (TAP, JSON Lines) is written into the temporary file as it arrives, so it never
 * sits in memory, and appears under its name only once complete.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export class AtomicFile {
  private readonly temporary: string;
  private fd: number | undefined;

  constructor(private readonly path: string) {
    this.temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  }

  write(chunk: string): void {
    if (this.fd === undefined) {
      mkdirSync(dirname(this.path), { recursive: true });
      this.fd = openSync(this.temporary, 'w', 0o644);
    }
    writeSync(this.fd, chunk);
  }

  /** Flushes to disk and puts the file in place. */
  commit(): void {
    try {
      if (this.fd === undefined) this.write('');
      fsyncSync(this.fd!);
      closeSync(this.fd!);
      this.fd = undefined;
      renameSync(this.temporary, this.path);
    } catch (error) {
      this.abort();
      throw error;
    }
  }

  /** Leaves no trace: the target keeps what it had. */
  abort(): void {
    if (this.fd !== undefined) {
      try {
        closeSync(this.fd);
      } catch {
        // Already unusable; the file is removed below all the same.
      }
    }
    this.fd = undefined;
    rmSync(this.temporary, { force: true });
  }
}

export function writeFileAtomic(path: string, content: string | Iterable<string>): void {
  const file = new AtomicFile(path);
  try {
    for (const chunk of typeof content === 'string' ? [content] : content) file.write(chunk);
  } catch (error) {
    file.abort();
    throw error;
  }
  file.commit();
}
