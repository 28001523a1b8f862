/**
 * trackz draws its own flat badges (badge-maker is slow to import and render, see badge.ts); this
 * holds them to shields' own renderer, byte for byte, on the strings trackz puts in badges.
 */
import { makeBadge } from 'badge-maker';
import { describe, expect, it } from 'vitest';
import { renderBadge, renderBadgeEndpoint } from '../../../src/server/views/badge.js';
import { certBadge, latencyBadge, statusBadge, uptimeBadge } from '../../../src/server/views/monitor-badges.js';
import { sampleMonitors } from './sample-dashboard.js';

const SPECS = [
  { label: 'homepage', message: 'up', color: 'brightgreen' },
  { label: 'api-gateway.prod', message: 'degraded', color: 'yellow' },
  { label: 'checkout', message: 'down', color: 'red' },
  { label: 'uptime 24h', message: '99.95%', color: 'brightgreen' },
  { label: 'uptime 1y', message: '100%', color: 'yellowgreen' },
  { label: 'latency 7d', message: '1.24s', color: 'orange' },
  { label: 'certificate', message: '23 days', color: 'yellow' },
  { label: 'new monitor', message: 'no data', color: 'lightgrey' },
  { label: 'Café & <Bar>', message: 'ÄÖÜ ß ½ ©', color: 'blue' },
  { label: 'WWW MMM', message: 'iii lll', color: 'grey' },
  { label: '', message: 'message only', color: 'green' },
  { label: 'light', message: 'background', color: 'eeeeee' },
  { label: 'hex', message: '#dd4343', color: '#DD4343' },
  { label: '  padded  ', message: '  trimmed ', color: 'success' },
];

describe('renderBadge', () => {
  it.each(SPECS)('draws "$label | $message" exactly as badge-maker does', (spec) => {
    const ours = renderBadge(spec);
    const theirs = makeBadge({ ...spec, style: 'flat' });
    expect(ours.replaceAll('&#39;', '&apos;')).toBe(theirs);
  });

  it('escapes markup in labels and messages', () => {
    const svg = renderBadge({ label: '<script>alert(1)</script>', message: '"><img src=x>', color: 'red' });
    expect(svg).not.toContain('<script>');
    expect(svg).not.toContain('<img');
    expect(svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('falls back to lightgrey for a colour it does not know', () => {
    expect(renderBadge({ label: 'a', message: 'b', color: 'url(#x)' })).toContain('fill="#939393"');
  });

  it('gives the shields endpoint JSON for the same badge', () => {
    expect(JSON.parse(renderBadgeEndpoint({ label: 'uptime 7d', message: '99.9%', color: 'brightgreen' }))).toEqual({
      schemaVersion: 1,
      label: 'uptime 7d',
      message: '99.9%',
      color: 'brightgreen',
    });
  });
});

describe('what each monitor badge says', () => {
  const [homepage, api, , checkout, , , , fresh] = sampleMonitors();

  it('status: the monitor name and its status word in the status colour', () => {
    expect(statusBadge(homepage!)).toEqual({ label: 'homepage', message: 'up', color: 'brightgreen' });
    expect(statusBadge(api!)).toEqual({ label: 'api', message: 'degraded', color: 'yellow' });
    expect(statusBadge(checkout!)).toEqual({ label: 'checkout', message: 'down', color: 'red' });
    expect(statusBadge(fresh!)).toEqual({ label: 'status-page', message: 'no data', color: 'lightgrey' });
  });

  it('uptime per window, coloured green from 99.9%, yellow from 99%, red below', () => {
    expect(uptimeBadge(homepage!, '30d')).toEqual({ label: 'uptime 30d', message: '99.95%', color: 'brightgreen' });
    expect(uptimeBadge(checkout!, '24h')).toEqual({ label: 'uptime 24h', message: '97.20%', color: 'red' });
    expect(uptimeBadge(checkout!, '7d')).toEqual({ label: 'uptime 7d', message: '99.60%', color: 'yellow' });
    expect(uptimeBadge(fresh!, '1y')).toEqual({ label: 'uptime 1y', message: 'no data', color: 'lightgrey' });
  });

  it('latency over a window and certificate days left', () => {
    expect(latencyBadge('24h', 120)).toEqual({ label: 'latency 24h', message: '120ms', color: 'brightgreen' });
    expect(latencyBadge('7d', 1240)).toEqual({ label: 'latency 7d', message: '1.24s', color: 'yellow' });
    expect(latencyBadge('7d', 9000).color).toBe('red');
    expect(latencyBadge('30d', null)).toEqual({ label: 'latency 30d', message: 'no data', color: 'lightgrey' });
    expect(certBadge(homepage!)).toEqual({ label: 'certificate', message: '61 days', color: 'brightgreen' });
    expect(certBadge(api!)).toEqual({ label: 'certificate', message: '23 days', color: 'yellow' });
    expect(certBadge({ cert: { daysLeft: 1.5 } })).toEqual({ label: 'certificate', message: '1 day', color: 'red' });
    expect(certBadge({ cert: { daysLeft: -2 } })).toEqual({ label: 'certificate', message: 'expired', color: 'red' });
    expect(certBadge(checkout!).message).toBe('no data');
  });
});
