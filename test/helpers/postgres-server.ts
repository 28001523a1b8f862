/**
 * A real PostgreSQL from Debian's `postgresql` package (installed by scripts/setup-system.sh), run
 * the way the brief of every storage test asks: initdb + pg_ctl in a temporary directory, listening
 * on a free loopback port (and a socket in that directory), password login over TCP, no Docker.
 * PostgreSQL refuses to run as root, so as root the server runs as the `postgres` user.
 *
 * Two uses: `startPostgresServer` for a test that needs a server of its own (one it stops halfway);
 * test/helpers/postgres.ts for the one server every other test file shares.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';

export interface PostgresServer {
  port: number;
  /** The superuser's password (user `postgres`). */
  password: string;
  dataDir: string;
  /** A URL for a database on this server (default `postgres`), as the superuser. */
  url(database?: string, user?: { name: string; password: string }): string;
  /** pg_ctl stop: `immediate` is a crash as far as clients can tell (connections cut, no goodbye). */
  stop(mode?: 'fast' | 'immediate'): void;
  start(): void;
}

/** The newest installed server's bin directory, e.g. /usr/lib/postgresql/15/bin. */
export function postgresBinDir(): string {
  if (process.env.TRACKZ_PG_BIN) return process.env.TRACKZ_PG_BIN;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))) : [];
  if (versions.length === 0) throw new Error('PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): run `bash scripts/setup-system.sh test` as root, or set TRACKZ_PG_BIN');
  versions.sort((a, b) => Number(b) - Number(a));
  return join(root, versions[0]!, 'bin');
}

const asRoot = () => process.getuid?.() === 0;

/** Runs a PostgreSQL program as the user that owns the data (postgres when we are root). */
function pgRun(program: string, args: string[]): string {
  const bin = join(postgresBinDir(), program);
  const [command, argv] = asRoot() ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
  return execFileSync(command, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
}

function ownedByServer(path: string): void {
  if (!asRoot()) return;
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  chownSync(path, uid, gid);
}

export async function freeLoopbackPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/**
 * initdb + pg_ctl start in `dir` (which must exist); the caller stops it (`stop()`) and removes `dir`.
 * Tests run without fsync (durability is not what they check); `durable` keeps the server's defaults,
 * for benchmarks that compare with SQLite's own durable writes.
 */
export async function startPostgresServer(dir: string, options: { durable?: boolean } = {}): Promise<PostgresServer> {
  // The server user must reach the directory, whoever created it.
  chmodSync(dir, 0o755);
  const home = join(dir, 'pg');
  mkdirSync(home);
  ownedByServer(home);
  const dataDir = join(home, 'data');
  const password = randomBytes(12).toString('hex');
  const pwfile = join(home, 'pwfile');
  writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
  ownedByServer(pwfile);
  const superuser = 'postgres';
  pgRun('initdb', ['-D', dataDir, '-U', superuser, `--pwfile=${pwfile}`, '--auth-local=trust', '--auth-host=scram-sha-256', '-E', 'UTF8', '--no-locale', '--no-sync']);
  rmSync(pwfile);
  let port = 0;
  const start = () => {
    pgRun('pg_ctl', [
      '-D',
      dataDir,
      '-l',
      join(home, 'server.log'),
      '-w',
      '-t',
      '60',
      '-o',
      `-p ${port} -k ${home} -c listen_addresses=127.0.0.1 -c max_connections=300${options.durable ? '' : ' -c fsync=off -c synchronous_commit=off -c full_page_writes=off'}`,
      'start',
    ]);
  };
  // A free port may be taken by someone else before the server binds it: try a few.
  for (let attempt = 1; ; attempt++) {
    port = await freeLoopbackPort();
    try {
      start();
      break;
    } catch (error) {
      if (attempt >= 3) throw new Error(`pg_ctl start failed: ${(error as { stderr?: string }).stderr ?? error}`);
    }
  }
  return {
    port,
    password,
    dataDir,
    url: (database = 'postgres', user = { name: superuser, password }) => `postgres://${encodeURIComponent(user.name)}:${encodeURIComponent(user.password)}@127.0.0.1:${port}/${database}`,
    stop: (mode = 'fast') => {
      if (existsSync(join(dataDir, 'postmaster.pid'))) pgRun('pg_ctl', ['-D', dataDir, '-m', mode, '-w', 'stop']);
    },
    start,
  };
}

/** Stops whatever server still runs in `dir` (a run that was killed, say) and removes the directory. */
export function removePostgresDir(dir: string): void {
  const dataDir = join(dir, 'pg', 'data');
  try {
    if (existsSync(join(dataDir, 'postmaster.pid'))) pgRun('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
  } catch {
    // Already stopped, or its pid file is stale.
  }
  rmSync(dir, { recursive: true, force: true });
}
