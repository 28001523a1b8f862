import * as Args from '@oclif/core/args';
import { BaseCommand } from '../../cli/base-command.js';

export default class AlertsUnsilence extends BaseCommand {
  static override summary = 'End a monitor’s silence now.';
  static override examples = ['<%= config.bin %> alerts unsilence homepage'];
  static override args = {
    monitor: Args.string({ required: true, description: 'Monitor name.' }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(AlertsUnsilence);
    const { alertsUnsilence } = await import('../../cli/actions/alerts.js');
    process.stdout.write(await alertsUnsilence({ configPath: flags.config, monitor: args.monitor }));
  }
}
