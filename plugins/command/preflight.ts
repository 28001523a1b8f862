/**
 * What `trackz validate` checks for a command monitor without running it: the program exists and is
 * executable (a path is relative to the config file, a bare name is looked up on PATH as exec does),
 * and the working directory exists. A string runs through /bin/sh, whose parsing is its own: only a
 * list's program is checked.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join, resolve } from 'node:path';
import type { PreflightProblem } from '../../src/core/plugin.js';
import type { CommandOptions } from './options.js';

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function programProblem(file: string, shown: string): PreflightProblem | undefined {
  let stat;
  try {
    stat = statSync(file);
  } catch {
    return { path: ['run', 0], message: `the program ${shown} does not exist`, hint: isAbsolute(shown) ? undefined : 'a path with a / is relative to the config file' };
  }
  if (stat.isDirectory()) return { path: ['run', 0], message: `the program ${shown} is a directory` };
  try {
    accessSync(file, constants.X_OK);
  } catch {
    return { path: ['run', 0], message: `the program ${shown} is not executable`, hint: `chmod +x ${file}` };
  }
  return undefined;
}

export function commandPreflight(options: CommandOptions, configDir: string, env: Record<string, string | undefined>): PreflightProblem[] {
  const problems: PreflightProblem[] = [];
  const cwd = resolve(configDir, options.cwd ?? '.');
  if (!isDirectory(cwd)) problems.push({ path: ['cwd'], message: `the working directory ${options.cwd ?? cwd} does not exist` });
  if (typeof options.run === 'string') return problems;
  const program = options.run[0]!;
  if (program.includes('/')) {
    const problem = programProblem(isAbsolute(program) ? program : resolve(configDir, program), program);
    if (problem) problems.push(problem);
    return problems;
  }
  const candidates = (env.PATH ?? '').split(delimiter).filter(Boolean).map((dir) => join(dir, program));
  const found = candidates.find((file) => !isDirectory(file) && programProblem(file, program) === undefined);
  if (!found) {
    const present = candidates.find((file) => programProblem(file, program)?.message.endsWith('not executable'));
    problems.push(
      present
        ? { path: ['run', 0], message: `the program ${program} (${present}) is not executable`, hint: `chmod +x ${present}` }
        : { path: ['run', 0], message: `the program ${program} is not on PATH`, hint: 'give its full path, e.g. /usr/lib/nagios/plugins/check_disk' },
    );
  }
  return problems;
}
