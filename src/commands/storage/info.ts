import * as Flags from '@oclif/core/flags';
import { BaseCommand } from '../../cli/base-command.js';

export default class StorageInfo extends BaseCommand {
  static override summary = 'Show where trackz keeps its data: backend, location, schema version, rows per table, size.';
  static override description = 'Opens the configured storage read-only. The location of a PostgreSQL database is printed with its password hidden.';
  static override examples = ['<%= config.bin %> storage info', '<%= config.bin %> storage info --json'];
  static override flags = {
    json: Flags.boolean({ default: false, description: 'Print JSON.' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(StorageInfo);
    const { storageInfo } = await import('../../cli/actions/storage-info.js');
    process.stdout.write(await storageInfo({ configPath: flags.config, json: flags.json }));
  }
}
