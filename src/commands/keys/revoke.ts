import * as Args from '@oclif/core/args';
import { BaseCommand } from '../../cli/base-command.js';

export default class KeysRevoke extends BaseCommand {
  static override summary = 'Revoke an API key.';
  static override description = 'Requests with it are refused (401) within a second, also by a running `trackz serve`. The name may be used again for a new key.';
  static override examples = ['<%= config.bin %> keys revoke ana'];
  static override args = {
    name: Args.string({ required: true, description: 'Key name.' }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(KeysRevoke);
    const { keysRevoke } = await import('../../cli/actions/keys.js');
    const { print } = await import('../../cli/printed.js');
    print(await keysRevoke({ configPath: flags.config, name: args.name }));
  }
}
