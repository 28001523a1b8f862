import * as Args from '@oclif/core/args';
import { BaseCommand } from '../../cli/base-command.js';

export default class AlertsTest extends BaseCommand {
  static override summary = 'Send a real test message through one channel, now.';
  static override description = 'Sends directly (not through the outbox) and reports how it went. Exit 0 when the channel accepted it, 1 when it did not (the reason is printed).';
  static override examples = ['<%= config.bin %> alerts test oncall'];
  static override args = {
    channel: Args.string({ required: true, description: 'Channel name (alerts.channels[].name).' }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(AlertsTest);
    const { alertsTest } = await import('../../cli/actions/alerts.js');
    const { output, exitCode } = await alertsTest({ configPath: flags.config, channel: args.channel });
    process.stdout.write(output);
    process.exitCode = exitCode;
  }
}
