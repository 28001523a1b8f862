/** The access-log import looks the country up from `geo.database` (a test .mmdb) unless the log carries one. */
import Database from 'better-sqlite3';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { runImport } from '../../../src/activity/run-import.js';
import { siteSchema } from '../../../src/config/schema/activity.js';
import { writeMmdb } from '../../helpers/mmdb-writer.js';
import { useWorkspace } from '../../helpers/workspace.js';

const ws = useWorkspace('trackz-import-country-');
const UA = 'Mozilla/5.0 (X11; Linux x86_64; rv:126.0) Gecko/20100101 Firefox/126.0';
const NOW = Date.UTC(2024, 5, 12, 12, 0, 0);

describe('country in the access-log import', () => {
  it('comes from the database for each client, the log wins when it has one, and no IP is stored', async () => {
    writeMmdb(ws.path('geo.mmdb'), [
      { cidr: '127.0.0.0/8', country: 'NZ' },
      { cidr: '198.51.100.0/24', country: 'CA' },
    ]);
    ws.write(
      'access.log',
      [
        `127.0.0.1 [12/Jun/2024:11:00:00 +0000] "GET / HTTP/1.1" 200 5 "-" "${UA}" "-"`,
        `198.51.100.7 [12/Jun/2024:11:00:01 +0000] "GET /a HTTP/1.1" 200 5 "-" "${UA}" "-"`,
        `198.51.100.8 [12/Jun/2024:11:00:02 +0000] "GET /b HTTP/1.1" 200 5 "-" "${UA}" "FR"`,
        `203.0.113.9 [12/Jun/2024:11:00:03 +0000] "GET /c HTTP/1.1" 200 5 "-" "${UA}" "-"`,
      ].join('\n') + '\n',
    );
    const site = v.parse(siteSchema, { name: 'blog', logs: { path: 'access.log', format: '%h [%x] "%r" %s %b "%R" "%u" "%{country}"' } });
    const stats = await runImport(
      { kind: 'site', site, storage: { target: { backend: 'sqlite', path: ws.path('trackz.db') }, workspace: 't' }, configDir: ws.dir, geo: { database: 'geo.mmdb' } },
      { now: () => NOW, threads: false },
    );
    expect(stats.imported).toBe(4);
    const db = new Database(ws.path('trackz.db'), { readonly: true });
    expect(db.prepare('SELECT path, country, ip FROM site_page_views ORDER BY ts').all()).toEqual([
      { path: '/', country: 'NZ', ip: null },
      { path: '/a', country: 'CA', ip: null },
      { path: '/b', country: 'FR', ip: null },
      { path: '/c', country: null, ip: null },
    ]);
    db.close();
  });
});
