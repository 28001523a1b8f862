import { describe, expect, it } from 'vitest';
import { createDaemonLog } from '../../src/daemon/daemon-log.js';
import { registerSecret } from '../../src/privacy/redactor.js';

describe('the daemon log', () => {
  it('writes one JSON object per line with time, level, msg and fields', () => {
    const lines: string[] = [];
    const log = createDaemonLog('json', 'info', (line) => void lines.push(line));
    log.event('info', 'web: down', { monitor: 'web', status: 'down', attempts: 2, skipped: undefined, channels: ['a', 'b'] });
    log.debug('not at info');
    log.child('http').warn('slow client');
    expect(lines).toHaveLength(2);
    expect(lines.every((line) => line.endsWith('\n') && !line.slice(0, -1).includes('\n'))).toBe(true);
    const first = JSON.parse(lines[0]!);
    expect(first).toMatchObject({ level: 'info', msg: 'web: down', fields: { monitor: 'web', status: 'down', attempts: 2, channels: ['a', 'b'] } });
    expect(first.fields).not.toHaveProperty('skipped');
    expect(Number.isNaN(Date.parse(first.time))).toBe(false);
    expect(JSON.parse(lines[1]!)).toMatchObject({ level: 'warn', msg: 'slow client', fields: { component: 'http' } });
  });

  it('writes lines for people in text format', () => {
    const lines: string[] = [];
    createDaemonLog('text', 'info', (line) => void lines.push(line)).event('error', 'a problem', { file: '/x.yaml', line: 3 });
    expect(lines[0]).toMatch(/^\S+Z error a problem {2}file=\/x\.yaml line=3\n$/);
  });

  it('redacts registered secrets in messages and fields', () => {
    registerSecret('s3cr3t-daemon-value');
    const lines: string[] = [];
    createDaemonLog('json', 'info', (line) => void lines.push(line)).event('error', 'failed with s3cr3t-daemon-value', { url: 'https://x/?k=s3cr3t-daemon-value' });
    expect(lines.join('')).not.toContain('s3cr3t-daemon-value');
  });
});
