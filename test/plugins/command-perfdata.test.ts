/** Nagios plugin output and performance data, as the plugin guidelines define them. */
import { describe, expect, it } from 'vitest';
import { statusForExit, unusualExit } from '../../plugins/command/nagios-status.js';
import { metricName, parsePerfdata, parsePluginOutput, perfMetric, perfMetrics } from '../../plugins/command/perfdata.js';

describe('parsePerfdata', () => {
  it('reads value, UOM, warn, crit, min and max', () => {
    expect(parsePerfdata('time=0.001606s;1.5;3;0.000000;10.000000').items).toEqual([{ label: 'time', value: 0.001606, uom: 's', warn: '1.5', crit: '3', min: 0, max: 10 }]);
  });

  it('reads several items, dropped trailing fields and empty ones', () => {
    const { items } = parsePerfdata('load1=1.780;100.000;200.000;0; load5=1.390 procs=80;;;0;');
    expect(items).toEqual([
      { label: 'load1', value: 1.78, uom: '', warn: '100.000', crit: '200.000', min: 0 },
      { label: 'load5', value: 1.39, uom: '' },
      { label: 'procs', value: 80, uom: '', min: 0 },
    ]);
  });

  it('reads quoted labels with spaces, = and a doubled quote', () => {
    const { items } = parsePerfdata(`'free space'=12MB;;;0;100 'it''s = odd'=5% '/var/log'=3c`);
    expect(items.map((i) => [i.label, i.value, i.uom])).toEqual([
      ['free space', 12, 'MB'],
      ["it's = odd", 5, '%'],
      ['/var/log', 3, 'c'],
    ]);
  });

  it('keeps ranges as text (they are the plugin\'s business), and U as undetermined', () => {
    const { items } = parsePerfdata('temp=U;@10:20;~:30');
    expect(items).toEqual([{ label: 'temp', value: null, uom: '', warn: '@10:20', crit: '~:30' }]);
  });

  it('sets malformed tokens aside instead of guessing', () => {
    expect(parsePerfdata('ok=1 garbage =2 x=abc y=3').items.map((i) => i.label)).toEqual(['ok', 'y']);
    expect(parsePerfdata('ok=1 garbage =2 x=abc y=3').invalid).toEqual(['garbage', '=2', 'x=abc']);
  });
});

describe('parsePluginOutput', () => {
  it('takes the first line as the message and the perfdata after |', () => {
    const output = parsePluginOutput('TCP OK - 0.002 second response time on 127.0.0.1 port 22|time=0.001606s;;;0.000000;10.000000\n');
    expect(output.message).toBe('TCP OK - 0.002 second response time on 127.0.0.1 port 22');
    expect(output.perfdata.map((p) => p.label)).toEqual(['time']);
    expect(output.longText).toEqual([]);
  });

  it('reads multi-line output: long text, then more perfdata after | on a later line and on every line after it', () => {
    const output = parsePluginOutput(['DISK OK - free space: / 3326 MB (56%); | /=2643MB;5948;5958;0;5968', '/ 15272 MB (77%);', '/boot 68 MB (69%);', '/home 69357 MB (27%); | /boot=68MB;88;93;0;98', "/home=69357MB;253404;253409;0;253414 'var log'=818MB;970;975;0;980"].join('\n'));
    expect(output.message).toBe('DISK OK - free space: / 3326 MB (56%);');
    expect(output.longText).toEqual(['/ 15272 MB (77%);', '/boot 68 MB (69%);', '/home 69357 MB (27%); ']);
    expect(output.perfdata.map((p) => p.label)).toEqual(['/', '/boot', '/home', 'var log']);
  });

  it('has an empty message for empty output', () => {
    expect(parsePluginOutput('')).toEqual({ message: '', longText: [], perfdata: [], invalid: [] });
  });
});

describe('perfMetric', () => {
  it('turns time into _ms, sizes into _bytes (KB = 1024), % into _pct, and leaves counters and plain numbers', () => {
    const metric = (label: string, value: number, uom: string) => perfMetric({ label, value, uom });
    expect(metric('time', 0.25, 's')).toEqual(['time_ms', 250]);
    expect(metric('rta', 12, 'ms')).toEqual(['rta_ms', 12]);
    expect(metric('jitter', 1500, 'us')).toEqual(['jitter_ms', 1.5]);
    expect(metric('size', 2, 'KB')).toEqual(['size_bytes', 2048]);
    expect(metric('/', 1, 'MB')).toEqual(['disk_root_bytes', 1048576]);
    expect(metric('body', 10, 'B')).toEqual(['body_bytes', 10]);
    expect(metric('disk', 3, 'TB')).toEqual(['disk_bytes', 3 * 1024 ** 4]);
    expect(metric('used', 77, '%')).toEqual(['used_pct', 77]);
    expect(metric('packets', 9, 'c')).toEqual(['packets', 9]);
    expect(metric('load1', 0.5, '')).toEqual(['load1', 0.5]);
    expect(metric('latency_ms', 3, 'ms')).toEqual(['latency_ms', 3]);
    expect(perfMetric({ label: 'temp', value: null, uom: '' })).toBeUndefined();
  });

  it('turns labels into readable metric names: paths are mount points, other characters become _', () => {
    expect(['/', '/var', '/var/log/', '/boot/efi', 'free space', "it's = odd", 'load1', 'eth0.rx', '%%', 'C:\\'].map(metricName)).toEqual([
      'disk_root',
      'disk_var',
      'disk_var_log',
      'disk_boot_efi',
      'free_space',
      'it_s_odd',
      'load1',
      'eth0_rx',
      'value',
      'C',
    ]);
    expect(perfMetrics(parsePerfdata("/=2643MB;5948;5958;0;5968 /boot=68MB '/var/log'=12% 'free inodes'=97%").items)).toEqual({
      disk_root_bytes: 2643 * 1024 ** 2,
      disk_boot_bytes: 68 * 1024 ** 2,
      disk_var_log_pct: 12,
      free_inodes_pct: 97,
    });
  });

  it('builds the metrics record', () => {
    expect(perfMetrics(parsePerfdata('time=0.5s size=1KB').items)).toEqual({ time_ms: 500, size_bytes: 1024 });
  });
});

describe('exit codes', () => {
  it('maps 0/1/2/3 to up/degraded/down/unknown and everything else to unknown with a reason', () => {
    expect([0, 1, 2, 3, 4].map((exitCode) => statusForExit({ exitCode }))).toEqual(['up', 'degraded', 'down', 'unknown', 'unknown']);
    expect(statusForExit({ signal: 'SIGSEGV' })).toBe('unknown');
    expect(unusualExit({ exitCode: 2 })).toBeUndefined();
    expect(unusualExit({ exitCode: 127 })).toBe('exit code 127: command not found (by the shell)');
    expect(unusualExit({ exitCode: 42 })).toBe('exit code 42 is not a Nagios status (0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN)');
    expect(unusualExit({ signal: 'SIGSEGV' })).toBe('the command was killed by SIGSEGV');
  });
});
