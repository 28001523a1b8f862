import * as Args from '@oclif/core/args';
import { BaseCommand } from '../../cli/base-command.js';

export default class SecretsRm extends BaseCommand {
  static override summary = 'Remove a stored secret.';
  static override examples = ['<%= config.bin %> secrets rm SMTP_PASS'];
  static override args = {
    name: Args.string({ required: true, description: 'Secret name.' }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(SecretsRm);
    const { secretsRemove } = await import('../../cli/actions/secrets.js');
    process.stdout.write(await secretsRemove({ configPath: flags.config, name: args.name }));
  }
}
