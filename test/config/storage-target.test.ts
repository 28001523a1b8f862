/** `storage:` resolved to where trackz keeps its data: a SQLite file by default, PostgreSQL when a URL is given. */
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfigText } from '../../src/config/load.js';
import { ConfigError } from '../../src/core/errors.js';
import { clearSecrets, redact } from '../../src/privacy/redactor.js';
import { useWorkspace } from '../helpers/workspace.js';

const workspace = useWorkspace('trackz-storage-target-');
const FILE = join(workspace.dir, 'trackz.config.yaml');
const load = (yaml: string, env: Record<string, string> = {}) => loadConfigText(FILE, yaml, { env });

afterEach(() => clearSecrets());

describe('storage target', () => {
  it('is the default SQLite file beside the config when nothing is said', async () => {
    const config = await load('monitors: []\n');
    expect(config.storage.target).toEqual({ backend: 'sqlite', path: join(workspace.dir, '.trackz/trackz.db') });
  });

  it('is a SQLite file relative to the config', async () => {
    const config = await load('storage: { path: data/t.db }\nmonitors: []\n');
    expect(config.storage.target).toEqual({ backend: 'sqlite', path: join(workspace.dir, 'data/t.db') });
  });

  it('is PostgreSQL for storage.url, also from ${DATABASE_URL}, and the password is registered with the redactor', async () => {
    const url = 'postgres://trackz:pa%24%24word-9@db.internal:5432/trackz?sslmode=require';
    const config = await load('storage:\n  url: ${DATABASE_URL}\n  retention: { results: 7d }\nmonitors: []\n', { DATABASE_URL: url });
    expect(config.storage.target).toEqual({ backend: 'postgres', url, keyFilePath: join(dirname(config.file), '.trackz', 'secret.key') });
    expect(config.storage.retention.resultsMs).toBe(7 * 86_400_000);
    expect(redact(`connecting with pa$$word-9 (${url})`)).toBe('connecting with *** (postgres://trackz:***@db.internal:5432/trackz?sslmode=require)');
  });

  it('accepts postgresql:// and a socket directory in the query', async () => {
    const config = await load('storage: { url: "postgresql:///trackz?host=/var/run/postgresql" }\nmonitors: []\n');
    expect(config.storage.target).toMatchObject({ backend: 'postgres', url: 'postgresql:///trackz?host=/var/run/postgresql' });
  });

  it('refuses a path and a URL together, at the url line', async () => {
    const error = (await load('storage:\n  path: a.db\n  url: postgres://localhost/t\nmonitors: []\n').catch((e: unknown) => e)) as ConfigError;
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.issues).toMatchObject([{ line: 3, column: 8, message: 'storage.url: give storage.path (a SQLite file) or storage.url (PostgreSQL), not both' }]);
    expect(error.exitCode).toBe(2);
  });
});
