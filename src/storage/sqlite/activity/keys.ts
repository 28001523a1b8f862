/**
 * The daily salts behind visitor hashes and the long-lived named keys (the opt-out key), in SQLite:
 * created on first use (32 random bytes) and committed on their own, before any row hashed with them
 * is written, shared by every process using the file. Salts are cached per connection.
 */
import { randomBytes } from 'node:crypto';
import type { SqliteConnection } from '../connection.js';

const KEY_BYTES = 32;

export class SqliteKeys {
  private readonly salts = new Map<number, Buffer>();

  constructor(private readonly c: SqliteConnection) {}

  saltFor(day: number): Buffer {
    const cached = this.salts.get(day);
    if (cached) return cached;
    this.c.sql('INSERT INTO activity_salts (day, salt) VALUES (?, ?) ON CONFLICT (day) DO NOTHING').run(day, randomBytes(KEY_BYTES));
    const salt = this.c.value('SELECT salt FROM activity_salts WHERE day = ?').get(day) as Buffer;
    this.salts.set(day, salt);
    return salt;
  }

  heldSalts(): { day: number; salt: Buffer }[] {
    return this.c.sql('SELECT day, salt FROM activity_salts ORDER BY day').all() as { day: number; salt: Buffer }[];
  }

  deleteSaltsBefore(oldestDay: number): number {
    this.salts.clear();
    return this.c.sql('DELETE FROM activity_salts WHERE day < ?').run(oldestDay).changes;
  }

  /** Not cached: the deciding stage keeps what it fetched, and a rollback cannot leave a stale copy here. */
  importSaltFor(sourceId: number, day: number, now: number): Buffer {
    this.c.sql('INSERT INTO activity_import_salts (source_id, day, salt, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING').run(sourceId, day, randomBytes(KEY_BYTES), now);
    return this.c.value('SELECT salt FROM activity_import_salts WHERE source_id = ? AND day = ?').get(sourceId, day) as Buffer;
  }

  deleteImportSalts(which: { sourceId: number } | { createdBefore: number }): number {
    if ('sourceId' in which) return this.c.sql('DELETE FROM activity_import_salts WHERE source_id = ?').run(which.sourceId).changes;
    return this.c.sql('DELETE FROM activity_import_salts WHERE created_at < ?').run(which.createdBefore).changes;
  }

  namedKey(name: string, create: boolean): Buffer | undefined {
    if (create) this.c.sql('INSERT INTO activity_keys (name, key) VALUES (?, ?) ON CONFLICT (name) DO NOTHING').run(name, randomBytes(KEY_BYTES));
    return this.c.value('SELECT key FROM activity_keys WHERE name = ?').get(name) as Buffer | undefined;
  }

  /** After a rolled-back transaction, salts created in it may not exist. */
  forget(): void {
    this.salts.clear();
  }
}
