/**
 * Optional activity cards under the monitors: a tracker site's visitors, page views, top pages,
 * referrers and countries (with a link to its heatmap), and an agent's active time and top apps.
 * Only aggregate figures: the server never hands this renderer a visitor or a window title.
 */
import type { AgentActivity, CountedItem, SiteActivity } from './dashboard-data.js';
import { escapeHtml, safeHref } from './escape.js';
import { countText, durationText } from './view-format.js';

const TOP_ITEMS = 5;

function topList(title: string, items: readonly CountedItem[], value: (n: number) => string = countText): string {
  if (items.length === 0) return '';
  const rows = items
    .slice(0, TOP_ITEMS)
    .map((item) => `<li><span>${escapeHtml(item.label)}</span><b>${escapeHtml(value(item.count))}</b></li>`)
    .join('');
  return `<h4 class="muted">${title}</h4><ul class="list">${rows}</ul>`;
}

function siteCard(site: SiteActivity): string {
  const href = safeHref(site.heatmapUrl);
  const heatmap = href ? `<p class="vitals"><a href="${escapeHtml(href)}" rel="noreferrer">Heatmap</a></p>` : '';
  return (
    `<article class="card"><div class="card-head"><h3>${escapeHtml(site.name)}</h3><span class="type">site · ${escapeHtml(site.window)}</span></div>` +
    `<dl class="figures"><div><dt>Visitors</dt><dd>${countText(site.visitors)}</dd></div>` +
    `<div><dt>Page views</dt><dd>${countText(site.pageViews)}</dd></div></dl>` +
    topList('Top pages', site.topPages) +
    topList('Referrers', site.referrers) +
    topList('Countries', site.countries) +
    heatmap +
    `</article>`
  );
}

function agentCard(agent: AgentActivity): string {
  return (
    `<article class="card"><div class="card-head"><h3>${escapeHtml(agent.name)}</h3><span class="type">agent · ${escapeHtml(agent.window)}</span></div>` +
    `<dl class="figures"><div><dt>Active time</dt><dd>${durationText(agent.activeMs)}</dd></div></dl>` +
    topList('Top apps', agent.topApps, durationText) +
    `</article>`
  );
}

export function renderActivity(sites: readonly SiteActivity[] = [], agents: readonly AgentActivity[] = []): string {
  if (sites.length === 0 && agents.length === 0) return '';
  const cards = sites.map(siteCard).join('') + agents.map(agentCard).join('');
  return `<section aria-labelledby="activity-h"><h2 id="activity-h">Activity</h2><div class="grid2">${cards}</div></section>`;
}
