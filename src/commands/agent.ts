import * as Flags from '@oclif/core/flags';
import { BaseCommand } from '../cli/base-command.js';

export default class Agent extends BaseCommand {
  static override summary = 'Run the device agent: the ActivityWatch API on loopback, a local spool, forwarding to trackz serve.';
  static override description = `Watchers (aw-watcher-window, aw-watcher-afk, the aw-watcher-web browser extension) send to it unchanged. The agent's privacy rules (--agent NAME in the config) apply on the device before anything is kept. With --server it forwards to POST /api/v1/agents/NAME/events and keeps everything in its spool while the server is unreachable; without it, events go into the config's own storage.`;
  static override examples = [
    '<%= config.bin %> agent',
    '<%= config.bin %> agent --server https://trackz.example.com --agent laptops --key "$TRACKZ_AGENT_KEY"',
  ];
  static override flags = {
    port: Flags.integer({ default: 5600, min: 0, max: 65535, description: 'Port of the ActivityWatch API (5600 is what watchers use).' }),
    host: Flags.string({ default: '127.0.0.1', description: 'Loopback address to listen on (127.0.0.1, ::1 or localhost).' }),
    server: Flags.string({ description: 'URL of trackz serve to forward to; without it, events go into the config storage.' }),
    key: Flags.string({ description: 'Key for --server, made by `trackz keys create NAME --role agent` (default: $TRACKZ_AGENT_KEY).' }),
    'api-key': Flags.string({ description: 'Require this key (Authorization: Bearer) on the local API too (default: $TRACKZ_AGENT_API_KEY).' }),
    agent: Flags.string({ description: "The config's agent entry (its privacy rules); default: the only agent of the config." }),
    device: Flags.string({ description: "This device's name on the server (default: each bucket's hostname)." }),
    store: Flags.string({ description: 'The agent SQLite file (default: $XDG_DATA_HOME/trackz/agent-NAME.db).' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Agent);
    const { startAgent } = await import('../agent/run-agent.js');
    // TRACKZ_*_KEY variables are withheld from process.env at start-up (src/core/child-env.ts).
    const { ownSecret } = await import('../core/child-env.js');
    const log = (line: string) => process.stderr.write(`trackz agent: ${line}\n`);
    const agent = await startAgent({
      configPath: flags.config,
      port: flags.port,
      host: flags.host,
      server: flags.server,
      key: flags.key ?? ownSecret('TRACKZ_AGENT_KEY', process.env),
      apiKey: flags['api-key'] ?? ownSecret('TRACKZ_AGENT_API_KEY', process.env),
      agent: flags.agent,
      device: flags.device,
      store: flags.store,
      version: this.config.version,
      log,
    });
    log(`ActivityWatch API on http://${flags.host.includes(':') ? `[${flags.host}]` : flags.host}:${agent.port}/api/0/, store ${agent.storePath}, forwarding to ${flags.server ?? 'the config storage'}`);
    await new Promise<void>((done) => {
      const quit = () => {
        process.off('SIGTERM', quit);
        process.off('SIGINT', quit);
        void agent.stop().then(done);
      };
      process.on('SIGTERM', quit);
      process.on('SIGINT', quit);
    });
  }
}
