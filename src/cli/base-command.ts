/**
 * Flags every command has, and the one place user mistakes become a plain message and exit 2.
 */
import { Command } from '@oclif/core/command';
import * as Flags from '@oclif/core/flags';
import { EXIT_USAGE, UserError } from '../core/errors.js';

export abstract class BaseCommand extends Command {
  static override baseFlags = {
    config: Flags.string({
      char: 'c',
      description: 'Config file (default: trackz.config.yaml, .trackzrc.yaml, … searched upwards from the current directory).',
      helpGroup: 'GLOBAL',
    }),
  };

  protected override async catch(error: Error & { exitCode?: number; oclif?: { exit?: number } }): Promise<unknown> {
    if (error instanceof UserError) {
      process.stderr.write(`trackz: ${error.message}\n`);
      this.exit(error.exitCode);
    }
    // oclif's own parse errors (unknown flag, missing argument) are usage errors too.
    if (error.oclif && error.oclif.exit !== 0 && /^(Nonexistent flag|Unexpected argument|Missing \d+ required arg|Expected --|Flag --|.* is not a valid|Expected .* to be one of|Parsing )/m.test(error.message)) {
      process.stderr.write(`trackz: ${error.message}\nSee more help with --help\n`);
      this.exit(EXIT_USAGE);
    }
    return super.catch(error);
  }
}
