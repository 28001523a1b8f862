/** Finding the config: every search-place name, upwards from a nested directory, and --config. */
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CONFIG_FILE_NAMES, findConfigFile, loadConfig, resolveConfigPath } from '../../src/config/load.js';
import { UserError } from '../../src/core/errors.js';
import { trackz } from '../helpers/cli.js';
import { useWorkspace } from '../helpers/workspace.js';
import { ensureBuilt } from './build.js';

const workspace = useWorkspace('trackz-discovery-');
const MINIMAL = 'workspace: found\nmonitors: []\n';

/** A config in some directory above the system temp dir would be found by the "nothing found" cases. */
const configAboveTmp = await findConfigFile(tmpdir());

describe('config discovery', () => {
  it('searches every documented place name', () => {
    expect(CONFIG_FILE_NAMES).toEqual(['trackz.config.yaml', 'trackz.config.yml', '.trackzrc.yaml', '.trackzrc.yml', '.trackzrc', '.config/trackz.yaml', '.config/trackz.yml']);
  });

  it.each(CONFIG_FILE_NAMES)('finds %s from a directory three levels below it', async (name) => {
    const root = workspace.path(`each-${name.replace(/[/.]/g, '_')}`);
    const file = workspace.write(join(root.slice(workspace.dir.length + 1), name), MINIMAL);
    const nested = join(root, 'a', 'b', 'c');
    mkdirSync(nested, { recursive: true });
    expect(await findConfigFile(nested)).toBe(file);
    const config = await loadConfig({ cwd: nested, env: {} });
    expect(config.file).toBe(file);
    expect(config.workspace).toBe('found');
  });

  it('prefers the nearest directory, and within one directory the first name in the list', async () => {
    workspace.write('near/.trackzrc.yaml', MINIMAL);
    const nearest = workspace.write('near/inner/.trackzrc.yml', MINIMAL);
    mkdirSync(workspace.path('near/inner/deeper'), { recursive: true });
    expect(await findConfigFile(workspace.path('near/inner/deeper'))).toBe(nearest);

    const first = workspace.write('both/trackz.config.yaml', MINIMAL);
    workspace.write('both/.trackzrc.yaml', MINIMAL);
    workspace.write('both/.config/trackz.yaml', MINIMAL);
    expect(await findConfigFile(workspace.path('both'))).toBe(first);
  });

  it('finds an empty file rather than skipping it, so the user hears that it is empty', async () => {
    const file = workspace.write('empty/trackz.config.yaml', '');
    workspace.write('trackz.config.yaml', MINIMAL); // a valid one further up must not win
    expect(await findConfigFile(workspace.path('empty'))).toBe(file);
  });

  // Skipped only when the machine itself has a trackz config above the temp dir: then "nothing found" cannot happen there.
  it.skipIf(configAboveTmp !== undefined)('says where it looked when nothing is found (UserError, exit 2)', async () => {
    const lonely = join(tmpdir(), `trackz-lonely-${process.pid}`);
    mkdirSync(lonely, { recursive: true });
    const error = await resolveConfigPath({ cwd: lonely }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).exitCode).toBe(2);
    expect((error as Error).message).toContain(`no trackz config found in ${lonely} or any parent directory`);
    expect((error as Error).message).toContain('trackz init');
  });
});

describe('--config PATH', () => {
  it('is resolved against the cwd and used as is, whatever its name', async () => {
    const file = workspace.write('explicit/deploy/monitoring.yaml', MINIMAL);
    expect(await resolveConfigPath({ cwd: workspace.path('explicit'), configPath: 'deploy/monitoring.yaml' })).toBe(file);
  });

  it('to a missing file is a UserError with exit 2 naming the path', async () => {
    const error = await resolveConfigPath({ cwd: workspace.dir, configPath: 'nope/trackz.config.yaml' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).exitCode).toBe(2);
    expect((error as Error).message).toBe(`config file not found: ${workspace.path('nope/trackz.config.yaml')}`);
  });

  it('to a directory is a UserError with exit 2', async () => {
    mkdirSync(workspace.path('a-directory'), { recursive: true });
    const error = await loadConfig({ cwd: workspace.dir, configPath: 'a-directory' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).exitCode).toBe(2);
    expect((error as Error).message).toBe(`config path is not a file: ${workspace.path('a-directory')}`);
  });
});

describe('the binary, for mistakes before any YAML is read', () => {
  beforeAll(async () => ensureBuilt());

  it.each([
    ['a missing file', 'missing.yaml', 'trackz: config file not found: '],
    ['a directory', '.', 'trackz: config path is not a file: '],
  ])('--config to %s: one plain line on stderr, exit 2, no stack trace', async (_what, path, message) => {
    const cwd = workspace.path('cli');
    mkdirSync(cwd, { recursive: true });
    for (const command of ['validate', 'check']) {
      const result = await trackz([command, '--config', path], { cwd });
      expect(result.exitCode, result.stderr).toBe(2);
      expect(result.stderr.startsWith(message), result.stderr).toBe(true);
      expect(result.stderr).not.toMatch(/^\s+at /m);
      expect(result.stdout).toBe('');
    }
  });
});
