import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { BaseCommand } from '../../cli/base-command.js';

export default class DashboardShare extends BaseCommand {
  static override summary = 'Create (or rotate) the read-only link of a dashboard and print it.';
  static override description =
    'Prints the full URL (http://HOST:PORT/d/<token>) alone on stdout; it is shown only now, and only its hash is stored. Sharing again rotates the link: the previous one stops working within a second, also on a running `trackz serve`.';
  static override examples = ['<%= config.bin %> dashboard share status', '<%= config.bin %> dashboard share status --base-url https://status.example.com'];
  static override args = {
    name: Args.string({ required: true, description: 'Dashboard name (from `dashboards:` in the config).' }),
  };
  static override flags = {
    'base-url': Flags.string({ description: 'The URL people reach the server at (behind a proxy). Default: serve.baseUrl, else http://HOST:PORT of serve.' }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(DashboardShare);
    const { dashboardShare } = await import('../../cli/actions/dashboard.js');
    const { print } = await import('../../cli/printed.js');
    print(await dashboardShare({ configPath: flags.config, name: args.name, baseUrl: flags['base-url'] }));
  }
}
