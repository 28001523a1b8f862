/**
 * Every schema migration, in order. Each box that owns tables adds its file here:
 * 1 results (store) · 2 alerts (alerts) · 3 secrets (alerts) · 4 activity (activity import).
 */
import type { Migration } from '../migrate.js';
import { resultsMigration } from './001-results.js';
import { alertsMigration } from './002-alerts.js';
import { secretsMigration } from './003-secrets.js';
import { activityMigration } from './004-activity.js';

export const MIGRATIONS: Migration[] = [resultsMigration, alertsMigration, secretsMigration, activityMigration];
