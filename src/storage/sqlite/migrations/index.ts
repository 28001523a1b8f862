/**
 * Every SQLite schema migration, in order, one file per group of tables the ports use:
 * 1 results · 2 alerts · 3 secrets · 4 activity · 5 open handles and import salts · 6 serve (links, keys, audit,
 * incidents) · 7 migration progress (and runs.location) · 8 account events · 9 heatmaps (beacon clicks, scrolls,
 * events). PostgreSQL keeps its own.
 */
import type { Migration } from '../migrate.js';
import { resultsMigration } from './001-results.js';
import { alertsMigration } from './002-alerts.js';
import { secretsMigration } from './003-secrets.js';
import { activityMigration } from './004-activity.js';
import { safeguardsMigration } from './005-open-handles-and-import-salts.js';
import { serveMigration } from './006-serve.js';
import { migrationProgressMigration } from './007-migration-progress.js';
import { accountsMigration } from './008-accounts.js';
import { heatmapsMigration } from './009-heatmaps.js';

export const MIGRATIONS: Migration[] = [resultsMigration, alertsMigration, secretsMigration, activityMigration, safeguardsMigration, serveMigration, migrationProgressMigration, accountsMigration, heatmapsMigration];
