import * as Flags from '@oclif/core/flags';
import { BaseCommand } from '../../cli/base-command.js';

export default class StorageMigrate extends BaseCommand {
  static override summary = "Copy this workspace's data into PostgreSQL or another SQLite file, verified by counts.";
  static override description = `Copies everything of the workspace (results, runs, roll-ups, artifacts, alert states, the outbox, silences, sealed secrets, activity) in batches, keeping ids. The target must hold nothing of the workspace yet. Interrupted (Ctrl-C, a crash, a server gone), it keeps every batch copied, and the same command continues from there. At the end every table is counted on both sides. Stop trackz runs that write to the source first (cron, watch, serve).`;
  static override examples = [
    '<%= config.bin %> storage migrate --to postgres://trackz:secret@db.internal:5432/trackz',
    '<%= config.bin %> storage migrate --to "$DATABASE_URL"',
    '<%= config.bin %> storage migrate --to backup/trackz.db',
  ];
  static override flags = {
    to: Flags.string({ required: true, description: 'The target: a postgres:// URL, or a SQLite file path.' }),
    'batch-size': Flags.integer({ default: 5000, min: 1, max: 100_000, description: 'Rows per batch (each batch is one transaction in the target).' }),
    json: Flags.boolean({ default: false, description: 'Print the outcome as JSON.' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(StorageMigrate);
    const controller = new AbortController();
    const onSigint = () => {
      if (controller.signal.aborted) process.exit(130);
      process.stderr.write('\ntrackz: interrupted; stopping after the current batch (Ctrl-C again to quit at once; a re-run continues)\n');
      controller.abort();
    };
    process.on('SIGINT', onSigint);
    const { storageMigrate } = await import('../../cli/actions/storage-migrate.js');
    const { migrateProgress } = await import('../../cli/migrate-progress.js');
    const progress = migrateProgress(process.stderr);
    try {
      const result = await storageMigrate({ configPath: flags.config, to: flags.to, batchRows: flags['batch-size'], json: flags.json, signal: controller.signal, onProgress: progress.update });
      progress.stop();
      process.stdout.write(result.output);
      process.exitCode = result.exitCode;
    } finally {
      progress.stop();
      process.off('SIGINT', onSigint);
    }
  }
}
