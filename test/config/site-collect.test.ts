/** Beacon-only sites, collect.origins, heatmaps and geo: defaults and the errors, at file:line:column. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfigText } from '../../src/config/load.js';
import { ConfigError } from '../../src/core/errors.js';
import { useWorkspace } from '../helpers/workspace.js';

const ws = useWorkspace('trackz-site-collect-');
const FILE = join(ws.dir, 'trackz.config.yaml');
const load = (yaml: string) => loadConfigText(FILE, yaml, { env: {} });

describe('sites with collect:', () => {
  it('may have no logs; heatmaps default to false; geo defaults to the bundled database', async () => {
    const config = await load('sites:\n  - { name: blog, domain: blog.example, collect: {} }\n  - { name: shop, collect: { origins: ["https://shop.example:8443"] }, heatmaps: true }\n');
    const [blog, shop] = config.root.sites!;
    expect(blog).toMatchObject({ name: 'blog', collect: {}, heatmaps: false });
    expect(blog!.logs).toBeUndefined();
    expect(shop).toMatchObject({ collect: { origins: ['https://shop.example:8443'] }, heatmaps: true });
    expect(config.root.geo).toEqual({ database: 'dbip' });
    // Still a check: its import reads nothing but applies retention.
    expect(config.monitors.map((m) => m.name)).toEqual(['site:blog', 'site:shop']);
  });

  it('says what is missing or wrong, where', async () => {
    const error = (await load('geo: { database: 3 }\nsites:\n  - name: a\n  - name: b\n    collect: {}\n  - name: c\n    collect: { origins: [https://c.example/path] }\n').catch((e: unknown) => e)) as ConfigError;
    expect(error).toBeInstanceOf(ConfigError);
    const text = error.message + '\n' + JSON.stringify(error.issues);
    expect(text).toMatch(/geo\.database: expected non-empty text/);
    expect(error.issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ line: 3, column: 11, message: expect.stringContaining('sites[0].name: a site needs `logs:` (access logs to import), `collect:` (the /t.js beacon), or both') }),
        expect.objectContaining({ line: 4, column: 11, message: expect.stringContaining('sites[1].name: give `domain:` or `collect.origins:`') }),
        expect.objectContaining({ line: 7, message: expect.stringContaining('sites[2].collect.origins[0]: expected an origin') }),
      ]),
    );
  });
});
