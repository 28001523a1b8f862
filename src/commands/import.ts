import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { BaseCommand } from '../cli/base-command.js';

export default class Import extends BaseCommand {
  static override summary = "Import a site's access logs or an agent's device activity now.";
  static override description = `Reads the site's or agent's configured source (or FILE, or - for stdin) from where the last import stopped, applies its privacy rules and stores the result. Importing the same lines twice adds nothing. Malformed lines are counted and listed by line number; --strict stops at the first one (exit 1).`;
  static override examples = [
    '<%= config.bin %> import blog',
    '<%= config.bin %> import blog /var/log/nginx/access.log.2.gz',
    'zcat old-logs/*.gz | <%= config.bin %> import blog -',
    '<%= config.bin %> import laptops export.json',
    '<%= config.bin %> import site:blog --strict --json',
  ];
  static override args = {
    name: Args.string({ required: true, description: 'A site or agent name (site:NAME / agent:NAME when both exist).' }),
    file: Args.string({ description: 'Read this file instead of the configured source; - reads stdin.' }),
  };
  static override flags = {
    strict: Flags.boolean({ default: false, description: 'Stop at the first malformed line (exit 1); what came before it is kept.' }),
    json: Flags.boolean({ default: false, description: 'Print the import figures as JSON.' }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Import);
    const controller = new AbortController();
    const onSigint = () => {
      if (controller.signal.aborted) process.exit(130);
      process.stderr.write('\ntrackz: interrupted; stopping after the current batch (Ctrl-C again to quit at once)\n');
      controller.abort();
    };
    process.on('SIGINT', onSigint);
    const { importActivity } = await import('../cli/actions/import.js');
    const { importProgress } = await import('../activity/views/import-progress.js');
    const progress = importProgress(process.stderr);
    try {
      const output = await importActivity({ configPath: flags.config, name: args.name, file: args.file, strict: flags.strict, json: flags.json, signal: controller.signal, progress: progress.update });
      progress.stop();
      process.stdout.write(output);
      if (controller.signal.aborted) process.exitCode = 130;
    } finally {
      progress.stop();
      process.off('SIGINT', onSigint);
    }
  }
}
