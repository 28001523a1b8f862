import * as Flags from '@oclif/core/flags';
import { BaseCommand } from '../../cli/base-command.js';

export default class DashboardList extends BaseCommand {
  static override summary = 'List dashboards and their links: shared or not, created, last used (never the token).';
  static override examples = ['<%= config.bin %> dashboard list', '<%= config.bin %> dashboard list --json'];
  static override flags = {
    json: Flags.boolean({ default: false, description: 'Print JSON.' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(DashboardList);
    const { dashboardList } = await import('../../cli/actions/dashboard.js');
    const { print } = await import('../../cli/printed.js');
    print(await dashboardList({ configPath: flags.config, json: flags.json }));
  }
}
