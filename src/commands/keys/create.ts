import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { BaseCommand } from '../../cli/base-command.js';

export default class KeysCreate extends BaseCommand {
  static override summary = 'Create an API key for /api/v1 and print it (once).';
  static override description =
    'Prints the key alone on stdout; only its hash is stored, so it cannot be shown again. Roles: viewer (read monitors, results, incidents, dashboards), operator (also run a monitor now, silence, acknowledge), agent (a device pushing its events).';
  static override examples = ['<%= config.bin %> keys create ana --role operator', '<%= config.bin %> keys create grafana --role viewer'];
  static override args = {
    name: Args.string({ required: true, description: 'Who or what uses it (shown in `trackz keys list` and the audit log).' }),
  };
  static override flags = {
    role: Flags.string({ required: true, options: ['viewer', 'operator', 'agent'], description: 'What the key may do.' }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(KeysCreate);
    const { keysCreate } = await import('../../cli/actions/keys.js');
    const { print } = await import('../../cli/printed.js');
    print(await keysCreate({ configPath: flags.config, name: args.name, role: flags.role }));
  }
}
