import * as Flags from '@oclif/core/flags';
import { BaseCommand } from '../cli/base-command.js';

export default class Activity extends BaseCommand {
  static override summary = 'Show site and agent activity: visitors, pages, referrers; active time, apps, domains.';
  static override description = `Sites: visitors (counted per day: the visitor hash rotates daily), sessions, page views, bounce rate, top pages, referrers, status codes, browsers, systems. Agents, per device: active time (window events while not AFK), AFK share, top apps and web domains. Every site and agent unless one is named.`;
  static override examples = ['<%= config.bin %> activity', '<%= config.bin %> activity --site blog --since 30d', '<%= config.bin %> activity --agent laptops --device laptop-7 --json'];
  static override flags = {
    site: Flags.string({ description: 'Only this site.' }),
    agent: Flags.string({ description: 'Only this agent.' }),
    device: Flags.string({ description: "Only this device (with --agent)." }),
    since: Flags.string({ default: '7d', description: 'How far back (a duration: 24h, 7d, 30d).' }),
    json: Flags.boolean({ default: false, description: 'Print JSON instead of tables.' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Activity);
    const { activity } = await import('../cli/actions/activity.js');
    process.stdout.write(await activity({ configPath: flags.config, site: flags.site, agent: flags.agent, device: flags.device, since: flags.since, json: flags.json }));
  }
}
