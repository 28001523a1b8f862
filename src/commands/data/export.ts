import * as Flags from '@oclif/core/flags';
import { BaseCommand } from '../../cli/base-command.js';
import { dataFlags, selectionOf } from '../../cli/actions/data-flags.js';

export default class DataExport extends BaseCommand {
  static override summary = "Export a person's, a device's, a site's or an agent's stored activity as JSON.";
  static override description = `A visitor is found by IP address and User-Agent, hashed with each daily salt still held (today's and yesterday's): older rows cannot be tied to anyone, which is the point of rotating salts. Sites that store the plain IP (visitorId: plain) match on it whatever the day. --email finds an account holder's account lifecycle events (any case). --site and --all also export the sites' beacon clicks, scroll depths and custom events (with their properties); these belong to no visitor, so --visitor, --device and --email do not.`;
  static override examples = [
    '<%= config.bin %> data export --visitor 203.0.113.7 "Mozilla/5.0 (X11; Linux x86_64) …" > visitor.json',
    '<%= config.bin %> data export --device laptop-7 --out laptop-7.json',
    '<%= config.bin %> data export --site blog --since 2024-05-01 --until 2024-06-01',
    '<%= config.bin %> data export --email ada@example.com --out ada.json',
  ];
  static override flags = {
    ...dataFlags,
    out: Flags.string({ char: 'o', description: 'Write the JSON to this file instead of stdout.' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(DataExport);
    const { dataExport, countsText } = await import('../../cli/actions/data.js');
    const result = await dataExport({
      configPath: flags.config,
      ...selectionOf(flags),
      out: flags.out,
      write: flags.out ? undefined : (text) => void process.stdout.write(text),
    });
    process.stderr.write(`trackz: exported ${countsText(result.counts, result.kinds)}${flags.out ? ` to ${flags.out}` : ''}\n`);
  }
}
