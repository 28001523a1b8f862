/** Which processes are alive, read from /proc: for "nothing was left running" assertions (Chrome, a killed plugin's children). */
import { readdirSync, readFileSync } from 'node:fs';

export interface ProcessInfo {
  pid: number;
  cmdline: string;
}

/**
 * Live processes whose command line (or environment: helpers such as Chrome's crash handler carry no
 * telling arguments but inherit the environment) contains `text`. Zombies, already dead, are skipped.
 */
export function processesMatching(text: string): ProcessInfo[] {
  const found: ProcessInfo[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
      if (!cmdline.includes(text) && !readFileSync(`/proc/${entry}/environ`, 'utf8').includes(text)) continue;
      const state = /^State:\s+(\S)/m.exec(readFileSync(`/proc/${entry}/status`, 'utf8'))?.[1];
      if (state === 'Z' || state === 'X') continue;
      found.push({ pid: Number(entry), cmdline });
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
}

/** Waits (bounded) until no live process matches; returns what is still there at the end. */
export async function waitUntilGone(text: string, timeoutMs = 5000): Promise<ProcessInfo[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const left = processesMatching(text);
    if (left.length === 0 || Date.now() >= deadline) return left;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Waits (bounded) until a live process matches. */
export async function waitUntilRunning(text: string, timeoutMs = 30_000): Promise<ProcessInfo[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = processesMatching(text);
    if (found.length > 0 || Date.now() >= deadline) return found;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
