/**
 * schema/trackz.schema.json is what editors check the file with. It is generated from the schemas trackz
 * validates with; these tests keep the committed file from going stale and check that it agrees with trackz.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildJsonSchema } from '../../src/config/json-schema.js';
import { loadConfigText } from '../../src/config/load.js';
import { starterConfig } from '../../src/cli/templates/starter-config.js';
import { ROOT } from '../helpers/cli.js';

const SCHEMA_FILE = join(ROOT, 'schema/trackz.schema.json');
const EXAMPLE_FILE = join(ROOT, 'trackz.config.example.yaml');

const compile = () => new Ajv({ allErrors: true, strict: true }).compile(JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as object);
let validate: ValidateFunction;
beforeAll(() => {
  validate = compile();
});

/** Accepted by trackz itself (no plugins, no environment) and by the JSON Schema. */
async function acceptedByBoth(yaml: string, file = join(ROOT, 'trackz.config.yaml')): Promise<void> {
  await loadConfigText(file, yaml, { env: {} });
  const valid = validate(parse(yaml));
  expect(valid, JSON.stringify(validate.errors, null, 2)).toBe(true);
}

describe('schema/trackz.schema.json', () => {
  it('is exactly what buildJsonSchema() generates now (run `node scripts/build.mjs` after changing a schema)', async () => {
    const committed = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as unknown;
    expect(committed).toEqual(await buildJsonSchema());
  });

  it('is a valid draft-07 schema that ajv compiles in strict mode (no unknown keywords or formats)', () => {
    expect(compile).not.toThrow();
  });

  it('accepts the starter config `trackz init` writes', async () => {
    await acceptedByBoth(starterConfig('acme'));
  });

  it('accepts trackz.config.example.yaml, the file that documents every field', async () => {
    expect(existsSync(EXAMPLE_FILE)).toBe(true);
    await acceptedByBoth(readFileSync(EXAMPLE_FILE, 'utf8'), EXAMPLE_FILE);
  });

  it('accepts a config using every built-in type and every common monitor field', async () => {
    await acceptedByBoth(`workspace: acme
storage: { path: .trackz/acme.db, retention: { results: 30d, rollups: 400d } }
defaults: { interval: 60s, timeout: 10s, retries: 1, retryDelay: 1s }
monitors:
  - name: homepage
    type: uptime
    description: The public site
    url: https://example.com/
    method: HEAD
    headers: { accept: text/html }
    followRedirects: false
    maxBodyBytes: 1MiB
    expect:
      status: [200, 3xx, 400-404]
      body: { contains: Welcome, notContains: [Error, Exception], matches: "/welcome/i" }
      json: [{ path: $.status, equals: ok }, { path: $.items.length, gte: 1 }]
      headers: { content-type: { contains: html } }
      latency: { degraded: 800ms, down: 5s }
    tags: [web, public]
    enabled: true
    interval: 30s
    timeout: 5s
    retries: 2
    retryDelay: 500ms
    dependsOn: [api-cert]
  - name: api-cert
    type: ssl
    host: api.example.com
    port: 8443
    expect: { daysLeft: { degraded: 30, down: 7 } }
  - name: db
    type: tcp
    host: db.internal
    port: 5432
    tls: true
`);
  });

  it.each([
    ['an unknown top-level key', 'monitor: []\n'],
    ['an unknown key in defaults', 'defaults: { timout: 5s }\n'],
    ['a duration without a unit', 'defaults: { timeout: 30 }\n'],
    ['a monitor without a type', 'monitors: [{ name: a }]\n'],
    ['an uptime monitor without url', 'monitors: [{ name: a, type: uptime }]\n'],
    ['an uptime monitor with an ssl field', 'monitors: [{ name: a, type: uptime, url: "https://example.com/", servername: x }]\n'],
    ['a tcp monitor with a port out of range', 'monitors: [{ name: a, type: tcp, host: x, port: 70000 }]\n'],
    ['an unknown key inside expect', 'monitors: [{ name: a, type: uptime, url: "https://example.com/", expect: { stauts: 200 } }]\n'],
  ])('refuses %s, as trackz does', async (_what, yaml) => {
    await expect(loadConfigText(join(ROOT, 'trackz.config.yaml'), yaml, { env: {} })).rejects.toThrow(/invalid config/);
    expect(validate(parse(yaml))).toBe(false);
  });

  it('accepts a type from `plugins:` with any fields, since its schema is only known at run time', () => {
    expect(validate(parse('plugins: [./dns-check.js]\nmonitors: [{ name: a, type: dns-check, record: MX }]\n'))).toBe(true);
  });
});
