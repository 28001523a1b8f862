/**
 * `trackz serve` as a plain function: load the config, open the storage, start the daemon, say
 * where it listens, and live until SIGTERM/SIGINT (graceful stop, exit 0; a second one cuts the
 * checks in flight) while SIGHUP reloads the config (a broken file is logged issue by issue, with
 * file:line:column, and the running config stays). Resolves with the exit code once stopped.
 */
import { loadConfig, type LoadedConfig } from '../../config/load.js';
import { ConfigError, UserError } from '../../core/errors.js';
import { createDaemonLog, type DaemonLog, type LogFormat } from '../../daemon/daemon-log.js';
import { startDaemon, type Daemon } from '../../daemon/daemon.js';
import { openStorage } from '../../storage/open.js';
import { targetLocation } from '../../storage/target.js';

export interface ServeOptions {
  configPath?: string;
  cwd?: string;
  env?: Record<string, string | undefined>;
  host?: string;
  port?: number;
  logFormat?: LogFormat;
  log?: DaemonLog;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

export async function serve(options: ServeOptions = {}): Promise<number> {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  const log = options.log ?? createDaemonLog(options.logFormat ?? 'json');
  const config = await loadConfig({ configPath: options.configPath, cwd, env });
  const settings = config.root.serve;
  const host = options.host ?? settings?.host ?? '127.0.0.1';
  const port = options.port ?? settings?.port ?? 8787;
  const storage = await openStorage({ target: config.storage.target, workspace: config.workspace });
  let daemon: Daemon;
  try {
    daemon = await startDaemon({ config, storage, log, host, port, env });
  } catch (error) {
    await storage.close();
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new UserError(`cannot listen on ${host}:${port}: the address is in use (another trackz serve?); pick one with --port`, 1);
    if (code === 'EACCES') throw new UserError(`cannot listen on ${host}:${port}: permission denied (ports below 1024 need privileges)`, 1);
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw new UserError(`cannot listen on ${host}:${port}: no such address on this machine`, 1);
    throw error;
  }
  const { address } = daemon;
  const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
  log.event('info', `trackz serve listening on ${url}${LOOPBACK.has(host) ? ' (this machine only; --host 0.0.0.0 to listen on every interface)' : ''}`, {
    url,
    host: address.address,
    port: address.port,
    storage: targetLocation(config.storage.target),
    monitors: config.monitors.filter((m) => m.enabled).length,
    dashboards: (config.root.dashboards ?? []).length,
    pid: process.pid,
  });
  logProxies(log, settings?.trustedProxies ?? []);

  return new Promise<number>((resolve) => {
    let current: LoadedConfig = config;
    let reloading = Promise.resolve();
    let signals = 0;
    const onStop = (signal: NodeJS.Signals) => {
      signals += 1;
      if (signals > 1) {
        log.event('warn', `${signal} again: cutting the checks in flight`, { signal });
        void daemon.stop({ cancel: true });
        return;
      }
      log.event('info', `${signal}: stopping (the checks in flight finish and are stored)`, { signal });
      void (async () => {
        let code = 0;
        try {
          await reloading;
          await daemon.stop();
        } catch (error) {
          log.event('error', `stopping failed: ${error instanceof Error ? error.message : String(error)}`);
          code = 1;
        }
        try {
          await storage.close();
        } catch (error) {
          log.event('error', `closing the storage failed: ${error instanceof Error ? error.message : String(error)}`);
          code = 1;
        }
        process.off('SIGTERM', onStop);
        process.off('SIGINT', onStop);
        process.off('SIGHUP', onHup);
        log.event('info', 'stopped', { signal });
        resolve(code);
      })();
    };
    const onHup = () => {
      reloading = reloading.then(async () => {
        if (signals > 0) return;
        const next = await readConfig(current.file, cwd, env, log);
        if (!next) return;
        const before = current.root.serve;
        try {
          await daemon.reload(next);
        } catch (error) {
          log.event('error', `SIGHUP: the new config could not be applied, the running one stays: ${error instanceof Error ? error.message : String(error)}`, { file: next.file });
          return;
        }
        current = next;
        const after = next.root.serve;
        if ((options.host === undefined && after?.host !== before?.host) || (options.port === undefined && after?.port !== before?.port)) log.event('warn', 'SIGHUP: serve.host and serve.port take effect when trackz serve restarts', { file: next.file });
        if (JSON.stringify(after?.trustedProxies ?? []) !== JSON.stringify(before?.trustedProxies ?? [])) logProxies(log, after?.trustedProxies ?? []);
        log.event('info', `SIGHUP: config reloaded from ${next.file}`, { file: next.file, monitors: next.monitors.filter((m) => m.enabled).length, dashboards: (next.root.dashboards ?? []).length });
      });
    };
    process.on('SIGTERM', onStop);
    process.on('SIGINT', onStop);
    process.on('SIGHUP', onHup);
  });
}

/** One line: whose X-Forwarded-For names the client, or that none does (serve.trustedProxies). */
function logProxies(log: DaemonLog, proxies: readonly string[]): void {
  const msg = proxies.length
    ? `trusting X-Forwarded-For from ${proxies.join(', ')} (serve.trustedProxies)`
    : 'trusting no proxy: client addresses are the socket peers, X-Forwarded-For is ignored (serve.trustedProxies)';
  log.event('info', msg, { trustedProxies: [...proxies] });
}

/** The file again; a broken one is logged problem by problem (file:line:column) and yields nothing. */
async function readConfig(file: string, cwd: string, env: Record<string, string | undefined>, log: DaemonLog): Promise<LoadedConfig | undefined> {
  try {
    return await loadConfig({ configPath: file, cwd, env });
  } catch (error) {
    if (error instanceof ConfigError) {
      log.event('error', `SIGHUP: ${file} has ${error.issues.length === 1 ? 'a problem' : `${error.issues.length} problems`}; the running config stays`, { file, problems: error.issues.length });
      for (const issue of error.issues) log.event('error', `${issue.file}:${issue.line}:${issue.column}: ${issue.message}`, { file: issue.file, line: issue.line, column: issue.column, found: issue.found, hint: issue.hint });
      return undefined;
    }
    log.event('error', `SIGHUP: ${error instanceof Error ? error.message : String(error)}; the running config stays`, { file });
    return undefined;
  }
}
