/**
 * The <head> every HTML page under /d/<token> shares (the dashboard and a site's heatmap view): a phone
 * viewport, light and dark schemes, no referrer, no indexing, the title, the page's <link>s, and the
 * one stylesheet the CSP allows by hash. The caller escapes what it puts in `links`.
 */
import { escapeHtml } from './escape.js';
import { PAGE_STYLE } from './page-style.js';

export function pageHead(title: string, links = ''): string {
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<meta name="color-scheme" content="light dark"><meta name="referrer" content="no-referrer">` +
    `<meta name="robots" content="noindex, nofollow">` +
    `<title>${escapeHtml(title)}</title>${links}` +
    `<style>${PAGE_STYLE}</style></head>`
  );
}
