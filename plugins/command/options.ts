/** The command check's own fields. */
import * as v from 'valibot';
import { text } from '../../src/config/schema/fields.js';

const RUN_MESSAGE = 'expected a command: a list [program, arg, …] (run directly, no shell) or a string (run by /bin/sh)';

export const commandOptions = v.strictObject({
  run: v.pipe(
    v.union([v.pipe(v.string(), v.minLength(1)), v.pipe(v.array(v.string(RUN_MESSAGE)), v.minLength(1, 'expected at least the program to run'))], RUN_MESSAGE),
    v.description(
      'The plugin to run. A list [program, arg, …] runs the program directly (no shell; a program path with a / is relative to the config file); a string is run by /bin/sh -c.',
    ),
  ),
  env: v.optional(
    v.pipe(
      v.record(v.string(), v.string('expected a value (text)'), 'expected a mapping of variable names to values'),
      v.description('Extra environment variables for the command (added to trackz\'s own). Put secrets here as ${ENV} under a name such as *_PASS or *_TOKEN: they are then never printed.'),
    ),
    {},
  ),
  cwd: v.optional(text('Working directory, relative to the config file. Default: the config file\'s directory.')),
});

export type CommandOptions = v.InferOutput<typeof commandOptions>;
