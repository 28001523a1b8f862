/**
 * `trackz data delete` asks before deleting on a terminal (the question and the answer are the
 * action's `confirm`), and data requests find a visitor only through the salts still held.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { activity } from '../../src/cli/actions/activity.js';
import { dataDelete, dataExport, parseWhen } from '../../src/cli/actions/data.js';
import { importActivity } from '../../src/cli/actions/import.js';
import { clf } from '../helpers/clf-time.js';
import { useWorkspace } from '../helpers/workspace.js';

const ws = useWorkspace('trackz-data-rights-');
const UA = 'Mozilla/5.0 (X11; Linux x86_64; rv:126.0) Gecko/20100101 Firefox/126.0';
const NOW = Date.now();

describe('data requests', () => {
  it('asks on a terminal, deletes only after yes, and reports the counts', async () => {
    // Three pages and a stylesheet: four requests, three page views.
    const paths = ['/p1', '/p2', '/p3', '/site.css'];
    ws.write('access.log', paths.map((path, i) => `203.0.113.9 - - [${clf(NOW - (i + 1) * 60_000)}] "GET ${path} HTTP/1.1" 200 10 "-" "${UA}"\n`).join(''));
    ws.write('trackz.config.yaml', 'sites:\n  - name: blog\n    logs: { path: access.log }\n');
    await importActivity({ cwd: ws.dir, name: 'blog' });
    const questions: string[] = [];
    const no = await dataDelete({ cwd: ws.dir, visitor: ['203.0.113.9', UA], confirm: async (q) => (questions.push(q), false) });
    expect(no).toBe('Nothing deleted.\n');
    expect(questions).toEqual(['Delete 4 requests (3 page views), 1 session, 0 device events, 0 buckets, 0 devices of the visitor 203.0.113.9 with that User-Agent on every site? This cannot be undone. [y/N] ']);
    const exported = await dataExport({ cwd: ws.dir, visitor: ['203.0.113.9', UA] });
    expect(exported.counts).toMatchObject({ requests: 4, pageViews: 3, sessions: 1 });
    const document = JSON.parse(exported.output!);
    expect(document.sources[0].requests).toHaveLength(4);
    expect(document.counts).toMatchObject({ requests: 4, pageViews: 3 });
    // The same figure `trackz activity` shows for the same rows.
    const report = JSON.parse(await activity({ cwd: ws.dir, site: 'blog', json: true }));
    expect([report.requests, report.pageViews]).toEqual([exported.counts.requests, exported.counts.pageViews]);
    const yes = await dataDelete({ cwd: ws.dir, visitor: ['203.0.113.9', UA], confirm: async () => true });
    expect(yes).toBe('Deleted 4 requests (3 page views), 1 session, 0 device events, 0 buckets, 0 devices of the visitor 203.0.113.9 with that User-Agent on every site.\n');
    expect(await dataDelete({ cwd: ws.dir, visitor: ['203.0.113.9', UA], yes: true })).toBe('Nothing stored for the visitor 203.0.113.9 with that User-Agent on every site.\n');
  });

  it('cannot find a visitor once the salts of those days are gone', async () => {
    ws.write('old/access.log', `203.0.113.10 - - [${clf(NOW - 60_000)}] "GET /x HTTP/1.1" 200 10 "-" "${UA}"\n`);
    ws.write('old/trackz.config.yaml', 'sites:\n  - name: blog\n    logs: { path: access.log }\n');
    await importActivity({ cwd: ws.path('old'), name: 'blog' });
    const db = new Database(ws.path('old/.trackz/trackz.db'));
    db.prepare('DELETE FROM activity_salts').run();
    db.close();
    const request = await dataExport({ cwd: ws.path('old'), visitor: ['203.0.113.10', UA] });
    expect(request.counts.requests).toBe(0);
    const site = await dataExport({ cwd: ws.path('old'), site: 'blog' });
    expect(site.counts).toMatchObject({ requests: 1, pageViews: 1 });
  });

  it('reads dates and durations for --since and --until, and refuses other words', () => {
    expect(parseWhen('2024-05-01', NOW, '--since')).toBe(Date.UTC(2024, 4, 1));
    expect(parseWhen('2024-05-01T12:30:00Z', NOW, '--since')).toBe(Date.UTC(2024, 4, 1, 12, 30));
    expect(parseWhen('30d', NOW, '--until')).toBe(NOW - 30 * 86_400_000);
    expect(() => parseWhen('last week', NOW, '--until')).toThrow(/--until: expected a date/);
  });
});
