import * as Args from '@oclif/core/args';
import { loadHelpClass, standardizeIDFromArgv } from '@oclif/core/help';
import { PlainCommand } from '../cli/base-command.js';
import { EXIT_USAGE } from '../core/errors.js';

/** `trackz help [COMMAND…]`: oclif's own help, as `--help` shows it; an unknown command gets a did-you-mean. */
export default class Help extends PlainCommand {
  static override summary = 'Show help for trackz, a topic or a command.';
  static override examples = ['<%= config.bin %> help', '<%= config.bin %> help check', '<%= config.bin %> help alerts list'];
  static override strict = false;
  static override args = {
    command: Args.string({ description: 'The command (or topic) to explain, e.g. check or alerts list.' }),
  };

  async run(): Promise<void> {
    const { argv } = await this.parse(Help);
    const words = (argv as string[]).filter((word) => !word.startsWith('-'));
    const [id] = words.length ? standardizeIDFromArgv(words, this.config) : [];
    if (id && !this.config.findCommand(id) && !this.config.findTopic(id)) {
      const { unknownCommandMessage } = await import('../cli/unknown-command.js');
      process.stderr.write(`trackz: ${unknownCommandMessage(id, words.slice(id.split(':').length), this.config, this.config.bin)}\n`);
      this.exit(EXIT_USAGE);
    }
    const HelpClass = await loadHelpClass(this.config);
    await new HelpClass(this.config, this.config.pjson.oclif.helpOptions ?? {}).showHelp(words);
  }
}
