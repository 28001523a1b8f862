/**
 * The command check with real Nagios plugins from Debian's monitoring-plugins (installed by
 * scripts/setup-system.sh) against real peers on 127.0.0.1, and with shell commands for the
 * corners: multi-line output, odd exits, and a timeout that must take every child process with it.
 */
import { chmodSync } from 'node:fs';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckRecord } from '../../src/core/result.js';
import { processesMatching, waitUntilGone } from '../helpers/processes.js';
import { startSmtpServer, type RunningSmtpServer } from '../helpers/smtp-server.js';
import { useWorkspace } from '../helpers/workspace.js';
import { runCheck } from '../helpers/monitors.js';

const PLUGINS = '/usr/lib/nagios/plugins';
const workspace = useWorkspace('trackz-command-');
let tcp: Server;
let tcpPort: number;
let http: HttpServer;
let httpPort: number;
let smtp: RunningSmtpServer;

const listen = async (server: Server | HttpServer) => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as { port: number }).port;
};

beforeAll(async () => {
  tcp = createServer((socket) => socket.end());
  tcpPort = await listen(tcp);
  http = createHttpServer((_req, res) => res.end('hello from trackz tests'));
  httpPort = await listen(http);
  smtp = await startSmtpServer({});
});
afterAll(async () => {
  await new Promise((resolve) => tcp.close(resolve));
  http.closeAllConnections();
  await new Promise((resolve) => http.close(resolve));
  await smtp.close();
});

async function check(fields: Record<string, unknown>, timeoutMs = 10_000): Promise<CheckRecord> {
  return runCheck('command', fields, { name: 'cmd', timeoutMs, retryDelayMs: 0 }, { configDir: workspace.dir });
}

describe('command: real monitoring-plugins', () => {
  it('check_tcp on an open port is up, with its perfdata as metrics', async () => {
    const record = await check({ run: [`${PLUGINS}/check_tcp`, '-H', '127.0.0.1', '-p', String(tcpPort)] });
    expect(record.status, record.message).toBe('up');
    expect(record.message).toMatch(new RegExp(`^TCP OK - [\\d.]+ second response time on 127\\.0\\.0\\.1 port ${tcpPort}$`));
    expect(record.metrics.time_ms).toBeGreaterThanOrEqual(0);
    expect(record.metrics.time_ms).toBeLessThan(10_000);
    expect(record.metrics.total_ms).toBeGreaterThan(0);
  });

  it('check_tcp on a closed port is down (exit 2), its first line the message', async () => {
    const closed = createServer();
    const port = await listen(closed);
    await new Promise((resolve) => closed.close(resolve));
    const record = await check({ run: [`${PLUGINS}/check_tcp`, '-H', '127.0.0.1', '-p', String(port)] });
    expect(record.status).toBe('down');
    expect(record.message).toBe(`connect to address 127.0.0.1 and port ${port}: Connection refused`);
    expect((record.details as { exitCode: number }).exitCode).toBe(2);
  });

  it('check_http against a local web server: time and size become time_ms and size_bytes', async () => {
    const record = await check({ run: [`${PLUGINS}/check_http`, '-H', '127.0.0.1', '-p', String(httpPort), '-s', 'hello from'] });
    expect(record.status, record.message).toBe('up');
    expect(record.message).toMatch(/^HTTP OK: HTTP\/1\.1 200 OK/);
    expect(record.metrics.size_bytes).toBeGreaterThan(20);
    expect(record.metrics.time_ms).toBeGreaterThanOrEqual(0);
  });

  it('check_smtp against a real SMTP server', async () => {
    const record = await check({ run: [`${PLUGINS}/check_smtp`, '-H', smtp.host, '-p', String(smtp.port)] });
    expect(record.status, record.message).toBe('up');
    expect(record.message).toMatch(/^SMTP OK/);
  });

  it('check_disk: a size in MB/B becomes bytes, and the mount point / a readable name', async () => {
    const record = await check({ run: [`${PLUGINS}/check_disk`, '-w', '0%', '-c', '0%', '-p', '/'] });
    expect(record.status, record.message).toBe('up');
    expect(record.metrics.disk_root_bytes).toBeGreaterThan(0);
    expect(Object.keys(record.metrics).filter((name) => /[^A-Za-z0-9_]/.test(name))).toEqual([]);
  });

  it('check_dummy: exit 1 is degraded and exit 3 unknown', async () => {
    const warning = await check({ run: [`${PLUGINS}/check_dummy`, '1', 'queue is long'] });
    expect(warning.status).toBe('degraded');
    expect(warning.message).toBe('WARNING: queue is long');
    const unknown = await check({ run: [`${PLUGINS}/check_dummy`, '3', 'no idea'] });
    expect(unknown.status).toBe('unknown');
    expect(unknown.message).toBe('UNKNOWN: no idea');
  });
});

describe('command: shell strings, paths and odd exits', () => {
  it('a string runs through /bin/sh, with env added', async () => {
    const record = await check({ run: 'printf "CRITICAL - $WHAT is full | used=97%%;80;90;0;100 t=0.25s\\n"; exit 2', env: { WHAT: 'the queue' } });
    expect(record.status).toBe('down');
    expect(record.message).toBe('CRITICAL - the queue is full');
    expect(record.metrics).toMatchObject({ used_pct: 97, t_ms: 250 });
  });

  it('multi-line output: long text in details, perfdata from later lines too', async () => {
    const record = await check({ run: "printf 'OK - 2 queues | a=1\\nqueue one fine\\nqueue two fine | b=2c\\nc=3s\\n'" });
    expect(record.status).toBe('up');
    expect(record.message).toBe('OK - 2 queues');
    expect(record.metrics).toMatchObject({ a: 1, b: 2, c_ms: 3000 });
    expect((record.details as { longText: string[] }).longText).toEqual(['queue one fine', 'queue two fine ']);
  });

  it('a program path is relative to the config file', async () => {
    const script = workspace.write('checks/check_ok.sh', '#!/bin/sh\necho "OK - from $(basename "$PWD")"\n');
    chmodSync(script, 0o755);
    const record = await check({ run: ['./checks/check_ok.sh'], cwd: 'checks' });
    expect(record.status, record.message).toBe('up');
    expect(record.message).toBe('OK - from checks');
  });

  it('exit codes outside 0-3 and deaths by signal are unknown, with the reason', async () => {
    expect((await check({ run: 'echo weird; exit 42' })).message).toBe('exit code 42 is not a Nagios status (0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN): weird');
    const killed = await check({ run: 'echo dying; kill -SEGV $$' });
    expect(killed.status).toBe('unknown');
    expect(killed.message).toBe('the command was killed by SIGSEGV: dying');
    const missing = await check({ run: 'no-such-check-anywhere' });
    expect(missing.status).toBe('unknown');
    expect(missing.message).toMatch(/^exit code 127: command not found \(by the shell\): /);
  });

  it('a program that cannot be started is unknown, named', async () => {
    const missing = await check({ run: ['/nonexistent/check_nothing'] });
    expect(missing.status).toBe('unknown');
    expect(missing.message).toBe('cannot run /nonexistent/check_nothing: no such program');
    const notExecutable = workspace.write('not-executable.sh', 'echo hi\n');
    const denied = await check({ run: [notExecutable] });
    expect(denied.message).toBe(`cannot run ${notExecutable}: permission denied (is it executable?)`);
    const nowhere = await check({ run: ['/bin/true'], cwd: 'no-such-dir' });
    expect(nowhere).toMatchObject({ status: 'unknown', message: 'cannot run /bin/true: the working directory no-such-dir does not exist' });
  });

  it('no output at all still says something', async () => {
    expect((await check({ run: 'exit 0' })).message).toBe('(no output)');
    expect((await check({ run: 'echo broken >&2; exit 2' })).message).toBe('broken');
  });

  it('a timeout kills the whole process tree, grandchildren included', async () => {
    // Unique sleep lengths mark this test's processes in /proc.
    const marker = `sleep 73.${process.pid % 1000}`;
    const record = await check({ run: `${marker}1 & ${marker}2 & echo started; wait` }, 700);
    expect(record.status).toBe('down');
    expect(record.message).toBe('timeout after 700ms: the command and every process it started were killed');
    expect(await waitUntilGone(marker, 3000)).toEqual([]);
  });

  it('the arguments are never kept in the result (they may carry credentials)', async () => {
    const record = await check({ run: [`${PLUGINS}/check_dummy`, '0', 'fine', 'sekrit-arg'] });
    expect(JSON.stringify(record.details)).not.toContain('sekrit-arg');
    expect(processesMatching('sekrit-arg')).toEqual([]);
  });
});
