/** openStorage picks the backend from the target; what commands learn about a target before opening it. */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.js';
import { openStorage } from '../../src/storage/open.js';
import { secretKeyFile, targetLocation, targetMayHoldData } from '../../src/storage/target.js';
import { useWorkspace } from '../helpers/workspace.js';

const ws = useWorkspace('trackz-open-');

describe('openStorage', () => {
  it('opens a SQLite file for a sqlite target (created, with its folder, on first use)', async () => {
    const path = ws.path('new', 'dir', 'trackz.db');
    const storage = await openStorage({ target: { backend: 'sqlite', path }, workspace: 'acme' });
    try {
      expect(storage).toMatchObject({ backend: 'sqlite', location: path, workspace: 'acme' });
      expect(existsSync(path)).toBe(true);
      expect(await storage.results.monitorNames()).toEqual([]);
    } finally {
      await storage.close();
    }
  });

  it('read-only never creates a file', async () => {
    const path = ws.path('absent.db');
    await expect(openStorage({ target: { backend: 'sqlite', path }, workspace: 'acme', readonly: true })).rejects.toThrow(UserError);
    expect(existsSync(path)).toBe(false);
  });
});

describe('targets', () => {
  it('say where they are, safe to print: a path, or a URL without its password', () => {
    expect(targetLocation({ backend: 'sqlite', path: '/var/lib/trackz/acme.db' })).toBe('/var/lib/trackz/acme.db');
    expect(targetLocation({ backend: 'postgres', url: 'postgres://trackz:s3cret@db.example.com:5432/trackz' })).toBe('postgres://trackz:***@db.example.com:5432/trackz');
    expect(targetLocation({ backend: 'postgres', url: 'not a url' })).not.toContain('not a url');
  });

  it('know when nothing can be stored yet: a SQLite file that does not exist', () => {
    expect(targetMayHoldData({ backend: 'sqlite', path: ws.path('nothing-here.db') })).toBe(false);
    expect(targetMayHoldData({ backend: 'sqlite', path: ws.write('there.db', '') })).toBe(true);
    expect(targetMayHoldData({ backend: 'postgres', url: 'postgres://localhost/trackz' })).toBe(true);
  });

  it('put the secret key file beside a SQLite file unless told where', () => {
    expect(secretKeyFile({ backend: 'sqlite', path: '/data/trackz.db' })).toBe('/data/trackz.db.key');
    expect(secretKeyFile({ backend: 'sqlite', path: '/data/trackz.db', keyFilePath: '/etc/trackz/key' })).toBe('/etc/trackz/key');
    expect(secretKeyFile({ backend: 'postgres', url: 'postgres://localhost/trackz', keyFilePath: '/etc/trackz/key' })).toBe('/etc/trackz/key');
    expect(() => secretKeyFile({ backend: 'postgres', url: 'postgres://localhost/trackz' })).toThrow(/set TRACKZ_SECRET_KEY/);
  });
});
