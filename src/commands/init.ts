import { join } from 'node:path';
import * as Flags from '@oclif/core/flags';
import { BaseCommand } from '../cli/base-command.js';

export default class Init extends BaseCommand {
  static override summary = 'Write a commented starter trackz.config.yaml.';
  static override description = 'Creates trackz.config.yaml in the current directory (or at --config PATH). Never overwrites an existing file.';
  static override examples = ['<%= config.bin %> init', '<%= config.bin %> init --config ops/trackz.config.yaml'];
  static override flags = {
    workspace: Flags.string({ description: 'Workspace name to put in the file. Default: the directory name.' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Init);
    const { init } = await import('../cli/actions/init.js');
    // config.root is this trackz's package directory, wherever and however it was installed.
    const file = init({ path: flags.config, workspace: flags.workspace, schemaFile: join(this.config.root, 'schema', 'trackz.schema.json') });
    process.stdout.write(`Created ${file}\nNext: edit the monitors, then run \`trackz validate\` and \`trackz check\`.\n`);
  }
}
