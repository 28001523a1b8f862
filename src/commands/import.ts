import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { BaseCommand } from '../cli/base-command.js';
import { UserError } from '../core/errors.js';

export default class Import extends BaseCommand {
  static override summary = "Import a site's access logs or an agent's device activity now; or account events (--accounts).";
  static override description = `Reads the site's or agent's configured source (or FILE, or - for stdin) from where the last import stopped, applies its privacy rules and stores the result. Importing the same lines twice adds nothing. Malformed lines are counted and listed by line number; --strict stops at the first one (exit 1).

--accounts FILE imports account lifecycle events (created, deactivated, reactivated) instead: NDJSON or CSV with a header row (see the README), all or nothing — any bad line is listed as FILE:LINE, nothing is written, and the exit code is 2. Events already stored (same instance, email, kind and day) are not added again.`;
  static override examples = [
    '<%= config.bin %> import blog',
    '<%= config.bin %> import blog /var/log/nginx/access.log.2.gz',
    'zcat old-logs/*.gz | <%= config.bin %> import blog -',
    '<%= config.bin %> import laptops export.json',
    '<%= config.bin %> import site:blog --strict --json',
    '<%= config.bin %> import --accounts accounts-2026-01.csv',
    'curl -s https://app.example.com/export.ndjson | <%= config.bin %> import --accounts -',
  ];
  static override args = {
    // ignoreStdin: without NAME (--accounts -), oclif would otherwise read piped stdin into it.
    name: Args.string({ ignoreStdin: true, description: 'A site or agent name (site:NAME / agent:NAME when both exist).' }),
    file: Args.string({ ignoreStdin: true, description: 'Read this file instead of the configured source; - reads stdin.' }),
  };
  static override flags = {
    strict: Flags.boolean({ default: false, description: 'Stop at the first malformed line (exit 1); what came before it is kept.' }),
    json: Flags.boolean({ default: false, description: 'Print the import figures as JSON.' }),
    accounts: Flags.string({ helpValue: 'FILE|-', description: 'Import account lifecycle events from FILE (- reads stdin) instead of a site or agent.' }),
    format: Flags.string({ options: ['ndjson', 'csv'], description: 'With --accounts: the format, when the extension (.ndjson, .jsonl, .csv) or the first character does not say.' }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Import);
    if (flags.accounts !== undefined) return this.importAccounts(args, flags);
    if (flags.format) throw new UserError('--format goes with --accounts FILE');
    if (!args.name) throw new UserError('say what to import: a site or agent NAME, or --accounts FILE');
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
      const output = await importActivity({ configPath: flags.config, name: args.name!, file: args.file, strict: flags.strict, json: flags.json, signal: controller.signal, progress: progress.update });
      progress.stop();
      process.stdout.write(output);
      if (controller.signal.aborted) process.exitCode = 130;
    } finally {
      progress.stop();
      process.off('SIGINT', onSigint);
    }
  }

  /** Account events take the file from --accounts: a site or agent NAME (or FILE) beside it would be ambiguous. */
  private async importAccounts(args: { name?: string; file?: string }, flags: { config?: string; accounts?: string; format?: string; json: boolean; strict: boolean }): Promise<void> {
    if (args.name !== undefined) throw new UserError(`--accounts takes the file itself: leave out "${args.name}"${args.file ? ` and "${args.file}"` : ''}`);
    if (flags.strict) throw new UserError('--strict is for site and agent imports: an account import is always all or nothing');
    const { importAccounts } = await import('../cli/actions/import-accounts.js');
    process.stdout.write(await importAccounts({ configPath: flags.config, file: flags.accounts!, format: flags.format as 'ndjson' | 'csv' | undefined, json: flags.json }));
  }
}
