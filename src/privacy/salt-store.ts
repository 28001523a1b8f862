/**
 * The daily salts behind visitor hashes, kept in the activity_salts table: created on first use
 * (32 random bytes), shared by every process using the file, deleted 48 h after their day starts.
 */
import { randomBytes } from 'node:crypto';
import type { Database, Statement } from 'better-sqlite3';
import { oldestKeptSaltDay, SALT_BYTES } from './visitor-hasher.js';

export class SaltStore {
  private readonly cache = new Map<number, Buffer>();
  private readonly insert: Statement;
  private readonly select: Statement;

  constructor(private readonly db: Database) {
    this.insert = db.prepare('INSERT INTO activity_salts (day, salt) VALUES (?, ?) ON CONFLICT (day) DO NOTHING');
    this.select = db.prepare('SELECT salt FROM activity_salts WHERE day = ?').pluck();
  }

  /**
   * The salt of a UTC day, created (and committed) when missing, before any row hashed with it is
   * written: a crash may leave a salt without rows, never rows whose salt was lost.
   */
  saltFor(day: number): Buffer {
    const cached = this.cache.get(day);
    if (cached) return cached;
    this.insert.run(day, randomBytes(SALT_BYTES));
    const salt = this.select.get(day) as Buffer;
    this.cache.set(day, salt);
    return salt;
  }

  /** Salts still held, by day (for data requests: only these can find a visitor's rows). */
  heldSalts(): { day: number; salt: Buffer }[] {
    return this.db.prepare('SELECT day, salt FROM activity_salts ORDER BY day').all() as { day: number; salt: Buffer }[];
  }

  /** Deletes every salt older than 48 h; returns how many went. */
  deleteExpired(now: number): number {
    this.cache.clear();
    return this.db.prepare('DELETE FROM activity_salts WHERE day < ?').run(oldestKeptSaltDay(now)).changes;
  }
}

/** A long-lived random key by name (the opt-out key), created on first use. */
export function namedKey(db: Database, name: string): Buffer {
  db.prepare('INSERT INTO activity_keys (name, key) VALUES (?, ?) ON CONFLICT (name) DO NOTHING').run(name, randomBytes(SALT_BYTES));
  return db.prepare('SELECT key FROM activity_keys WHERE name = ?').pluck().get(name) as Buffer;
}
