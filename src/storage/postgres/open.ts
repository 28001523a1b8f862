/**
 * Placeholder until the PostgreSQL adapter lands (it replaces this file): the branch of openStorage
 * exists, type-checks, and tells a person plainly that this build cannot reach PostgreSQL.
 */
import { UserError } from '../../core/errors.js';
import type { Storage, StorageOptions } from '../ports/index.js';

export async function openPostgresStorage(_options: StorageOptions): Promise<Storage> {
  throw new UserError('PostgreSQL storage is not available in this build');
}
