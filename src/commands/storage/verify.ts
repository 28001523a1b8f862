import * as Flags from '@oclif/core/flags';
import { BaseCommand } from '../../cli/base-command.js';

export default class StorageVerify extends BaseCommand {
  static override summary = 'Check the storage for damage: exit 1 with what is wrong.';
  static override description =
    "SQLite: its integrity and foreign-key checks. PostgreSQL: amcheck's bt_index_check on trackz's indexes when the extension is installed. Both: trackz's own invariants. Reads only.";
  static override examples = ['<%= config.bin %> storage verify', '<%= config.bin %> storage verify --json'];
  static override flags = {
    json: Flags.boolean({ default: false, description: 'Print JSON.' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(StorageVerify);
    const { storageVerify } = await import('../../cli/actions/storage-verify.js');
    const { output, exitCode } = await storageVerify({ configPath: flags.config, json: flags.json });
    process.stdout.write(output);
    process.exitCode = exitCode;
  }
}
