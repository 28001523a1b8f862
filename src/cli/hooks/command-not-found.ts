/**
 * oclif's `command_not_found` hook: a did-you-mean on one line and exit 2 (a usage error), never a
 * prompt, so a script that mistypes a command fails at once and says how to fix it.
 * Imported only when a command is not found.
 */
import type { Hook } from '@oclif/core/hooks';
import { EXIT_USAGE } from '../../core/errors.js';
import { unknownCommandMessage } from '../unknown-command.js';

const hook: Hook<'command_not_found'> = async function (options) {
  process.stderr.write(`trackz: ${unknownCommandMessage(options.id, options.argv ?? [], options.config, options.config.bin)}\n`);
  process.exitCode = EXIT_USAGE;
};

export default hook;
