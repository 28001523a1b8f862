/** `${NAME}`, `${NAME:-default}`, `${secret:NAME}` and `$${`, on the YAML tree, with positions and redaction. */
import { beforeEach, describe, expect, it } from 'vitest';
import { interpolate, type InterpolationSources } from '../../src/config/interpolate.js';
import { loadConfigText } from '../../src/config/load.js';
import { parseYamlSource } from '../../src/config/yaml-source.js';
import { ConfigError } from '../../src/core/errors.js';
import { clearSecrets, redact } from '../../src/privacy/redactor.js';

const FILE = '/srv/acme/trackz.config.yaml';

function run(yaml: string, sources: Partial<InterpolationSources> = {}) {
  const { source, issues: syntax } = parseYamlSource(FILE, yaml);
  expect(syntax).toEqual([]);
  const issues = interpolate(source, { env: {}, ...sources });
  return { data: source.doc.toJS() as Record<string, unknown>, issues };
}

beforeEach(() => clearSecrets());

describe('${NAME} and ${NAME:-default}', () => {
  it('replaces a reference inside text and as a whole value', () => {
    const { data, issues } = run('url: https://${HOST}/health\nhost: ${HOST}\n', { env: { HOST: 'api.example.com' } });
    expect(issues).toEqual([]);
    expect(data).toEqual({ url: 'https://api.example.com/health', host: 'api.example.com' });
  });

  it('uses the default when the variable is unset or empty, and the variable when it is set', () => {
    const { data, issues } = run('a: ${UNSET:-fallback}\nb: ${EMPTY:-fallback}\nc: ${SET:-fallback}\nd: x${UNSET:-}y\n', { env: { EMPTY: '', SET: 'given' } });
    expect(issues).toEqual([]);
    expect(data).toEqual({ a: 'fallback', b: 'fallback', c: 'given', d: 'xy' });
  });

  it('re-types numbers and booleans only for an unquoted reference that is the whole value', () => {
    const env = { PORT: '8080', ON: 'true', RATIO: '0.5' };
    const { data } = run(
      ['plain: ${PORT}', 'quoted: "${PORT}"', 'single: \'${PORT}\'', 'inside: port-${PORT}', 'two: ${PORT}${PORT}', 'flag: ${ON}', 'ratio: ${RATIO}', 'fallback: ${NOPE:-42}'].join('\n'),
      { env },
    );
    expect(data).toEqual({ plain: 8080, quoted: '8080', single: '8080', inside: 'port-8080', two: '80808080', flag: true, ratio: 0.5, fallback: 42 });
  });

  it('writes a literal ${ for $${, and leaves keys alone', () => {
    const { data, issues } = run('literal: $${HOME}\nmixed: "$${A} is ${A}"\n${A}: key\n', { env: { A: 'a-value', HOME: '/root' } });
    expect(issues).toEqual([]);
    expect(data).toEqual({ literal: '${HOME}', mixed: '${A} is a-value', '${A}': 'key' });
  });

  it('reports a missing variable at the line and column of its value, naming the variable and the path', () => {
    const { issues } = run('workspace: acme\nmonitors:\n  - name: api\n    url: https://${API_HOST}/health\n');
    expect(issues).toEqual([
      {
        file: FILE,
        line: 4,
        column: 10,
        message: 'monitors[0].url: environment variable API_HOST is not set (referenced as ${API_HOST})',
        hint: 'set API_HOST, or give a default with ${API_HOST:-value}',
      },
    ]);
  });

  it('says "empty" for a variable that is set to nothing', () => {
    const { issues } = run('token: ${TOKEN}\n', { env: { TOKEN: '' } });
    expect(issues.map((i) => i.message)).toEqual(['token: environment variable TOKEN is empty (referenced as ${TOKEN})']);
  });

  it('reports every missing variable, each once, and nothing for those with a default', () => {
    const { issues } = run('a: ${ONE}\nb: ${TWO:-2}\nc: "${THREE} and ${FOUR}"\n');
    expect(issues.map((i) => [i.line, i.message.split(' (')[0]])).toEqual([
      [1, 'a: environment variable ONE is not set'],
      [3, 'c: environment variable THREE is not set'],
      [3, 'c: environment variable FOUR is not set'],
    ]);
  });

  it.each([['${API_HOST'], ['${1ABC}'], ['${A:-x'], ['${}'], ['${A B}'], ['${secret:}']])('reports %s as malformed, with the value found', (value) => {
    const { issues } = run(`url: "${value}/health"\n`, { env: { API_HOST: 'x', A: 'x' } });
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ line: 1, column: 6, message: 'url: malformed ${…} reference', found: JSON.stringify(`${value}/health`) });
    expect(issues[0]!.hint).toContain('use $${ for a literal ${');
  });
});

describe('${secret:NAME}', () => {
  it('takes the value from the resolver and registers it with the redactor', () => {
    const asked: string[] = [];
    const { data, issues } = run('smtp:\n  pass: ${secret:SMTP_PASS}\n', {
      secret: (name) => {
        asked.push(name);
        return 'correct-horse-battery';
      },
    });
    expect(issues).toEqual([]);
    expect(asked).toEqual(['SMTP_PASS']);
    expect(data).toEqual({ smtp: { pass: 'correct-horse-battery' } });
    expect(redact('login with correct-horse-battery failed')).toBe('login with *** failed');
  });

  it('is an issue when the resolver does not know the name', () => {
    const { issues } = run('monitors:\n  - token: ${secret:API_TOKEN}\n', { secret: () => undefined });
    expect(issues).toEqual([
      {
        file: FILE,
        line: 2,
        column: 12,
        message: 'monitors[0].token: secret API_TOKEN is not in the secret store (referenced as ${secret:API_TOKEN})',
        hint: 'add it with `trackz secrets set API_TOKEN`',
      },
    ]);
  });

  it('is an issue, suggesting the environment, when there is no resolver at all', () => {
    const { issues } = run('token: ${secret:API_TOKEN}\n');
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ line: 1, message: 'token: ${secret:API_TOKEN} cannot be resolved: no secret store is available', hint: 'take it from the environment instead: ${API_TOKEN}' });
  });
});

describe('secrets from the environment are redacted', () => {
  it.each([
    ['a password field', 'smtp:\n  pass: ${V}\n'],
    ['a token field', 'api:\n  token: ${V}\n'],
    ['an authorization header', 'headers:\n  Authorization: Bearer ${V}\n'],
    ['any header', 'headers:\n  X-Custom: ${V}\n'],
    ['a field under auth', 'auth:\n  basic: { user: ops, pass: "${V}" }\n'],
    ['a webhook URL', 'channels:\n  - webhook: https://hooks.example.com/${V}\n'],
  ])('in %s', (_what, yaml) => {
    run(yaml, { env: { V: 'hunter2-value-xyz' } });
    expect(redact('sent hunter2-value-xyz')).toBe('sent ***');
  });

  it('when the variable name says it is secret, wherever it is used', () => {
    run('url: https://ops:${DB_PASSWORD}@db.example.com/\n', { env: { DB_PASSWORD: 's3cret-pw-9' } });
    expect(redact('connecting to https://ops:s3cret-pw-9@db.example.com/')).toBe('connecting to https://ops:***@db.example.com/');
  });

  it('but not an ordinary value', () => {
    run('host: ${HOST}\n', { env: { HOST: 'db.example.com' } });
    expect(redact('db.example.com is down')).toBe('db.example.com is down');
  });

  it('even when a schema error would quote the value back', async () => {
    const yaml = 'monitors:\n  - name: api\n    type: uptime\n    url: https://api.example.com/\n    auth: { bearer: ${API_TOKEN} }\n';
    const error = await loadConfigText(FILE, yaml, { env: { API_TOKEN: '31415926535' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain(`${FILE}:5:`);
    expect((error as Error).message).not.toContain('31415926535');
  });
});

describe('through loadConfigText', () => {
  it('a monitor gets the interpolated, re-typed values', async () => {
    const yaml = 'workspace: ${WS:-acme}\nmonitors:\n  - name: db\n    type: tcp\n    host: ${DB_HOST}\n    port: ${DB_PORT}\n';
    const config = await loadConfigText(FILE, yaml, { env: { DB_HOST: 'db.internal', DB_PORT: '5432' } });
    expect(config.workspace).toBe('acme');
    expect(config.monitors[0]!.options).toMatchObject({ host: 'db.internal', port: 5432 });
  });

  it('a missing variable is reported once, not again as the schema error of the emptied value', async () => {
    const yaml = 'monitors:\n  - name: db\n    type: tcp\n    host: ${DB_HOST}\n    port: ${DB_PORT}\n';
    const error = (await loadConfigText(FILE, yaml, { env: {} }).catch((e: unknown) => e)) as ConfigError;
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.issues.map((i) => `${i.line}:${i.column} ${i.message.split(' (')[0]}`)).toEqual([
      '4:11 monitors[0].host: environment variable DB_HOST is not set',
      '5:11 monitors[0].port: environment variable DB_PORT is not set',
    ]);
  });

  it('a missing variable does not hide another problem on the same line', async () => {
    const yaml = 'monitors:\n  - { name: db, type: tcp, host: "${DB_HOST}", port: 0 }\n';
    const error = (await loadConfigText(FILE, yaml, { env: {} }).catch((e: unknown) => e)) as ConfigError;
    expect(error.issues.map((i) => i.message.split(' (')[0])).toEqual(['monitors[0].host: environment variable DB_HOST is not set', 'monitors[0].port: expected a port number between 1 and 65535']);
  });
});
