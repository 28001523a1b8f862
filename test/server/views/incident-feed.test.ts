/**
 * The Atom feed is validated by xmllint against the RELAX NG grammar of RFC 4287 (fixtures/atom.rng);
 * the rules the RFC states in Schematron (an author for every entry, unique ids, content or an
 * alternate link) are checked here by parsing the feed with xmllint's XPath.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderIncidentFeed } from '../../../src/server/views/incident-feed.js';
import type { DashboardData } from '../../../src/server/views/index.js';
import { hostileDashboard, HOSTILE, SAMPLE_NOW, sampleDashboard } from './sample-dashboard.js';

const RNG = fileURLToPath(new URL('fixtures/atom.rng', import.meta.url));
const OPTIONS = { feedId: 'urn:trackz:acme:dashboard:status', selfUrl: 'http://127.0.0.1:8787/d/TOKEN/feed.xml', pageUrl: 'http://127.0.0.1:8787/d/TOKEN' };

function validate(xml: string): { status: number | null; stderr: string } {
  const result = spawnSync('xmllint', ['--noout', '--relaxng', RNG, '-'], { input: xml, encoding: 'utf8' });
  return { status: result.status, stderr: result.stderr };
}

function xpath(xml: string, expression: string): string {
  return execFileSync('xmllint', ['--xpath', expression, '-'], { input: xml, encoding: 'utf8' }).replace(/\n$/, '');
}

const ATOM = (path: string): string => path.replace(/(^|\/)([a-z]+)/g, "$1*[local-name()='$2']");

describe('renderIncidentFeed', () => {
  const xml = renderIncidentFeed(sampleDashboard(), OPTIONS);

  it('is valid Atom 1.0', () => {
    expect(validate(xml)).toEqual({ status: 0, stderr: '- validates\n' });
  });

  it('the schema rejects a broken feed (the check can fail)', () => {
    expect(validate(xml.replace(/<updated>[^<]+<\/updated>/, '<updated>yesterday</updated>')).status).not.toBe(0);
  });

  it('has one entry per incident, open and closed, newest change first, with unique ids', () => {
    const ids = xpath(xml, `${ATOM('/feed/entry/id')}/text()`).split('\n');
    expect(ids).toEqual([
      'urn:trackz:acme:dashboard:status:incident:api%2Fdefault%2F9',
      'urn:trackz:acme:dashboard:status:incident:checkout%2Fdefault%2F4',
      'urn:trackz:acme:dashboard:status:incident:api%2Fdefault%2F8',
      'urn:trackz:acme:dashboard:status:incident:backups%2Fdefault%2F2',
      'urn:trackz:acme:dashboard:status:incident:homepage%2Fdefault%2F3',
    ]);
    expect(xpath(xml, `${ATOM('/feed/entry/title')}/text()`).split('\n')).toEqual([
      'api is degraded',
      'checkout is down',
      'api was down for 46m (resolved)',
      'backups was down for 7h (resolved)',
      'homepage was down for 20m (resolved)',
    ]);
  });

  it('follows the RFC rules the grammar cannot state: a feed author, content in every entry, rel=self', () => {
    expect(xpath(xml, `count(${ATOM('/feed/author/name')})`)).toBe('1');
    expect(xpath(xml, `count(${ATOM('/feed/entry')}[not(*[local-name()='content'])])`)).toBe('0');
    expect(xpath(xml, `string(${ATOM('/feed/link')}[@rel='self']/@href)`)).toBe(OPTIONS.selfUrl);
    expect(xpath(xml, `string(${ATOM('/feed/updated')})`)).toBe(new Date(SAMPLE_NOW - 18 * 60_000).toISOString());
  });

  it('carries hostile strings and control characters as text and stays valid', () => {
    const hostile = renderIncidentFeed(hostileDashboard(), OPTIONS);
    expect(validate(hostile).status).toBe(0);
    expect(hostile).not.toContain('<img');
    expect(hostile).not.toContain('<script');
    const content = xpath(hostile, `string(${ATOM('/feed/entry')}[2]/*[local-name()='content'])`);
    expect(content).toContain(HOSTILE.img);
  });

  it('is valid with no incidents at all (updated is then the render time)', () => {
    const empty: DashboardData = { ...sampleDashboard(), openIncidents: [], incidentHistory: [] };
    const feed = renderIncidentFeed(empty, { feedId: 'urn:trackz:x' });
    expect(validate(feed).status).toBe(0);
    expect(feed).toContain(`<updated>${new Date(SAMPLE_NOW).toISOString()}</updated>`);
  });
});
