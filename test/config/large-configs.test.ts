/**
 * Config size: a 100,000-monitor file loads in bounded memory (peak RSS under 500 MB, measured from
 * getrusage in the real process), an error inside it is still placed at its line without a
 * whole-file parse, and a file past the documented limit (16 MiB) is refused before it is read.
 */
import { execa } from 'execa';
import { readFileSync, writeFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from './build.js';
import { BIN, ROOT } from '../helpers/cli.js';
import { useWorkspace } from '../helpers/workspace.js';

const ws = useWorkspace('trackz-large-config-');
const MONITORS = 100_000;
const PEAK_LIMIT_MB = 500;
const HOOK = `${ROOT}test/fixtures/hooks/report-peak-rss.mjs`;

beforeAll(async () => ensureBuilt());

/** Runs the binary and returns its result with its peak RSS in MB. */
async function measured(args: string[], name: string) {
  const rssFile = ws.path(`${name}.rss`);
  const result = await execa(process.execPath, ['--import', HOOK, BIN, ...args], { cwd: ws.dir, reject: false, env: { NO_COLOR: '1', TRACKZ_TEST_RSS_FILE: rssFile }, timeout: 240_000 });
  return { exitCode: result.exitCode, stdout: String(result.stdout), stderr: String(result.stderr), peakMb: Number(readFileSync(rssFile, 'utf8')) / 1024 };
}

function bigConfig(mistake?: (index: number) => string | undefined): string {
  const parts = ['workspace: large\nmonitors:\n'];
  for (let i = 0; i < MONITORS; i++) {
    parts.push(`  - name: web-${i}\n    type: uptime\n    url: http://127.0.0.1:${1 + (i % 60_000)}/health\n    tags: [web, group-${i % 50}]\n    expect: { status: [200], body: { contains: ok } }\n`, mistake?.(i) ?? '');
  }
  return parts.join('');
}

describe('a 100,000-monitor config', () => {
  it('validates, and runs one of its monitors, with a peak RSS under 500 MB', async () => {
    writeFileSync(ws.path('big.yaml'), bigConfig());
    const validate = await measured(['validate', '-c', 'big.yaml'], 'validate');
    expect(validate.exitCode, validate.stderr).toBe(0);
    expect(validate.stdout).toContain(`monitors:  ${MONITORS} (${MONITORS} uptime)`);
    expect(validate.peakMb).toBeLessThan(PEAK_LIMIT_MB);
    const check = await measured(['check', '-c', 'big.yaml', 'web-99999', '--no-store', '-r', 'json'], 'check');
    expect(check.exitCode, check.stderr).toBe(1);
    expect(JSON.parse(check.stdout).results).toHaveLength(1);
    expect(check.peakMb).toBeLessThan(PEAK_LIMIT_MB);
  }, 600_000);

  it('places a mistake deep inside it at its line and column, still in bounded memory', async () => {
    writeFileSync(ws.path('bad.yaml'), bigConfig((i) => (i === 87_654 ? '    timout: 5s\n' : undefined)));
    const result = await measured(['validate', '-c', 'bad.yaml'], 'bad');
    expect(result.exitCode).toBe(2);
    // Each monitor is 5 lines after the 2 header lines; the extra line follows monitor 87,654.
    expect(result.stderr).toContain(`bad.yaml:${2 + 87_655 * 5 + 1}:5: monitors[87654].timout: unknown key \`timout\``);
    expect(result.stderr).toContain('did you mean `timeout`?');
    expect(result.peakMb).toBeLessThan(PEAK_LIMIT_MB);
  }, 600_000);
});

describe('the size limit', () => {
  it('refuses a file past 16 MiB before reading it: exit 2, the size and the limit named', async () => {
    writeFileSync(ws.path('huge.yaml'), `# ${'x'.repeat(1000)}\n`.repeat(17 * 1024));
    const result = await measured(['validate', '-c', 'huge.yaml'], 'huge');
    expect(result.exitCode).toBe(2);
    // 17,408 lines of 1,003 bytes: 16.65 MiB.
    expect(result.stderr).toBe(`trackz: the config file ${ws.path('huge.yaml')} is 16.7 MiB; trackz reads config files of at most 16 MiB (split the monitors across several files and run trackz once per file)`);
    expect(result.peakMb).toBeLessThan(150);
  });
});
