import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { BaseCommand } from '../cli/base-command.js';

export default class History extends BaseCommand {
  static override summary = "Show a monitor's recent results, uptime and latency percentiles.";
  static override description = 'Reads the SQLite file: uptime % and p50/p95/p99 latency over the last 24h, 7d and 30d, then the most recent results.';
  static override examples = ['<%= config.bin %> history homepage', '<%= config.bin %> history homepage --since 7d --limit 100', '<%= config.bin %> history api-cert --json'];
  static override args = {
    monitor: Args.string({ required: true, description: 'Monitor name.' }),
  };
  static override flags = {
    since: Flags.string({ default: '24h', description: 'How far back to list results (a duration: 90m, 24h, 7d).' }),
    limit: Flags.integer({ default: 20, min: 1, max: 100_000, description: 'At most this many results are listed.' }),
    json: Flags.boolean({ default: false, description: 'Print JSON instead of tables.' }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(History);
    const { history } = await import('../cli/actions/history.js');
    process.stdout.write(await history({ configPath: flags.config, monitor: args.monitor, since: flags.since, limit: flags.limit, json: flags.json }));
  }
}
