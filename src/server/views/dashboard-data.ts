/**
 * Everything one shared dashboard shows, as plain data. The server gathers it from the storage ports
 * and the runtime's events (only the dashboard's own monitors), then hands it to the renderers in this
 * folder: the page, its SSE updates, status.json, the Atom feed, the badges. Times are epoch ms, UTC.
 * Nothing here is trusted: every string is escaped where it is rendered.
 */
import type { Status, StatusCounts } from '../../core/result.js';

export type { Status, StatusCounts };

export const UPTIME_WINDOWS = ['24h', '7d', '30d', '1y'] as const;
export type UptimeWindow = (typeof UPTIME_WINDOWS)[number];

export interface UptimeFigure {
  /** (up + degraded) / (up + degraded + down) in percent; null when nothing was checked in the window. */
  percent: number | null;
  /** True when part of the window comes from hourly roll-ups (the year, usually). */
  approximate?: boolean;
}

/** What the newest result says. A monitor with no result yet has `now: null` ("no data yet"). */
export interface MonitorNow {
  status: Status;
  /** One human line from the check. */
  message: string;
  checkedAt: number;
  latencyMs: number | null;
}

/** One of the 90 daily bars, oldest first. */
export interface DailyBar {
  /** UTC day, `YYYY-MM-DD`. */
  day: string;
  /** null: no result that day. */
  uptimePercent: number | null;
  counts: Omit<StatusCounts, 'total'>;
}

/** One point of the latency chart, oldest first. `ms` is null when the check got no answer (down). */
export interface LatencyPoint {
  ts: number;
  ms: number | null;
  status: Status;
}

export interface CertificateFigures {
  daysLeft: number;
  /** When the earliest certificate in the chain expires. */
  validTo?: number;
}

export const LIGHTHOUSE_CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;
export type LighthouseCategory = (typeof LIGHTHOUSE_CATEGORIES)[number];

/** Lighthouse's Web Vitals as trackz names them (milliseconds, CLS without a unit). */
export const WEB_VITALS = ['lcp_ms', 'cls', 'fcp_ms', 'tbt_ms', 'ttfb_ms', 'speed_index_ms'] as const;
export type WebVital = (typeof WEB_VITALS)[number];

export interface LighthouseFigures {
  /** 0 … 1, as Lighthouse reports them. */
  scores: Partial<Record<LighthouseCategory, number>>;
  vitals: Partial<Record<WebVital, number>>;
  auditedAt?: number;
}

export type IncidentKind = 'down' | 'degraded';

export interface OpenIncidentSummary {
  since: number;
  kind: IncidentKind;
}

export interface DashboardMonitor {
  name: string;
  /** The check type: uptime, ssl, tcp, smtp, lighthouse, command, or a plugin's. */
  type: string;
  description?: string | null;
  now: MonitorNow | null;
  uptime: Record<UptimeWindow, UptimeFigure>;
  /** Up to 90, oldest first, the last one today. */
  daily: DailyBar[];
  /** Recent results for the chart, oldest first. */
  latency: LatencyPoint[];
  cert?: CertificateFigures | null;
  lighthouse?: LighthouseFigures | null;
  openIncident?: OpenIncidentSummary | null;
}

export interface DashboardIncident {
  /** Stable across renders (`<monitor>/<rule>/<n>`): the feed's entry id and the page's anchor come from it. */
  id: string;
  monitor: string;
  kind: IncidentKind;
  startedAt: number;
  /** null while open. */
  endedAt: number | null;
  /** What the check said when it began (or last said). */
  message?: string | null;
  acknowledged: boolean;
}

export interface MaintenanceWindow {
  monitors: string[];
  startsAt: number;
  endsAt: number;
  reason?: string | null;
}

export interface CountedItem {
  label: string;
  count: number;
}

/** A tracker site's activity card (optional). */
export interface SiteActivity {
  name: string;
  /** e.g. "7d": the window the figures cover. */
  window: string;
  visitors: number;
  pageViews: number;
  topPages: CountedItem[];
  referrers: CountedItem[];
  /** ISO 3166 codes as labels. */
  countries: CountedItem[];
  /** A link to the site's heatmap view (http(s) or a same-origin path; anything else is dropped). */
  heatmapUrl?: string | null;
  /**
   * The site's most-clicked page and width bucket, when it has `heatmaps: true` and data: what
   * `heatmapUrl` opens. Gathered data holds no token; the page's route turns this into the link.
   */
  heatmapPage?: { path: string; width: number } | null;
}

/** An agent's activity card (optional): device time, never titles. */
export interface AgentActivity {
  name: string;
  window: string;
  activeMs: number;
  /** count = active milliseconds. */
  topApps: CountedItem[];
}

export interface DashboardData {
  title: string;
  description?: string | null;
  generatedAt: number;
  monitors: DashboardMonitor[];
  openIncidents: DashboardIncident[];
  /** Newest first; closed ones (open ones may repeat here too: they are shown once, in `openIncidents`). */
  incidentHistory: DashboardIncident[];
  /** Ahead or under way, soonest first. */
  maintenance: MaintenanceWindow[];
  sites?: SiteActivity[];
  agents?: AgentActivity[];
}
