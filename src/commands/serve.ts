import * as Flags from '@oclif/core/flags';
import { BaseCommand } from '../cli/base-command.js';

export default class Serve extends BaseCommand {
  static override summary = 'Run the scheduler, the alerts and the dashboard server in one long-running process.';
  static override description = `Checks every enabled monitor on its interval, evaluates alerts and delivers notifications, and serves the shared dashboards, badges, /metrics and /api/v1.
Binds 127.0.0.1 unless --host (or serve.host) says otherwise. Logs JSON lines on stdout (--log-format text for people; TRACKZ_LOG=debug adds every result).
SIGTERM or SIGINT stops it gracefully (checks in flight finish and are stored; exit 0). SIGHUP reloads the config; a broken file is logged with file:line:column and the running config stays.`;
  static override examples = ['<%= config.bin %> serve', '<%= config.bin %> serve --host 0.0.0.0 --port 8080', '<%= config.bin %> serve --log-format text'];
  static override flags = {
    host: Flags.string({ description: 'The address to listen on. Default: serve.host, else 127.0.0.1 (this machine only).' }),
    port: Flags.integer({ description: 'The TCP port. Default: serve.port, else 8787.', min: 0, max: 65_535 }),
    'log-format': Flags.string({ options: ['json', 'text'], default: 'json', description: 'json: one object per line (time, level, msg, fields); text: lines for people.' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Serve);
    const { serve } = await import('../cli/actions/serve.js');
    const { exitWhenDone } = await import('../cli/exit-when-done.js');
    try {
      process.exitCode = await serve({ configPath: flags.config, host: flags.host, port: flags.port, logFormat: flags['log-format'] as 'json' | 'text' });
    } finally {
      exitWhenDone();
    }
  }
}
