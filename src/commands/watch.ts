import * as Flags from '@oclif/core/flags';
import { BaseCommand } from '../cli/base-command.js';
import { exitWhenDone } from '../cli/exit-when-done.js';
import { assertInteractive } from '../ui/interactive.js';

export default class Watch extends BaseCommand {
  static override summary = 'A live terminal UI: every monitor on its interval, results stored, alerts sent.';
  static override description = `Runs the scheduler in this process (as \`trackz serve\` does, so results are stored and alerts evaluated exactly as \`trackz check --alert\` does) and shows the monitors live: status, latency sparkline, uptime over 24h, a detail view, activity.
Keys: ↑↓/j k move, g/G top/bottom, PgUp/PgDn, Enter detail, Esc back, / filter, o sort, t group by tag, r run now, p pause, m silence 1h, a activity, s share the dashboard, ? help, q quit.
Needs a terminal: without one it exits 2 (use \`trackz check\` or \`trackz serve\`).`;
  static override examples = ['<%= config.bin %> watch', '<%= config.bin %> watch --dashboard status --port 8080'];
  static override flags = {
    dashboard: Flags.string({ description: "What `s` shares: this dashboard of the config (default: its first dashboard, or one of every monitor)." }),
    port: Flags.integer({ description: "Port of the dashboard server `s` starts (default: serve.port of the config).", min: 0, max: 65_535 }),
    concurrency: Flags.integer({ description: 'Checks run at once. Default: 32.', min: 1, max: 10_000 }),
    'stats-file': Flags.string({ hidden: true, description: 'Writes scheduling lag, CPU and memory figures to this JSON file every 5 s (the bench reads it).' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Watch);
    // Before the config, the storage or Ink are loaded: a pipe or cron gets its answer at once.
    assertInteractive(process.stdin, process.stdout);
    const { watch } = await import('../cli/actions/watch.js');
    try {
      process.exitCode = await watch({ configPath: flags.config, dashboard: flags.dashboard, port: flags.port, concurrency: flags.concurrency, statsFile: flags['stats-file'] });
    } finally {
      exitWhenDone();
    }
  }
}
