import * as Flags from '@oclif/core/flags';
import { BaseCommand } from '../../cli/base-command.js';

export default class AlertsOutbox extends BaseCommand {
  static override summary = 'List notifications: pending, failed and delivered, newest first.';
  static override description = 'Every notification goes through the outbox in the SQLite file. Pending ones show when they are next tried; failed ones (after alerts.delivery.maxAttempts) show why.';
  static override examples = ['<%= config.bin %> alerts outbox', '<%= config.bin %> alerts outbox --status failed', '<%= config.bin %> alerts outbox --json --limit 500'];
  static override flags = {
    status: Flags.string({ options: ['pending', 'failed', 'delivered'], description: 'Only notifications with this status.' }),
    limit: Flags.integer({ default: 50, min: 1, max: 100_000, description: 'At most this many.' }),
    json: Flags.boolean({ default: false, description: 'Print JSON.' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(AlertsOutbox);
    const { alertsOutbox } = await import('../../cli/actions/alerts.js');
    process.stdout.write(await alertsOutbox({ configPath: flags.config, status: flags.status as 'pending' | 'failed' | 'delivered' | undefined, limit: flags.limit, json: flags.json }));
  }
}
