import * as Flags from '@oclif/core/flags';
import { BaseCommand } from '../../cli/base-command.js';

export default class KeysList extends BaseCommand {
  static override summary = 'List API keys: name, role, created, last used (never the key).';
  static override examples = ['<%= config.bin %> keys list', '<%= config.bin %> keys list --all --json'];
  static override flags = {
    all: Flags.boolean({ default: false, description: 'Also revoked keys.' }),
    json: Flags.boolean({ default: false, description: 'Print JSON.' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(KeysList);
    const { keysList } = await import('../../cli/actions/keys.js');
    const { print } = await import('../../cli/printed.js');
    print(await keysList({ configPath: flags.config, all: flags.all, json: flags.json }));
  }
}
