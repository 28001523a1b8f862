/** Messages that send people to a README section name one that exists, by its exact heading. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { README_SECTIONS } from '../../src/ui/readme.js';
import { ROOT } from '../helpers/cli.js';

describe('README sections named in messages', () => {
  it('are real headings of README.md', () => {
    const headings = new Set([...readFileSync(`${ROOT}/README.md`, 'utf8').matchAll(/^#{1,4} (.+)$/gm)].map((m) => m[1]!.trim()));
    for (const heading of Object.values(README_SECTIONS)) expect(headings, heading).toContain(heading);
  });

  it('are the only way source code names a README section', () => {
    const hits = execFileSync('grep', ['-rnE', 'README (section|"[A-Z])', 'src', 'plugins', '--include=*.ts'], { cwd: ROOT, encoding: 'utf8' }).split('\n').filter(Boolean);
    // Doc comments may mention the README freely; messages go through readmeSection().
    const inMessages = hits.filter((line) => !/^\S+:\d+:\s*(\*|\/\/|\/\*\*)/.test(line) && !line.includes('src/ui/readme.ts'));
    expect(inMessages).toEqual([]);
  });
});
