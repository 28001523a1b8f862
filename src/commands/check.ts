import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { FAIL_ON, type FailOn } from '../core/verdict.js';
import { BaseCommand } from '../cli/base-command.js';
import { checkReporterSpecs, parseReporterSpec } from '../reporters/index.js';
import { mark } from '../core/trace.js';
import { exitWhenDone } from '../cli/exit-when-done.js';

mark('command: check imported');

export default class Check extends BaseCommand {
  static override summary = 'Run the checks once, store the results and report.';
  static override description = `Runs every enabled monitor (or the ones named) with bounded concurrency, stores each result in the SQLite file, and prints a report.
Exit codes: 0 all up · 1 something down/unknown (or degraded with --fail-on degraded) · 2 usage or config error.`;
  static override examples = [
    '<%= config.bin %> check',
    '<%= config.bin %> check homepage api-cert',
    '<%= config.bin %> check --tag web --reporter junit=reports/trackz.xml --reporter table',
    '<%= config.bin %> check --reporter json --no-store --fail-on degraded',
    '<%= config.bin %> check --alert',
  ];
  static override strict = false;
  static override args = {
    monitors: Args.string({ description: 'Monitor names to run (default: all enabled monitors).' }),
  };
  static override flags = {
    reporter: Flags.string({
      char: 'r',
      multiple: true,
      // Without this, `--reporter json home` would read `home` as a second reporter.
      multipleNonGreedy: true,
      description: 'Report format, repeatable: table, json, jsonl, junit, github, tap; `name=path` writes to a file. Default: table.',
    }),
    type: Flags.string({ char: 't', multiple: true, multipleNonGreedy: true, description: 'Only monitors of this type (repeatable).' }),
    tag: Flags.string({ multiple: true, multipleNonGreedy: true, description: 'Only monitors with this tag (repeatable; any tag matches).' }),
    concurrency: Flags.integer({ description: 'Checks run at once. Default: 32.', min: 1, max: 10_000 }),
    'fail-on': Flags.string({ options: [...FAIL_ON], default: 'down', description: 'Which status makes the exit code 1: down (down or unknown), degraded (also degraded), never.' }),
    alert: Flags.boolean({ default: false, description: 'Feed the results to the alert rules (alerts: in the config) and deliver notifications: one per incident, one on recovery. Safe from cron, also when runs overlap.' }),
    store: Flags.boolean({ default: true, allowNo: true, description: 'Store results in the SQLite file; --no-store for pure CI use (nothing is written).' }),
  };

  async run(): Promise<void> {
    mark('command: run');
    const { flags, argv } = await this.parse(Check);
    mark('command: flags parsed');
    const reporters = (flags.reporter ?? []).map(parseReporterSpec);
    checkReporterSpecs(reporters);
    const controller = new AbortController();
    const onSigint = () => {
      if (controller.signal.aborted) process.exit(130);
      process.stderr.write('\ntrackz: interrupted; stopping checks (Ctrl-C again to quit at once)\n');
      controller.abort(new Error('interrupted'));
    };
    process.on('SIGINT', onSigint);
    const { check } = await import('../cli/actions/check.js');
    mark('command: action imported');
    try {
      const code = await check({
        configPath: flags.config,
        names: argv as string[],
        types: flags.type,
        tags: flags.tag,
        reporters,
        concurrency: flags.concurrency,
        failOn: flags['fail-on'] as FailOn,
        store: flags.store,
        alert: flags.alert,
        signal: controller.signal,
      });
      process.exitCode = controller.signal.aborted ? 130 : code;
    } finally {
      process.off('SIGINT', onSigint);
      exitWhenDone();
    }
  }
}
