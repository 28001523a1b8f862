/**
 * The client scripts /t.js and /t-heat.js: hand-written in ./client, minified at build time into
 * dist/tracker/ (scripts/build.mjs). /t.js gets the beacon sites' two flags (honours DNT, has
 * heatmaps) written in, so it knows without a second request whether to send and whether to load
 * /t-heat.js. Served with an ETag and a day's cache (the flags follow the config).
 * Running from sources (tests), a missing dist/tracker is minified on the fly with esbuild.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SiteConfig } from '../../config/schema/activity.js';

export interface TrackerScript {
  body: Buffer;
  etag: string;
}

export const SITES_PLACEHOLDER = '__TRACKZ_SITES__';

function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('trackz: cannot find the package root for the tracker scripts');
    dir = up;
  }
  return dir;
}

async function minified(name: 't.js' | 't-heat.js'): Promise<string> {
  const root = packageRoot();
  const built = join(root, 'dist/tracker', name);
  if (existsSync(built)) return readFileSync(built, 'utf8');
  const source = join(root, 'src/server/collect/client', name);
  const { transform } = await import('esbuild');
  return (await transform(readFileSync(source, 'utf8'), { minify: true, target: 'es2017' })).code;
}

function script(text: string): TrackerScript {
  const body = Buffer.from(text);
  return { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"` };
}

/** The two scripts for these sites (only sites with `collect:` are listed in /t.js). */
export async function loadTrackerScripts(sites: readonly SiteConfig[]): Promise<{ main: TrackerScript; heat: TrackerScript }> {
  const flags: Record<string, { d?: 1; h?: 1 }> = {};
  for (const site of sites) {
    if (!site.collect) continue;
    flags[site.name] = { ...(site.privacy.honorDoNotTrack ? { d: 1 as const } : {}), ...(site.heatmaps ? { h: 1 as const } : {}) };
  }
  const [main, heat] = await Promise.all([minified('t.js'), minified('t-heat.js')]);
  if (!main.includes(SITES_PLACEHOLDER)) throw new Error('trackz: the tracker script has no sites placeholder');
  return { main: script(main.replace(SITES_PLACEHOLDER, JSON.stringify(flags))), heat: script(heat) };
}
