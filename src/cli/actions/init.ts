/** `trackz init`: writes the commented starter, never over an existing file. */
import { closeSync, existsSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { basename, dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { UserError } from '../../core/errors.js';
import { starterConfig } from '../templates/starter-config.js';

/**
 * How the config reaches the JSON Schema of the trackz that wrote it: relative when trackz is installed
 * below the config (`./node_modules/trackz/…`, a path that survives a clone), absolute otherwise
 * (`npm link`, a global install, `./bin/run.js` from a checkout). Nothing when the schema is missing.
 */
export function schemaReference(configDir: string, schemaFile: string | undefined): string | undefined {
  if (!schemaFile || !existsSync(schemaFile)) return undefined;
  const path = relative(configDir, schemaFile);
  return path.startsWith('..') || isAbsolute(path) ? schemaFile : `./${path.split(sep).join('/')}`;
}

export function init(options: { path?: string; cwd?: string; workspace?: string; schemaFile?: string }): string {
  const cwd = options.cwd ?? process.cwd();
  const file = resolve(cwd, options.path ?? 'trackz.config.yaml');
  const workspace = (options.workspace ?? basename(dirname(file))).replace(/[^A-Za-z0-9._-]/g, '-').replace(/^[^A-Za-z0-9]+/, '') || 'default';
  mkdirSync(dirname(file), { recursive: true });
  let fd: number;
  try {
    // 'wx': create, and fail if anything is there; no window for a race with another writer.
    fd = openSync(file, 'wx', 0o644);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new UserError(`${file} already exists; not overwriting it. Edit it, or pass --config with another path.`);
    throw new UserError(`cannot create ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  try {
    writeSync(fd, starterConfig(workspace, schemaReference(dirname(file), options.schemaFile)));
  } finally {
    closeSync(fd);
  }
  return file;
}
