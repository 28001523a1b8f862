import * as Args from '@oclif/core/args';
import { BaseCommand } from '../../cli/base-command.js';

export default class DashboardRevoke extends BaseCommand {
  static override summary = 'End the link of a dashboard.';
  static override description = 'The link stops working within a second, also on a running `trackz serve`; `trackz dashboard share` makes a new one.';
  static override examples = ['<%= config.bin %> dashboard revoke status'];
  static override args = {
    name: Args.string({ required: true, description: 'Dashboard name.' }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(DashboardRevoke);
    const { dashboardRevoke } = await import('../../cli/actions/dashboard.js');
    const { print } = await import('../../cli/printed.js');
    print(await dashboardRevoke({ configPath: flags.config, name: args.name }));
  }
}
