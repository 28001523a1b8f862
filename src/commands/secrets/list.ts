import * as Flags from '@oclif/core/flags';
import { BaseCommand } from '../../cli/base-command.js';

export default class SecretsList extends BaseCommand {
  static override summary = 'List the names of stored secrets (never their values).';
  static override examples = ['<%= config.bin %> secrets list'];
  static override flags = {
    json: Flags.boolean({ default: false, description: 'Print JSON.' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(SecretsList);
    const { secretsList } = await import('../../cli/actions/secrets.js');
    process.stdout.write(await secretsList({ configPath: flags.config, json: flags.json }));
  }
}
