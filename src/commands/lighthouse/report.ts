import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { BaseCommand } from '../../cli/base-command.js';

export default class LighthouseReport extends BaseCommand {
  static override summary = "Write the Lighthouse report of a monitor's last run.";
  static override description = `Every lighthouse check keeps the full report of its last run (the median run) in the SQLite file. This renders it with Lighthouse's own report generator.
Without --html or --json it prints a summary: when, which URL, the scores and the Web Vitals.`;
  static override examples = [
    '<%= config.bin %> lighthouse report homepage',
    '<%= config.bin %> lighthouse report homepage --html reports/homepage.html',
    '<%= config.bin %> lighthouse report homepage --json - | jq .categories.performance.score',
  ];
  static override args = {
    monitor: Args.string({ required: true, description: 'A lighthouse monitor.' }),
  };
  static override flags = {
    html: Flags.string({ description: "Write Lighthouse's HTML report to this file (- for stdout)." }),
    json: Flags.string({ description: 'Write the report JSON (LHR) to this file (- for stdout).' }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(LighthouseReport);
    const { lighthouseReport } = await import('../../cli/actions/lighthouse-report.js');
    const output = await lighthouseReport({ configPath: flags.config, monitor: args.monitor, html: flags.html, json: flags.json });
    process.stderr.write(output.stderr);
    process.stdout.write(output.stdout);
  }
}
