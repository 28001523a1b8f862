import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { BaseCommand } from '../cli/base-command.js';

export default class Heatmap extends BaseCommand {
  static override summary = "Draw a page's click and scroll heatmap (sites with `heatmaps: true`).";
  static override description = `Loads the page in headless Chromium (Debian's /usr/bin/chromium) at the given width, resolves the recorded clicks to the elements' boxes, and overlays click density and scroll-reach bands on a full-page screenshot. --json prints the numbers.`;
  static override examples = ['<%= config.bin %> heatmap blog /pricing --out heat.png', '<%= config.bin %> heatmap blog / --width 390 --url http://localhost:8080 --out mobile.png', '<%= config.bin %> heatmap blog / --json'];
  static override args = {
    site: Args.string({ required: true, description: 'The site name.' }),
    path: Args.string({ required: true, description: 'The page path, e.g. /pricing.' }),
  };
  static override flags = {
    width: Flags.integer({ default: 1280, description: 'Viewport width in px; clicks recorded at widths in the same 320 px bucket are shown.' }),
    out: Flags.string({ description: 'Write the PNG here.' }),
    url: Flags.string({ description: "Load the page from this base URL instead of https://<the site's domain>." }),
    json: Flags.boolean({ default: false, description: 'Print the numbers as JSON (with element boxes when --out is given).' }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Heatmap);
    const { heatmap } = await import('../cli/actions/heatmap.js');
    process.stdout.write(await heatmap({ configPath: flags.config, site: args.site, path: args.path, width: flags.width, out: flags.out, url: flags.url, json: flags.json }));
  }
}
