/**
 * The fast reader (js-yaml) must mean exactly what the exact one (`yaml`) means, and place monitors
 * where they are: the same data for real configs, every construct it cannot read alike sent to
 * `yaml`, positions equal to a full parse's.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { starterConfig } from '../../src/cli/templates/starter-config.js';
import { readFast, sliceLocator } from '../../src/config/fast-yaml.js';
import { loadConfigText } from '../../src/config/load.js';
import { locate, parseYamlSource } from '../../src/config/yaml-source.js';
import { ROOT } from '../helpers/cli.js';

const exact = (text: string) => parseDocument(text, { uniqueKeys: true, strict: true }).toJS({ maxAliasCount: 100 }) as unknown;

const MIXED = `# a config written every way YAML allows
workspace: acme
defaults: { interval: 60s, timeout: 10s, retries: 1 }
monitors:
  - name: block
    type: uptime
    url: https://example.com/
    tags: [a, "b", 'c']
    expect:
      body:
        matches: ["^ok$", '/x/i']
  - { name: flow, type: tcp, host: 127.0.0.1, port: 0x1F }
  -
    name: dangling-dash
    type: ssl
    host: example.com
  - name: scalars
    type: command
    run: |
      printf 'ok\\n'
      exit 0
    env: { A: "1", B: 2, C: true, D: ~, E: 1e3, F: .5, H: 017, I: "0o17", J: 0o17, K: yes, L: 2024-01-01 }
monitors_after: 1
`;

describe('readFast', () => {
  it('reads real configs to exactly the data the yaml package reads', () => {
    const configs = [readFileSync(join(ROOT, 'trackz.config.example.yaml'), 'utf8'), starterConfig('acme'), MIXED];
    for (const text of configs) expect(readFast(text)?.data).toEqual(exact(text));
  });

  it.each([
    ['an anchor and alias', 'a: &x 1\nb: *x\n'],
    ['a merge key', 'base: &b { a: 1 }\nm: { <<: *b }\n'],
    ['a tag', 'a: !!binary aGk=\n'],
    ['a complex key', '? [a, b]\n: c\n'],
    ['a binary number', 'port: 0b101\n'],
    ['a +.5 float', 'x: +.5\n'],
  ])('leaves %s to the exact parser', (_what, text) => {
    expect(readFast(text)).toBeUndefined();
  });

  it.each([
    ['a duplicate key', 'a: 1\na: 2\n'],
    ['two documents', 'a: 1\n---\nb: 2\n'],
    ['an alias to nothing', 'a: *nothing\n'],
    ['bad indentation', 'a:\n  b: 1\n c: 2\n'],
  ])('leaves %s (which js-yaml refuses) to the exact parser', (_what, text) => {
    expect(readFast(text)).toBeUndefined();
  });

  it('knows which ${…} values were written plain, so `port: ${PORT}` can become a number', () => {
    const read = readFast('a: ${PORT}\nb: "${PORT}"\nc: ${HOST}\nd: |\n  ${BLOCK}\n');
    expect(Object.fromEntries(read!.referenceStyles)).toEqual({ '${PORT}': 'both', '${HOST}': 'plain', '${BLOCK}\n': 'quoted' });
  });

  it('places every monitor, and every field inside one, where a full parse places it', () => {
    const read = readFast(MIXED)!;
    const fast = sliceLocator('c.yaml', MIXED, read);
    const full = parseYamlSource('c.yaml', MIXED).source;
    const paths: (string | number)[][] = [
      ['monitors', 0],
      ['monitors', 1],
      ['monitors', 2],
      ['monitors', 3],
      ['monitors', 0, 'url'],
      ['monitors', 0, 'expect', 'body', 'matches', 1],
      ['monitors', 3, 'env', 'L'],
      ['monitors', 3, 'run'],
    ];
    for (const path of paths) {
      const placed = fast(path, false);
      // A dangling `-` puts an item on lines of its own that a slice cannot hold: then the full parse answers.
      if (placed === undefined) expect(path.slice(0, 2)).toEqual(['monitors', 2]);
      else expect(placed, path.join('.')).toEqual(locate(full, path));
    }
  });
});

describe('loading', () => {
  it('fills ${…} the same way on both paths: plain whole references are retyped, quoted ones stay text', async () => {
    const env = { PORT: '8080', HOST: '127.0.0.1' };
    const text = 'monitors:\n  - name: a\n    type: tcp\n    host: ${HOST}\n    port: ${PORT}\n  - name: b\n    type: command\n    run: [echo]\n    env: { P: "${PORT}" }\n';
    expect(readFast(text)).toBeDefined();
    const fastLoaded = await loadConfigText('/tmp/x.yaml', text, { env });
    // An anchor sends the same file through `yaml`.
    const withAnchor = text.replace('    type: tcp\n', '    type: tcp\n    description: &note the same file, read the other way\n');
    expect(readFast(withAnchor)).toBeUndefined();
    const exactLoaded = await loadConfigText('/tmp/x.yaml', withAnchor, { env });
    expect(fastLoaded.monitors.map((m) => m.options)).toEqual(exactLoaded.monitors.map((m) => m.options));
    expect(fastLoaded.monitors[0]!.options).toMatchObject({ host: '127.0.0.1', port: 8080 });
    expect(fastLoaded.monitors[1]!.options).toMatchObject({ env: { P: '8080' } });
  });
});
