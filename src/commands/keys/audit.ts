import * as Flags from '@oclif/core/flags';
import { BaseCommand } from '../../cli/base-command.js';

export default class KeysAudit extends BaseCommand {
  static override summary = 'Show the API audit log: key, method, path, status and time of each request (never a key).';
  static override description = 'Every /api/v1 request is recorded, refused ones too (401, 403); kept 90 days, at most 100,000 rows.';
  static override examples = ['<%= config.bin %> keys audit', '<%= config.bin %> keys audit --key ana --since 7d', '<%= config.bin %> keys audit --json'];
  static override flags = {
    key: Flags.string({ description: 'Only requests made with this key.' }),
    since: Flags.string({ description: 'Only requests within this long, e.g. 24h or 7d.' }),
    limit: Flags.integer({ default: 50, description: 'At most this many, newest first.' }),
    json: Flags.boolean({ default: false, description: 'Print JSON.' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(KeysAudit);
    const { keysAudit } = await import('../../cli/actions/keys.js');
    const { print } = await import('../../cli/printed.js');
    print(await keysAudit({ configPath: flags.config, key: flags.key, since: flags.since, limit: flags.limit, json: flags.json }));
  }
}
