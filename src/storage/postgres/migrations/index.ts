/** Every PostgreSQL schema migration, in order; the numbers match SQLite's so both backends say one version. */
import type { PgMigration } from '../migrate.js';
import { resultsMigration } from './001-results.js';
import { alertsMigration } from './002-alerts.js';
import { secretsMigration } from './003-secrets.js';
import { activityMigration } from './004-activity.js';
import { importSaltsMigration } from './005-import-salts.js';
import { serveMigration } from './006-serve.js';
import { migrationProgressMigration } from './007-migration-progress.js';
import { accountsMigration } from './008-accounts.js';
import { heatmapsMigration } from './009-heatmaps.js';

export const PG_MIGRATIONS: readonly PgMigration[] = [resultsMigration, alertsMigration, secretsMigration, activityMigration, importSaltsMigration, serveMigration, migrationProgressMigration, accountsMigration, heatmapsMigration];
export const PG_SCHEMA_VERSION = Math.max(...PG_MIGRATIONS.map((m) => m.version));
