/**
 * The database holds monitoring history, visitor hashes and their salts: a new folder is 0700, a new
 * file and its -wal and -shm 0600, whatever the umask lets other users read. A file or folder that
 * already exists keeps its owner's mode. And the one-line errors PostgreSQL's disk-full and
 * data-corruption states become (the server's disk cannot be filled from a test without a tablespace of its own).
 */
import { chmodSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { StorageDamagedError, StorageFullError } from '../../src/storage/errors.js';
import { explainPgError } from '../../src/storage/postgres/pg-errors.js';
import { openSqlite } from '../helpers/storage.js';
import { useWorkspace } from '../helpers/workspace.js';

const ws = useWorkspace('trackz-modes-');
const mode = (path: string) => statSync(path).mode & 0o777;

describe('file modes', () => {
  it('creates .trackz/ 0700 and the database, -wal and -shm 0600 under a permissive umask', async () => {
    const previous = process.umask(0o022);
    try {
      const db = ws.path('new/.trackz/trackz.db');
      const storage = openSqlite(db);
      try {
        await storage.secrets.put({ name: 'A', nonce: Buffer.alloc(12), ciphertext: Buffer.alloc(4), tag: Buffer.alloc(16), keyId: 'k' }, 1);
        expect(mode(ws.path('new/.trackz'))).toBe(0o700);
        expect(mode(db)).toBe(0o600);
        expect(mode(`${db}-wal`)).toBe(0o600);
        expect(mode(`${db}-shm`)).toBe(0o600);
      } finally {
        await storage.close();
      }
    } finally {
      process.umask(previous);
    }
  });

  it('leaves the mode of an existing folder and file as their owner set it', async () => {
    mkdirSync(ws.path('shared'), { mode: 0o750 });
    chmodSync(ws.path('shared'), 0o750);
    writeFileSync(ws.path('shared/trackz.db'), '');
    chmodSync(ws.path('shared/trackz.db'), 0o640);
    const storage = openSqlite(ws.path('shared/trackz.db'));
    await storage.close();
    expect(mode(ws.path('shared'))).toBe(0o750);
    expect(mode(ws.path('shared/trackz.db'))).toBe(0o640);
  });
});

describe("PostgreSQL's disk-full and corruption states", () => {
  const at = { host: '127.0.0.1', port: 5432, database: 'trackz', user: 'trackz' };
  const timeouts = { lockMs: 10_000, statementMs: 120_000 };
  const driverError = (code: string, message: string) => Object.assign(new Error(message), { code });

  it('53100 is a full disk naming the server and database; XX001 a damaged database naming `trackz storage verify`', () => {
    const full = explainPgError(driverError('53100', 'could not extend file "base/16384/16400": No space left on device'), at, timeouts);
    expect(full).toBeInstanceOf(StorageFullError);
    expect((full as Error).message).toBe(
      'the disk of PostgreSQL at 127.0.0.1:5432 (database "trackz") is full (could not extend file "base/16384/16400": No space left on device, SQLSTATE 53100): this write was not made; everything stored before it is kept, whole. Free some space and run the command again: it continues from there.',
    );
    const damaged = explainPgError(driverError('XX001', 'invalid page in block 3 of relation base/16384/16400'), at, timeouts);
    expect(damaged).toBeInstanceOf(StorageDamagedError);
    expect((damaged as Error).message).toContain('run `trackz storage verify` for the full report');
  });
});
