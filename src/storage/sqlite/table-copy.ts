/**
 * Table copy (ports/table-copy.ts) for a SQLite file: pages read by key (each page one short read
 * through the gate, so nothing holds the connection between batches), batches written with their
 * progress row in one BEGIN IMMEDIATE. Booleans become 0/1, as the file has always stored them. Ids
 * need no care afterwards: SQLite gives a new row the largest rowid + 1.
 */
import { realpathSync } from 'node:fs';
import { ConcurrentCopyError, type CopyKey, type CopyRow, type MigrationRecord, type TableCopy, type TableProgress } from '../ports/table-copy.js';
import type { TableSpec } from '../tables.js';
import type { SqliteConnection } from './connection.js';
import type { Gate } from './gate.js';

/** Identifiers quoted: `offset` is a keyword. Names come from the table list, never from input. */
const q = (name: string) => `"${name}"`;

interface ProgressRow {
  table_name: string;
  copied: number;
  last_key: string | null;
  done: number;
}

export class SqliteTableCopy implements TableCopy {
  constructor(
    private readonly c: SqliteConnection,
    private readonly gate: Gate,
    private readonly path: string,
  ) {}

  async identity(): Promise<string> {
    return `sqlite:${this.path === ':memory:' ? this.path : realpathSync(this.path)}`;
  }

  count(table: TableSpec): Promise<number> {
    return this.gate.run(() => this.c.value(`SELECT COUNT(*) FROM ${q(table.name)}`).get() as number);
  }

  async *read(table: TableSpec, after: CopyKey | null, size: number): AsyncIterable<CopyRow[]> {
    const columns = table.columns.map(([name]) => q(name)).join(', ');
    const key = table.key.map(q).join(', ');
    const tuple = table.key.length === 1 ? key : `(${key})`;
    const marks = table.key.length === 1 ? '?' : `(${table.key.map(() => '?').join(', ')})`;
    const first = `SELECT ${columns} FROM ${q(table.name)} ORDER BY ${key} LIMIT ?`;
    const next = `SELECT ${columns} FROM ${q(table.name)} WHERE ${tuple} > ${marks} ORDER BY ${key} LIMIT ?`;
    const keyAt = table.key.map((name) => table.columns.findIndex(([column]) => column === name));
    const bools = table.columns.flatMap(([, type], i) => (type === 'bool' ? [i] : []));
    let last = after;
    for (;;) {
      const rows = await this.gate.run(() => (last === null ? this.c.sql(first).raw(true).all(size) : this.c.sql(next).raw(true).all(...last!, size)) as CopyRow[]);
      if (rows.length === 0) return;
      for (const row of rows) for (const i of bools) if (row[i] !== null) row[i] = row[i] !== 0;
      last = keyAt.map((i) => rows[rows.length - 1]![i]);
      yield rows;
      if (rows.length < size) return;
    }
  }

  migration(): Promise<MigrationRecord | undefined> {
    return this.gate.run(() => {
      const head = this.c.sql('SELECT source, started_at, finished_at FROM storage_migration WHERE id = 1').get() as { source: string; started_at: number; finished_at: number | null } | undefined;
      if (!head) return undefined;
      const rows = this.c.sql('SELECT table_name, copied, last_key, done FROM storage_migration_tables').all() as ProgressRow[];
      const tables = rows.map((row): TableProgress => ({ table: row.table_name, copied: row.copied, lastKey: row.last_key === null ? null : (JSON.parse(row.last_key) as CopyKey), done: row.done !== 0 }));
      return { source: head.source, startedAt: head.started_at, finishedAt: head.finished_at, tables };
    });
  }

  beginMigration(source: string, tables: readonly TableSpec[], now: number): Promise<boolean> {
    return this.gate.run(() =>
      this.c.immediate(() => {
        if (this.c.sql('INSERT INTO storage_migration (id, source, started_at) VALUES (1, ?, ?) ON CONFLICT (id) DO NOTHING').run(source, now).changes === 0) return false;
        this.c.sql('DELETE FROM storage_migration_tables').run();
        const insert = this.c.sql('INSERT INTO storage_migration_tables (table_name, copied, last_key, done) VALUES (?, 0, NULL, 0)');
        for (const table of tables) insert.run(table.name);
        return true;
      }),
    );
  }

  write(table: TableSpec, rows: readonly CopyRow[], from: TableProgress, to: TableProgress): Promise<void> {
    const columns = table.columns.map(([name]) => q(name)).join(', ');
    const insert = `INSERT INTO ${q(table.name)} (${columns}) VALUES (${table.columns.map(() => '?').join(', ')})`;
    return this.gate.run(() =>
      this.c.immediate(() => {
        const moved = this.c
          .sql('UPDATE storage_migration_tables SET copied = ?, last_key = ?, done = ? WHERE table_name = ? AND copied = ? AND done = 0')
          .run(to.copied, to.lastKey === null ? null : JSON.stringify(to.lastKey), to.done ? 1 : 0, table.name, from.copied).changes;
        if (moved !== 1) throw new ConcurrentCopyError(`another migration moved the progress of ${table.name} (expected ${from.copied} rows copied)`);
        const statement = this.c.sql(insert);
        for (const row of rows) statement.run(row.map((value) => (typeof value === 'boolean' ? (value ? 1 : 0) : value)));
      }),
    );
  }

  async settle(): Promise<void> {
    // Nothing to move: a new row's rowid is the largest one + 1.
  }

  markFinished(now: number): Promise<void> {
    return this.gate.run(() => {
      this.c.sql('UPDATE storage_migration SET finished_at = ? WHERE id = 1').run(now);
    });
  }
}
