/**
 * One Chrome per trackz process, launched on the first audit and reused by every lighthouse monitor
 * of the run (a launch costs about a second; Lighthouse CI pays it per URL). Killed on every exit
 * path: the plugin's dispose(), an aborted audit (timeout, Ctrl-C), and a process 'exit' fallback.
 * Chrome leads its own process group (chrome-launcher spawns it detached), so killing the group
 * takes its renderer and GPU processes too.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { childEnv } from '../../src/core/child-env.js';
import { mark } from '../../src/core/trace.js';

export const DEBIAN_CHROMIUM = '/usr/bin/chromium';

/**
 * Headless, and quiet on the network: without the background-networking flags Chromium keeps trying
 * to reach Google's services, which on a closed network only adds noise. --no-sandbox because CI
 * containers run as root or without user namespaces; the pages audited are the user's own.
 */
export const CHROME_FLAGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Where Chrome is: CHROME_PATH, then Debian's Chromium, then chrome-launcher's search. Pure given its inputs. */
export function findChrome(env: Record<string, string | undefined>, exists: (path: string) => boolean, search: () => string[]): { path: string } | { problem: string } {
  const configured = env.CHROME_PATH;
  if (configured) return exists(configured) ? { path: configured } : { problem: `CHROME_PATH is set to ${configured}, which does not exist` };
  if (exists(DEBIAN_CHROMIUM)) return { path: DEBIAN_CHROMIUM };
  const found = search().find(exists);
  if (found) return { path: found };
  return { problem: 'no Chrome or Chromium found: install Chromium (Debian/Ubuntu: apt-get install chromium) or Google Chrome, or set CHROME_PATH to its binary' };
}

export class ChromeUnavailableError extends Error {
  override name = 'ChromeUnavailableError';
}

interface RunningChrome {
  /** The per-page flags it was launched with (certificate handling); another set needs another Chrome. */
  extraFlags: string;
  port: number;
  pid: number;
  path: string;
  userDataDir: string;
  kill(): void;
  exited: boolean;
}

let starting: Promise<RunningChrome> | undefined;
let running: RunningChrome | undefined;
let launches = 0;
/** Bumped by every kill, so a launch that finishes after a kill knows it is no longer wanted. */
let generation = 0;
/** The profile of a Chrome being launched: chrome-launcher writes its pid there before we get it back. */
let launchingDir: string | undefined;

function killOnExit(): void {
  killChrome();
}

/** A Chrome still starting when the process exits is found by the pid file chrome-launcher wrote. */
function killLaunching(): void {
  if (!launchingDir) return;
  try {
    const pid = Number(readFileSync(join(launchingDir, 'chrome.pid'), 'utf8'));
    if (pid > 0) process.kill(-pid, 'SIGKILL');
  } catch {
    // Not started yet, or already gone.
  }
}

/**
 * The shared Chrome, launched if there is none (or the last one died). `extraFlags` are a page's
 * certificate flags (`ca:`, `insecure:`): Chrome takes them only at launch, so a page that needs other
 * ones gets a fresh Chrome, and a Chrome that ignores certificate errors never audits another page.
 */
export async function acquireChrome(extraFlags: readonly string[] = []): Promise<RunningChrome> {
  const key = extraFlags.join(' ');
  if (starting) {
    const launched = await starting.catch(() => undefined);
    if (launched && launched.extraFlags === key && !launched.exited) return launched;
  }
  if (running && !running.exited && running.extraFlags === key) return running;
  if (running && !running.exited) killChrome();
  if (running) {
    // It died (crashed, or killed from outside): clear what it left before starting another.
    removeChrome(running);
    running = undefined;
  }
  starting ??= launch(extraFlags).finally(() => {
    starting = undefined;
  });
  return starting;
}

async function launch(extraFlags: readonly string[]): Promise<RunningChrome> {
  const chromeLauncher = await import('chrome-launcher');
  const found = findChrome(process.env, existsSync, () => {
    try {
      return chromeLauncher.Launcher.getInstallations();
    } catch {
      return [];
    }
  });
  if ('problem' in found) throw new ChromeUnavailableError(found.problem);
  const userDataDir = mkdtempSync(join(tmpdir(), 'trackz-chrome-'));
  const launchedIn = generation;
  let chrome;
  launchingDir = userDataDir;
  process.on('exit', killLaunching);
  try {
    // TMPDIR inside the profile: Chromium's singleton socket and temporary files go where the kill removes them.
    // trackz's own secrets are left out of its environment (src/core/child-env.ts).
    chrome = await chromeLauncher.launch({ chromePath: found.path, chromeFlags: [...CHROME_FLAGS, ...extraFlags], userDataDir, envVars: childEnv(process.env, { TMPDIR: userDataDir }), handleSIGINT: false, logLevel: 'silent' });
  } catch (error) {
    killLaunching();
    rmSync(userDataDir, { recursive: true, force: true });
    throw new ChromeUnavailableError(`could not start ${found.path}: ${(error as Error).message.split('\n')[0]}`);
  } finally {
    launchingDir = undefined;
    process.off('exit', killLaunching);
  }
  const instance: RunningChrome = {
    extraFlags: extraFlags.join(' '),
    port: chrome.port,
    pid: chrome.pid,
    path: found.path,
    userDataDir,
    exited: false,
    kill: () => chrome.kill(),
  };
  chrome.process.once('exit', () => {
    instance.exited = true;
  });
  if (launchedIn !== generation) {
    // Killed (Ctrl-C, dispose) while starting: do not leave this one behind.
    removeChrome(instance);
    throw new ChromeUnavailableError('cancelled while Chrome was starting');
  }
  running = instance;
  launches++;
  process.on('exit', killOnExit);
  mark(`lighthouse: chrome launched (pid ${chrome.pid}, launch ${launches})`);
  return instance;
}

/** Kills the shared Chrome and its whole process group, and removes its profile. Synchronous, so it also works in 'exit'. */
export function killChrome(): void {
  generation++;
  const chrome = running;
  running = undefined;
  process.off('exit', killOnExit);
  if (!chrome) return;
  removeChrome(chrome);
  mark('lighthouse: chrome killed');
}

function removeChrome(chrome: RunningChrome): void {
  try {
    chrome.kill();
  } catch {
    // Already gone.
  }
  try {
    process.kill(-chrome.pid, 'SIGKILL');
  } catch {
    // The group is gone: chrome.kill() did its job.
  }
  try {
    rmSync(chrome.userDataDir, { recursive: true, force: true, maxRetries: 3 });
  } catch {
    // A dying Chrome may still be writing; the temporary directory is left to the OS.
  }
}

/** Chrome launches so far in this process (for tests and the trace). */
export function chromeLaunches(): number {
  return launches;
}
