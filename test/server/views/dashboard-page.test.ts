/**
 * The page as markup: its CSP matches what it inlines, nothing from data becomes markup, nothing loads
 * from elsewhere, and the content is all there without JavaScript. What a browser makes of it is in
 * dashboard-browser.test.ts.
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { renderDashboardPage } from '../../../src/server/views/dashboard-page.js';
import { DASHBOARD_PAGE_HEADERS } from '../../../src/server/views/page-headers.js';
import { hostileDashboard, HOSTILE, manyMonitors, sampleDashboard } from './sample-dashboard.js';

const OPTIONS = { eventsUrl: '/d/TOKEN/events', statusJsonUrl: '/d/TOKEN/status.json', feedUrl: '/d/TOKEN/feed.xml' };
const sha256 = (text: string): string => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

/** Every start tag as [name, attribute names]: after escaping, a "<" in the output can only open a real tag. */
function tags(html: string): { name: string; attributes: string[]; raw: string }[] {
  const out = [];
  for (const match of html.matchAll(/<([a-zA-Z][a-zA-Z0-9]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/g)) {
    const attributes = [...match[2]!.matchAll(/\s([^\s=/>]+)(?:=(?:"[^"]*"|'[^']*'|[^\s>]+))?/g)].map((a) => a[1]!.toLowerCase());
    out.push({ name: match[1]!.toLowerCase(), attributes, raw: match[0] });
  }
  return out;
}

describe('renderDashboardPage', () => {
  const { html, csp } = renderDashboardPage(sampleDashboard(), OPTIONS);

  it('has a strict CSP whose hashes are those of its one <style> and one <script>', () => {
    const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]!);
    const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
    expect(styles).toHaveLength(1);
    expect(scripts).toHaveLength(1);
    expect(csp).toContain(`style-src ${sha256(styles[0]!)}`);
    expect(csp).toContain(`script-src ${sha256(scripts[0]!)}`);
    expect(csp).not.toContain('unsafe');
    for (const directive of ["default-src 'none'", 'img-src data:', "connect-src 'self'", "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'"]) {
      expect(csp).toContain(directive);
    }
    expect(DASHBOARD_PAGE_HEADERS).toMatchObject({
      'Content-Security-Policy': csp,
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      'X-Frame-Options': 'DENY',
    });
  });

  it('uses no style attribute, no event handler attribute and loads nothing from elsewhere', () => {
    for (const tag of tags(html)) {
      expect(tag.attributes, tag.raw).not.toContain('style');
      expect(tag.attributes.filter((a) => a.startsWith('on')), tag.raw).toEqual([]);
      expect(tag.attributes, tag.raw).not.toContain('src');
    }
    const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]!);
    for (const href of hrefs) expect(href).toMatch(/^(data:image\/svg\+xml,|\/d\/)/);
  });

  it('renders every monitor with its status, message, figures, 90 daily bars and chart', () => {
    expect(html).toContain('<h1>Acme status</h1>');
    expect(html).toContain('<strong>Outage</strong>');
    for (const name of ['homepage', 'api', 'api-cert', 'checkout', 'mail', 'homepage-perf', 'backups', 'status-page']) {
      expect(html).toContain(`<h3>${name}</h3>`);
    }
    expect([...html.matchAll(/<ol class="bars"/g)]).toHaveLength(8);
    const firstBars = /<ol class="bars"[^>]*>(.*?)<\/ol>/.exec(html)![1]!;
    expect([...firstBars.matchAll(/<li/g)]).toHaveLength(90);
    expect(firstBars).toMatch(/<li title="\d{1,2} [A-Z][a-z]{2}: 100%">/);
    expect(firstBars).toMatch(/<li class="x" title="\d{1,2} [A-Z][a-z]{2}: \d+\.\d\d%, \d+ down/);
    expect(html).toContain('connect ECONNREFUSED 10.0.4.12:443 while connecting');
    expect(html).toContain('≈99.93%');
    expect(html).toContain('61 days');
    expect(html).toMatch(/<b>94<\/b>Performance/);
    expect(html).toContain('LCP 1.84s · CLS 0.012');
    expect([...html.matchAll(/<figure class="chart"><svg/g)].length).toBe(6);
  });

  it('says plainly when a monitor has no data yet', () => {
    expect(html).toMatch(/<h3>status-page<\/h3>.*?No data yet.*?No results yet/);
  });

  it('shows open incidents, maintenance ahead, activity and history', () => {
    expect(html).toMatch(/<h2 id="open-incidents-h">Open incidents<\/h2>.*checkout.*Down.*acknowledged/);
    expect(html).toContain('Database upgrade to PostgreSQL 16');
    expect(html).toContain('/posts/zero-downtime-deploys');
    expect(html).toMatch(/<td>api<\/td><td class="tag s-down">Down<\/td>.*?<td>46m<\/td>/);
  });

  it('escapes every string from config or results; nothing hostile becomes a tag or an attribute', () => {
    const hostile = renderDashboardPage(hostileDashboard(), OPTIONS).html;
    expect(hostile).not.toContain(HOSTILE.img);
    expect(hostile).not.toContain('<script>alert');
    expect(hostile).not.toContain("' onmouseover='");
    expect(hostile).not.toContain('javascript:');
    expect(hostile).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(hostile).toContain('&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(hostile).toContain('&#39; onmouseover=&#39;alert(1)&#39; x=&#39;');
    expect(hostile).toContain('bell\uFFFD and a lone \uFFFD surrogate');
    const names = new Set(tags(hostile).map((t) => t.name));
    expect(names.has('img')).toBe(false);
    expect(tags(hostile).filter((t) => t.name === 'script')).toHaveLength(1);
    for (const tag of tags(hostile)) expect(tag.attributes.filter((a) => a.startsWith('on'))).toEqual([]);
  });

  it('stays small: 20 monitors with 90 days and a chart each in well under 100 KB', () => {
    const page = renderDashboardPage(manyMonitors(20), OPTIONS).html;
    expect([...page.matchAll(/<article class="card s-/g)]).toHaveLength(20);
    const bytes = Buffer.byteLength(page);
    expect(bytes).toBeLessThan(100_000);
    expect(gzipSync(page).length).toBeLessThan(20_000);
  });

  it('without an events URL the page carries no stream to open', () => {
    expect(renderDashboardPage(sampleDashboard()).html).toContain('<body><header');
  });
});
