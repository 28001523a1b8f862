/**
 * The storage contract against a real PostgreSQL (the run's shared server, a database of this
 * file's own): each name the suite asks for is a workspace in that one database.
 */
import { openPostgresStorage } from '../../src/storage/postgres/open.js';
import { freshDatabase } from '../helpers/postgres.js';
import { storageContract } from './contract/suite.js';

let url: Promise<string> | undefined;

storageContract('postgres', async (name) => {
  url ??= freshDatabase('contract');
  return openPostgresStorage({ target: { backend: 'postgres', url: await url }, workspace: name });
});
