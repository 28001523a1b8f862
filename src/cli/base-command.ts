/**
 * Flags every command has, and the one place user mistakes become a plain message and exit 2.
 */
import { Command } from '@oclif/core/command';
import * as Flags from '@oclif/core/flags';
import { didYouMean } from '../config/suggest.js';
import { EXIT_USAGE, UserError } from '../core/errors.js';

/** A command without a config (help): only the mistakes-to-messages part. */
export abstract class PlainCommand extends Command {
  protected override async catch(error: Error & { exitCode?: number; oclif?: { exit?: number } }): Promise<unknown> {
    if (error instanceof UserError) {
      process.stderr.write(`trackz: ${error.message}\n`);
      this.exit(error.exitCode);
    }
    // oclif's own parse errors (unknown flag, missing argument) are usage errors too: one line, one hint.
    if (error.oclif && error.oclif.exit !== 0 && /^(Nonexistent flags?|Unexpected arguments?|Missing \d+ required arg|Expected --|Flag --|.* is not a valid|Expected .* to be one of|Parsing )/m.test(error.message)) {
      const command = [this.config.bin, ...(this.id ? this.id.split(':') : [])].join(' ');
      process.stderr.write(`trackz: ${this.usageProblem(error.message)}\nSee \`${command} --help\`.\n`);
      this.exit(EXIT_USAGE);
    }
    return super.catch(error);
  }

  /** oclif's message on one line, without its own "See more help" (the hint is printed once, naming the command). */
  private usageProblem(message: string): string {
    const text = message
      .replace(/\n*See more help with --help\s*$/, '')
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean)
      .join(' ')
      .replace(/^Parsing (--\S+) Expected/, '$1: expected')
      .replace(/^Missing (\d+) required args?: (\S+)\s+(.*)$/, (_all, _n, name: string, what: string) => `missing argument ${name.toUpperCase()}${what ? ` (${what.replace(/\.$/, '')})` : ''}`);
    const unknown = /^Nonexistent flags?: (--?[\w-]+)/.exec(text)?.[1];
    if (!unknown) return text;
    const flags = Object.entries({ ...(this.ctor.baseFlags ?? {}), ...(this.ctor.flags ?? {}) }).flatMap(([name, flag]) => [`--${name}`, ...((flag as { allowNo?: boolean }).allowNo ? [`--no-${name}`] : [])]);
    const hint = didYouMean(unknown, flags);
    return `unknown flag ${unknown}${hint ? ` (${hint})` : ''}`;
  }
}

export abstract class BaseCommand extends PlainCommand {
  static override baseFlags = {
    config: Flags.string({
      char: 'c',
      description: 'Config file (default: trackz.config.yaml, .trackzrc.yaml, … searched upwards from the current directory).',
      helpGroup: 'GLOBAL',
    }),
  };
}
