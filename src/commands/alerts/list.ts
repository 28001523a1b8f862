import * as Flags from '@oclif/core/flags';
import { BaseCommand } from '../../cli/base-command.js';

export default class AlertsList extends BaseCommand {
  static override summary = 'Show open incidents, their alert state, silences and the outbox at a glance.';
  static override description = 'One row per monitor and rule that is not at rest: its state (down, degraded), since when, the results in a row, the last message sent, and whether it is muted (silence, maintenance, a parent down).';
  static override examples = ['<%= config.bin %> alerts list', '<%= config.bin %> alerts list --all', '<%= config.bin %> alerts list --json'];
  static override flags = {
    all: Flags.boolean({ default: false, description: 'Every monitor and rule with alert state, also those at rest.' }),
    json: Flags.boolean({ default: false, description: 'Print JSON.' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(AlertsList);
    const { alertsList } = await import('../../cli/actions/alerts.js');
    process.stdout.write(await alertsList({ configPath: flags.config, all: flags.all, json: flags.json }));
  }
}
