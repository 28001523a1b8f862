/**
 * Every SQLite schema migration, in order, one file per group of tables the ports use:
 * 1 results · 2 alerts · 3 secrets · 4 activity · 5 heatmaps (beacon clicks, scrolls, events). PostgreSQL keeps its own.
 */
import type { Migration } from '../migrate.js';
import { resultsMigration } from './001-results.js';
import { alertsMigration } from './002-alerts.js';
import { secretsMigration } from './003-secrets.js';
import { activityMigration } from './004-activity.js';
import { heatmapsMigration } from './005-heatmaps.js';

export const MIGRATIONS: Migration[] = [resultsMigration, alertsMigration, secretsMigration, activityMigration, heatmapsMigration];
