/**
 * Which page origins may send to /collect for a site: `collect.origins`, else the site's domain on
 * http and https. Compared lower-case, without a default port.
 */
import type { SiteConfig } from '../../config/schema/activity.js';

export function normalOrigin(origin: string): string {
  return origin.toLowerCase().replace(/:(80)$/, (m) => (origin.toLowerCase().startsWith('http:') ? '' : m)).replace(/:(443)$/, (m) => (origin.toLowerCase().startsWith('https:') ? '' : m));
}

export function siteOrigins(site: SiteConfig): Set<string> {
  const listed = site.collect?.origins ?? (site.domain ? [`https://${site.domain}`, `http://${site.domain}`] : []);
  return new Set(listed.map(normalOrigin));
}
