import * as Flags from '@oclif/core/flags';
import { BaseCommand } from '../cli/base-command.js';
import { UserError } from '../core/errors.js';

export default class Activity extends BaseCommand {
  static override summary = 'Show site and agent activity: visitors, pages, referrers; active time, apps, domains; or accounts per month (--accounts).';
  static override description = `Sites: visitors (counted per day: the visitor hash rotates daily), sessions, page views, bounce rate, top pages, referrers, status codes, browsers, systems. Agents, per device: active time (window events while not AFK), AFK share, top apps and web domains. Every site and agent unless one is named.

--accounts shows account lifecycle events instead: per client instance and UTC month, accounts created, deactivated, reactivated, and active at the month's end (created or reactivated minus deactivated, carried over from earlier months). Twelve months unless --since says otherwise.`;
  static override examples = ['<%= config.bin %> activity', '<%= config.bin %> activity --site blog --since 30d', '<%= config.bin %> activity --agent laptops --device laptop-7 --json', '<%= config.bin %> activity --accounts --since 2026-01-01 --instance acme-prod'];
  static override flags = {
    site: Flags.string({ description: 'Only this site.' }),
    agent: Flags.string({ description: 'Only this agent.' }),
    device: Flags.string({ description: "Only this device (with --agent)." }),
    since: Flags.string({ description: 'How far back: a duration (24h, 7d, 30d; default 7d), or with --accounts also a date (2026-01-01; default twelve months).' }),
    accounts: Flags.boolean({ default: false, description: 'Accounts created, deactivated and active per instance and month.' }),
    instance: Flags.string({ description: 'With --accounts: only this client instance.' }),
    json: Flags.boolean({ default: false, description: 'Print JSON instead of tables.' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Activity);
    if (flags.accounts) {
      if (flags.site || flags.agent || flags.device) throw new UserError('--accounts reports account events: leave out --site, --agent and --device');
      const { activityAccounts } = await import('../cli/actions/activity-accounts.js');
      process.stdout.write(await activityAccounts({ configPath: flags.config, since: flags.since, instance: flags.instance, json: flags.json }));
      return;
    }
    if (flags.instance) throw new UserError('--instance goes with --accounts');
    const { activity } = await import('../cli/actions/activity.js');
    process.stdout.write(await activity({ configPath: flags.config, site: flags.site, agent: flags.agent, device: flags.device, since: flags.since, json: flags.json }));
  }
}
