import * as Flags from '@oclif/core/flags';
import { BaseCommand } from '../../cli/base-command.js';
import { dataFlags, selectionOf } from '../../cli/actions/data-flags.js';

export default class DataDelete extends BaseCommand {
  static override summary = "Delete a person's, a device's, a site's or an agent's stored activity, or an account holder's events.";
  static override description = `Shows what would be deleted and asks on a terminal; scripts pass --yes (without it, and without a terminal, nothing is deleted and the exit code is 2). Everything goes in one transaction. --site and --all also delete the sites' beacon clicks, scroll depths and custom events (in the --since/--until range when given); these belong to no visitor, so --visitor, --device and --email leave them. Opt-outs are kept: deleting one would start tracking that visitor again. Import cursors are kept too, so deleted log lines are not imported again.`;
  static override examples = [
    '<%= config.bin %> data delete --visitor 203.0.113.7 "Mozilla/5.0 (X11; Linux x86_64) …"',
    '<%= config.bin %> data delete --device laptop-7 --yes',
    '<%= config.bin %> data delete --email ada@example.com --yes',
    '<%= config.bin %> data delete --all --until 400d --yes',
  ];
  static override flags = {
    ...dataFlags,
    yes: Flags.boolean({ char: 'y', default: false, description: 'Do not ask (for scripts).' }),
    json: Flags.boolean({ default: false, description: 'Print the counts as JSON.' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(DataDelete);
    const { dataDelete } = await import('../../cli/actions/data.js');
    const confirm = process.stdin.isTTY
      ? async (question: string) => {
          const { createInterface } = await import('node:readline/promises');
          const rl = createInterface({ input: process.stdin, output: process.stderr });
          try {
            return /^y(es)?$/i.test((await rl.question(question)).trim());
          } finally {
            rl.close();
          }
        }
      : undefined;
    process.stdout.write(
      await dataDelete({
        configPath: flags.config,
        ...selectionOf(flags),
        yes: flags.yes,
        json: flags.json,
        confirm,
      }),
    );
  }
}
