import { BaseCommand } from '../cli/base-command.js';

export default class Validate extends BaseCommand {
  static override summary = 'Check the config file and report every problem at once.';
  static override description = 'Parses the YAML, resolves ${ENV} references, validates every section and every monitor against its type, and loads plugins. Nothing is run or written. Exit 0 when valid, 2 otherwise.';
  static override examples = ['<%= config.bin %> validate', '<%= config.bin %> validate --config deploy/trackz.config.yaml'];

  async run(): Promise<void> {
    const { flags } = await this.parse(Validate);
    const { validate } = await import('../cli/actions/validate.js');
    process.stdout.write(await validate({ configPath: flags.config }));
  }
}
