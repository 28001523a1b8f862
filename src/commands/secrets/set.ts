import * as Args from '@oclif/core/args';
import { BaseCommand } from '../../cli/base-command.js';

export default class SecretsSet extends BaseCommand {
  static override summary = 'Store a secret, encrypted, for use as ${secret:NAME} in the config.';
  static override description = `The value is read from stdin (piped, or typed at a prompt that does not echo), never from the command line.
It is sealed with AES-256-GCM under the key from TRACKZ_SECRET_KEY (64 hex digits or base64 of 32 bytes), or from the key file <database>.key, created with mode 0600 on first use.`;
  static override examples = ['printf %s "$SMTP_PASSWORD" | <%= config.bin %> secrets set SMTP_PASS', '<%= config.bin %> secrets set CHAT_WEBHOOK     # prompts, without echo'];
  static override args = {
    name: Args.string({ required: true, description: 'Secret name: letters, digits and _.' }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(SecretsSet);
    const { secretsSet } = await import('../../cli/actions/secrets.js');
    process.stderr.write(await secretsSet({ configPath: flags.config, name: args.name, input: process.stdin, prompt: process.stderr }));
  }
}
