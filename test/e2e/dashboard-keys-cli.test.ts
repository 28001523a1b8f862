/**
 * `trackz dashboard share|revoke|list` and `trackz keys create|list|revoke|audit` through the built
 * binary on a real SQLite file: the URL and the key alone on stdout, once; lists never show a token or
 * key; mistakes are one line and exit 2; a shared link works on a running server.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../../src/access/tokens.js';
import { loadConfig } from '../../src/config/load.js';
import { createLogger } from '../../src/core/log.js';
import { createTrackzServer } from '../../src/server/create-server.js';
import { openStorage } from '../../src/storage/open.js';
import { trackz } from '../helpers/cli.js';
import { useWorkspace } from '../helpers/workspace.js';

const ws = useWorkspace('trackz-dashboard-cli-');
const CONFIG = `storage:\n  path: ./trackz.db\nserve:\n  port: 18787\nmonitors:\n  - name: web\n    type: uptime\n    url: http://127.0.0.1:9/\ndashboards:\n  - name: status\n    monitors: [web]\n`;
const run = (...args: string[]) => trackz(args, { cwd: ws.dir });

beforeAll(() => {
  ws.write('trackz.config.yaml', CONFIG);
});

describe('trackz dashboard', () => {
  let url = '';
  it('shares: the full URL alone on stdout, rotating on a second share; --base-url for a proxy', async () => {
    const first = await run('dashboard', 'share', 'status');
    expect(first.exitCode, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/^http:\/\/127\.0\.0\.1:18787\/d\/[A-Za-z0-9_-]{32}$/);
    const second = await run('dashboard', 'share', 'status', '--base-url', 'https://status.example.com/');
    expect(second.stdout).toMatch(/^https:\/\/status\.example\.com\/d\/[A-Za-z0-9_-]{32}$/);
    url = second.stdout.trim();
    expect(second.stdout).not.toBe(first.stdout);
    const list = await run('dashboard', 'list');
    expect(list.exitCode).toBe(0);
    expect(list.stdout).toContain('status');
    expect(list.stdout + list.stderr).not.toContain(url.split('/d/')[1]!);
  });

  it('a shared link works on a running server; a revoke ends it', async () => {
    const config = await loadConfig({ configPath: ws.path('trackz.config.yaml') });
    const storage = await openStorage({ target: config.storage.target, workspace: config.workspace });
    const app = createTrackzServer({ config, storage, log: createLogger('test', 'silent') });
    const { port } = await app.listen(0, '127.0.0.1');
    try {
      const path = new URL(url).pathname;
      expect((await fetch(`http://127.0.0.1:${port}${path}`)).status).toBe(200);
      expect((await run('dashboard', 'revoke', 'status')).exitCode).toBe(0);
      await new Promise((r) => setTimeout(r, 1_000));
      expect((await fetch(`http://127.0.0.1:${port}${path}`)).status).toBe(404);
    } finally {
      await app.close();
      await storage.close();
    }
  });

  it('names an unknown dashboard in one line with a did-you-mean, exit 2', async () => {
    const result = await run('dashboard', 'share', 'statuz');
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('status');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stdout).toBe('');
  });
});

describe('trackz keys', () => {
  let key = '';
  it('creates a key, shown once alone on stdout, stored only as its hash', async () => {
    const created = await run('keys', 'create', 'ci', '--role', 'operator');
    expect(created.exitCode, created.stderr).toBe(0);
    expect(created.stdout).toMatch(/^tkz_[A-Za-z0-9_-]{43}$/);
    key = created.stdout.trim();
    const again = await run('keys', 'create', 'ci', '--role', 'viewer');
    expect(again.exitCode).toBe(2);
    const bad = await run('keys', 'create', 'x', '--role', 'admin');
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain('viewer, operator, agent');
    const list = await run('keys', 'list', '--json');
    expect(JSON.parse(list.stdout)).toEqual([expect.objectContaining({ name: 'ci', role: 'operator', revokedAt: null })]);
    expect(list.stdout).not.toContain(key);
    const config = await loadConfig({ configPath: ws.path('trackz.config.yaml') });
    const storage = await openStorage({ target: config.storage.target, workspace: config.workspace });
    expect((await storage.access.liveKeyHashes()).map((k) => k.keyHash)).toEqual([hashToken(key)]);
    await storage.access.audit([{ keyName: 'ci', method: 'GET', path: '/api/v1/monitors', status: 200, at: Date.now() }]);
    await storage.close();
  });

  it('shows the audit log and revokes', async () => {
    const audit = await run('keys', 'audit');
    expect(audit.exitCode, audit.stderr).toBe(0);
    expect(audit.stdout).toContain('/api/v1/monitors');
    expect(audit.stdout).not.toContain(key);
    expect((await run('keys', 'revoke', 'ci')).exitCode).toBe(0);
    const again = await run('keys', 'revoke', 'ci');
    expect(again.exitCode).toBe(2);
    expect((await run('keys', 'list')).stderr).toContain('No live API keys');
  });
});

