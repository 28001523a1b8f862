/**
 * A real file system small enough to fill: a tmpfs of a given size, mounted by the test itself and
 * unmounted after the file. Mounting needs root (or CAP_SYS_ADMIN): `smallDisksUnavailable()` says
 * why it cannot be done here, so a test can skip with that reason instead of failing.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

export interface SmallDisk {
  dir: string;
  path(...parts: string[]): string;
  /** Writes a filler file until the disk is full; returns its size. */
  fill(): number;
  /** Deletes the filler file. */
  free(): void;
  /** Changes the size of the file system (tmpfs can grow and shrink while mounted). */
  resize(bytes: number): void;
}

const mountOptions = (bytes: number) => `size=${Math.ceil(bytes / 4096) * 4096},mode=0777`;

let unavailable: string | undefined | null = null;

/** Why this machine cannot mount a small disk for a test; undefined when it can. Tried once per file. */
export function smallDisksUnavailable(): string | undefined {
  if (unavailable !== null) return unavailable;
  if (process.platform !== 'linux') return (unavailable = `tmpfs mounts are Linux-only (this is ${process.platform})`);
  const dir = mkdtempSync(join(tmpdir(), 'trackz-probe-disk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', mountOptions(65536), 'tmpfs', dir], { stdio: 'pipe' });
    execFileSync('umount', [dir], { stdio: 'pipe' });
    unavailable = undefined;
  } catch (error) {
    const stderr = String((error as { stderr?: Buffer }).stderr ?? (error as Error).message).trim();
    unavailable = `cannot mount a tmpfs here (needs root or CAP_SYS_ADMIN): ${stderr}`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return unavailable;
}

/** A tmpfs of `bytes`, mounted now and unmounted after this test file. */
export function mountSmallDisk(bytes: number, label = 'disk'): SmallDisk {
  const dir = mkdtempSync(join(tmpdir(), `trackz-small-${label}-`));
  execFileSync('mount', ['-t', 'tmpfs', '-o', mountOptions(bytes), 'tmpfs', dir], { stdio: 'pipe' });
  afterAll(() => {
    try {
      execFileSync('umount', ['-l', dir], { stdio: 'pipe' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  const filler = join(dir, 'filler');
  return {
    dir,
    path: (...parts) => join(dir, ...parts),
    fill() {
      const fd = openSync(filler, 'a');
      const chunk = Buffer.alloc(4096, 0x61);
      let written = 0;
      try {
        // Bounded: a tmpfs is at most a few MB here.
        for (let i = 0; i < 1_000_000; i++) written += writeSync(fd, chunk);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
      } finally {
        closeSync(fd);
      }
      return written;
    },
    free: () => rmSync(filler, { force: true }),
    resize: (size) => execFileSync('mount', ['-o', `remount,${mountOptions(size)}`, dir], { stdio: 'pipe' }),
  };
}
