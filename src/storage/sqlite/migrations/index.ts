/**
 * Every SQLite schema migration, in order, one file per group of tables the ports use:
 * 1 results · 2 alerts · 3 secrets · 4 activity · 6 accounts. (5 is main's
 * open-handles-and-import-salts, merged beside this branch: account events took the next number so
 * the two lists join without renumbering.) PostgreSQL keeps its own.
 */
import type { Migration } from '../migrate.js';
import { resultsMigration } from './001-results.js';
import { alertsMigration } from './002-alerts.js';
import { secretsMigration } from './003-secrets.js';
import { activityMigration } from './004-activity.js';
import { accountsMigration } from './006-accounts.js';

export const MIGRATIONS: Migration[] = [resultsMigration, alertsMigration, secretsMigration, activityMigration, accountsMigration];
