/**
 * One visitor however their address was written: an access log that spells one IPv6 client three
 * ways (and an IPv4 client through a dual-stack socket as ::ffff:…), imported and then asked for with
 * yet another spelling, through the built binary. Hashed sites and `visitorId: plain` sites alike.
 */
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuiltFor } from '../helpers/built.js';
import { trackz } from '../helpers/cli.js';
import { clf } from '../helpers/clf-time.js';
import { useWorkspace } from '../helpers/workspace.js';

const ws = useWorkspace('trackz-ipv6-');
const UA = 'Mozilla/5.0 (X11; Linux x86_64; rv:126.0) Gecko/20100101 Firefox/126.0';
const entry = (ip: string, at: number, path: string) => `${ip} - - [${clf(at)}] "GET ${path} HTTP/1.1" 200 100 "-" "${UA}"\n`;

beforeAll(async () => {
  ensureBuiltFor(['src', 'plugins']);
  const now = Date.now();
  const lines = [
    entry('2001:db8:4:5::beef', now - 600_000, '/a'),
    entry('2001:DB8:4:5:0:0:0:BEEF', now - 500_000, '/b'),
    entry('2001:0db8:0004:0005::beef', now - 400_000, '/c'),
    entry('2001:db8:4:5::1', now - 300_000, '/someone-else'),
    entry('::ffff:198.51.100.4', now - 200_000, '/mapped'),
    entry('198.51.100.4', now - 100_000, '/plain-v4'),
  ].join('');
  ws.write('access.log', lines);
  ws.write('trackz.config.yaml', 'sites:\n  - name: hashed\n    logs: { path: access.log }\n  - name: plain\n    logs: { path: access.log }\n    privacy: { visitorId: plain }\n');
  for (const site of ['hashed', 'plain']) {
    const imported = await trackz(['import', site], { cwd: ws.dir });
    expect(imported.exitCode, imported.stderr).toBe(0);
  }
});

const exportFor = async (ip: string, site: string) => {
  const run = await trackz(['data', 'export', '--visitor', ip, UA, '--site', site], { cwd: ws.dir });
  expect(run.exitCode, run.stderr).toBe(0);
  const source = (JSON.parse(run.stdout) as { sources: { requests?: { path: string }[]; sessions?: unknown[] }[] }).sources[0]!;
  return { paths: (source.requests ?? []).map((p) => p.path).sort(), sessions: source.sessions?.length ?? 0 };
};

describe('an IPv6 visitor written three ways', () => {
  it.each(['hashed', 'plain'])('is one visitor, found by a fourth spelling (%s site)', async (site) => {
    expect(await exportFor('2001:0db8:0004:0005:0000:0000:0000:BEEF', site)).toEqual({ paths: ['/a', '/b', '/c'], sessions: 1 });
    expect(await exportFor('[2001:db8:4:5::BEEF]', site)).toEqual({ paths: ['/a', '/b', '/c'], sessions: 1 });
  });

  it.each(['hashed', 'plain'])('an IPv4 client seen as ::ffff:… is the IPv4 client (%s site)', async (site) => {
    expect(await exportFor('198.51.100.4', site)).toEqual({ paths: ['/mapped', '/plain-v4'], sessions: 1 });
    expect(await exportFor('::FFFF:198.51.100.4', site)).toEqual({ paths: ['/mapped', '/plain-v4'], sessions: 1 });
  });

  it('a plain site stores the address in its one spelling', () => {
    const db = new Database(ws.path('.trackz/trackz.db'), { readonly: true });
    try {
      const ips = db.prepare("SELECT DISTINCT ip FROM site_page_views WHERE ip != '' ORDER BY ip").pluck().all();
      expect(ips).toEqual(['198.51.100.4', '2001:db8:4:5::1', '2001:db8:4:5::beef']);
    } finally {
      db.close();
    }
  });
});
