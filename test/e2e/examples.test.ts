/**
 * The deployment examples parse: the systemd unit through `systemd-analyze verify` (with ExecStart
 * pointed at this checkout's binary, which must exist for it to pass), and, where systemd-analyze is
 * missing, through a reading of its sections and keys here; the cron file's schedule through croner,
 * and its command names flags the built binary accepts.
 */
import { Cron } from 'croner';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ensureBuilt } from '../config/build.js';
import { BIN, ROOT, trackz } from '../helpers/cli.js';
import { useWorkspace } from '../helpers/workspace.js';

const ws = useWorkspace('trackz-examples-');
const unit = readFileSync(`${ROOT}/examples/systemd/trackz.service`, 'utf8');
const cron = readFileSync(`${ROOT}/examples/cron/trackz.cron`, 'utf8');

/** Sections and their keys, as systemd reads a unit: `[Section]`, `Key=value`, `#`/`;` comments. */
function unitSections(text: string): Map<string, Map<string, string[]>> {
  const sections = new Map<string, Map<string, string[]>>();
  let current: Map<string, string[]> | undefined;
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) return;
    const section = /^\[([A-Za-z]+)\]$/.exec(line);
    if (section) {
      current = new Map();
      sections.set(section[1]!, current);
      return;
    }
    const pair = /^([A-Za-z]+)=(.*)$/.exec(line);
    if (!pair || !current) throw new Error(`line ${i + 1} is neither a section nor Key=value: ${raw}`);
    current.set(pair[1]!, [...(current.get(pair[1]!) ?? []), pair[2]!]);
  });
  return sections;
}

describe('examples/systemd/trackz.service', () => {
  it('has the sections and keys a service needs, and runs `trackz serve` with flags the binary has', async () => {
    const sections = unitSections(unit);
    expect([...sections.keys()]).toEqual(['Unit', 'Service', 'Install']);
    const service = sections.get('Service')!;
    expect(service.get('Type')).toEqual(['simple']);
    expect(service.get('ExecReload')).toEqual(['/bin/kill -HUP $MAINPID']);
    expect(service.get('KillSignal')).toEqual(['SIGTERM']);
    const exec = service.get('ExecStart')![0]!.split(/\s+/);
    expect(exec.slice(0, 2)).toEqual(['/usr/bin/trackz', 'serve']);
    await ensureBuilt();
    const help = await trackz(['serve', '--help'], { cwd: ws.dir });
    for (const flag of exec.filter((part) => part.startsWith('--'))) expect(help.stdout).toContain(`${flag}=`);
    expect(sections.get('Install')!.get('WantedBy')).toEqual(['multi-user.target']);
  });

  const analyze = spawnSync('systemd-analyze', ['--version'], { encoding: 'utf8' });
  // Where systemd-analyze is missing (a container without systemd), the reading above is the check.
  it.skipIf(analyze.status !== 0)('passes systemd-analyze verify', () => {
    const file = ws.write('trackz.service', unit.replace('/usr/bin/trackz', BIN));
    const result = spawnSync('systemd-analyze', ['verify', file], { encoding: 'utf8' });
    const about = `${result.stdout}${result.stderr}`.split('\n').filter((line) => line.includes('trackz.service'));
    expect(about, result.stderr).toEqual([]);
    expect(result.status, result.stderr).toBe(0);
  });
});

describe('examples/cron/trackz.cron', () => {
  it('has valid schedules, and its command is `trackz check --alert` with flags the binary has', async () => {
    const entries = cron.split('\n').filter((line) => line.trim() && !line.trim().startsWith('#') && !/^[A-Z_]+=/.test(line));
    expect(entries.length).toBeGreaterThan(0);
    await ensureBuilt();
    const help = await trackz(['check', '--help'], { cwd: ws.dir });
    for (const entry of entries) {
      const fields = entry.trim().split(/\s+/);
      const schedule = fields.slice(0, 5).join(' ');
      expect(() => new Cron(schedule, { paused: true })).not.toThrow();
      const command = fields.slice(5).join(' ');
      expect(command).toContain('trackz check --alert');
      for (const flag of command.split(/\s+/).filter((part) => part.startsWith('--'))) expect(help.stdout).toContain(flag.split('=')[0]);
    }
  });
});
