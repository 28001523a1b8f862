#!/usr/bin/env node
/**
 * Regenerates docs/heatmap.png (shown in the README): a demo page served on 127.0.0.1, clicks and
 * scroll depths stored for it in a throw-away SQLite file, then the real `trackz heatmap` binary.
 * Needs dist/ (node scripts/build.mjs) and Debian's chromium.
 */
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'trackz-heatmap-demo-'));
const PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>Pricing</title><style>
body{margin:0;font:16px/1.5 system-ui,sans-serif;color:#222;background:#f7f7f9}
header{background:#1d3557;color:#fff;padding:18px 40px;font-size:22px}
main{max-width:1000px;margin:40px auto;padding:0 20px}
.plans{display:flex;gap:24px}.plan{flex:1;background:#fff;border-radius:8px;padding:24px;box-shadow:0 1px 4px #0002}
.plan button{margin-top:16px;padding:10px 18px;border:0;border-radius:6px;background:#457b9d;color:#fff;font-size:16px}
#faq{margin-top:60px;background:#fff;border-radius:8px;padding:24px;height:900px}
</style></head><body><header>Acme Cloud</header><main><h1>Pricing</h1>
<div class="plans"><div class="plan"><h2>Free</h2><p>For hobby projects.</p><button id="free">Start free</button></div>
<div class="plan"><h2>Pro</h2><p>For teams that ship.</p><button id="pro">Buy Pro</button></div>
<div class="plan"><h2>Enterprise</h2><p>For everyone else.</p><button id="contact">Contact us</button></div></div>
<section id="faq"><h2>Questions</h2><p>Everything you wanted to know.</p></section></main></body></html>`;

const server = createServer((_req, res) => res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(PAGE));
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${server.address().port}`;
try {
  writeFileSync(join(dir, 'trackz.config.yaml'), 'storage: { path: trackz.db }\nsites:\n  - name: acme\n    domain: acme.example\n    collect: {}\n    heatmaps: true\n');
  const check = spawnSync(process.execPath, [join(root, 'bin/run.js'), 'check', '--reporter', 'json'], { cwd: dir, encoding: 'utf8' });
  if (check.status !== 0) throw new Error(`trackz check failed: ${check.stderr}`);
  const Database = createRequire(join(root, 'package.json'))('better-sqlite3');
  const db = new Database(join(dir, 'trackz.db'));
  const siteId = db.prepare("SELECT id FROM activity_sources WHERE kind = 'site' AND name = 'acme'").pluck().get();
  const click = db.prepare('INSERT INTO site_clicks (site_id, ts, path, selector, x, y, width) VALUES (?, ?, ?, ?, ?, ?, 1280)');
  const scroll = db.prepare('INSERT INTO site_scrolls (site_id, ts, path, depth, width) VALUES (?, ?, ?, ?, 1280)');
  let seed = 7;
  const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
  const now = Date.now();
  const spread = (n, selector) => {
    for (let i = 0; i < n; i++) click.run(siteId, now, '/pricing', selector, 0.2 + 0.6 * random(), 0.2 + 0.6 * random());
  };
  spread(60, '#pro');
  spread(25, '#free');
  spread(8, '#contact');
  spread(12, 'main>h1:nth-of-type(1)');
  for (let i = 0; i < 200; i++) scroll.run(siteId, now, '/pricing', Math.min(1, 0.45 + random() * 0.7));
  db.close();
  // Asynchronously: this process serves the page meanwhile.
  const run = await promisify(execFile)(process.execPath, [join(root, 'bin/run.js'), 'heatmap', 'acme', '/pricing', '--url', base, '--out', join(root, 'docs/heatmap.png')], { cwd: dir });
  process.stdout.write(run.stdout);
} finally {
  server.close();
  rmSync(dir, { recursive: true, force: true });
}
