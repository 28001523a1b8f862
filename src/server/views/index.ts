/**
 * The dashboard's presentation layer: pure functions from plain data (dashboard-data.ts, metrics.ts) to
 * bytes. The server gathers data and calls these; nothing here does I/O or reads a clock.
 */
export * from './dashboard-data.js';
export { renderDashboardPage, type DashboardPageOptions, type RenderedPage } from './dashboard-page.js';
export { DASHBOARD_CSP, DASHBOARD_HEADERS, DASHBOARD_PAGE_HEADERS } from './page-headers.js';
export { renderUpdateEvent, renderReloadEvent, sseOpening, updateMessage, SSE_HEADERS, SSE_KEEPALIVE, SSE_RETRY_MS, SSE_VERSION } from './sse.js';
export type { UpdateFragment, UpdateMessage } from './sse.js';
export { renderStatusJson, statusJson, STATUS_JSON_VERSION } from './status-json.js';
export { perSnapshot, statusJsonBytes } from './render-cache.js';
export { renderIncidentFeed, type IncidentFeedOptions } from './incident-feed.js';
export { renderBadge, renderBadgeEndpoint, type BadgeSpec } from './badge.js';
export { certBadge, latencyBadge, statusBadge, uptimeBadge } from './monitor-badges.js';
export { renderMetrics, type AlertRuleMetrics, type MetricsSnapshot, type MonitorMetrics } from './metrics.js';
export { PROMETHEUS_CONTENT_TYPE } from './prometheus-text.js';
export { escapeHtml } from './escape.js';
