import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { BaseCommand } from '../../cli/base-command.js';

export default class AlertsSilence extends BaseCommand {
  static override summary = 'Mute a monitor’s notifications for a while; its state is still tracked.';
  static override description = 'Nothing is sent for the monitor until the silence ends (or `trackz alerts unsilence`). Its state keeps moving, so the next `trackz check --alert` after the silence sends what is then true: one DOWN if it is still down, one RECOVERED if it recovered after a DOWN was sent.';
  static override examples = ['<%= config.bin %> alerts silence homepage --for 2h', '<%= config.bin %> alerts silence homepage --for 30m --reason "deploying v2"'];
  static override args = {
    monitor: Args.string({ required: true, description: 'Monitor name.' }),
  };
  static override flags = {
    for: Flags.string({ required: true, description: 'How long: a duration such as 30m, 2h or 1d.' }),
    reason: Flags.string({ description: 'Why; shown in `trackz alerts list`.' }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(AlertsSilence);
    const { alertsSilence } = await import('../../cli/actions/alerts.js');
    process.stdout.write(await alertsSilence({ configPath: flags.config, monitor: args.monitor, for: flags.for, reason: flags.reason }));
  }
}
