/**
 * The view-model of `trackz watch`: what the screen shows and what it can ask for. The TUI knows
 * nothing else: no plugin, no storage, no scheduler. The host (the watch command) fills a WatchStore
 * from the runtime's events and answers WatchActions from the scheduler and the storage ports.
 */
import type { AssertionResult, Status } from '../core/result.js';
import type { PhaseTimings } from '../core/timing.js';

/** A monitor's state on screen: a check's status, or `pending` before its first result. */
export type MonitorStatus = Status | 'pending';

/** The one figure that matters most for a type: days left (ssl), performance (lighthouse), TLS (smtp), lag (activity). */
export interface KeyFigure {
  /** Short, e.g. `41d left`, `perf 92`, `STARTTLS 88d`, `lag 3m`. */
  text: string;
  /** How good it is, for its colour. */
  tone: Status;
}

export interface MonitorRow {
  name: string;
  type: string;
  tags: readonly string[];
  status: MonitorStatus;
  paused: boolean;
  /** Latency of the latest result; null when it had none (a refused connection). */
  latencyMs: number | null;
  /** Latencies of the recent results, oldest first (null: that result had none), for the sparkline. */
  recentLatencies: readonly (number | null)[];
  /** Uptime over the last 24h in percent (the storage's window figure), null when unknown. */
  uptime24h: number | null;
  keyFigure: KeyFigure | null;
  /** The latest result's one human line. */
  message: string;
  /** Epoch ms of the latest result. */
  lastResultAt: number | null;
}

export interface WatchModel {
  workspace: string;
  monitors: readonly MonitorRow[];
  /** Epoch ms of the newest result of any monitor. */
  lastResultAt: number | null;
  /** The dashboard link while sharing. */
  shareLink: string | null;
}

export interface RecentResult {
  ts: number;
  status: Status;
  latencyMs: number | null;
  message: string;
}

export interface AlertView {
  /** The open incident, when there is one. */
  incident: { phase: 'down' | 'degraded'; since: number | null; number: number } | null;
  /** An active silence: until when, and why. */
  silence: { until: number; reason: string | null } | null;
  /** A maintenance window in force: until when. */
  maintenance: { until: number } | null;
}

/** Lighthouse's category scores (0–1) and Web Vitals of the latest audit. */
export interface LighthouseView {
  scores: Record<string, number>;
  /** By short name: lcp_ms, cls, tbt_ms, fcp_ms, ttfb_ms, speed_index_ms, tti_ms. */
  vitals: Record<string, number>;
}

/** What the detail view shows, loaded on demand (Enter) and again when a new result arrives. */
export interface MonitorDetail {
  name: string;
  type: string;
  /** The URL or host checked, when it has one. */
  target: string | null;
  /** Newest first. */
  recent: readonly RecentResult[];
  /** Timing phases of the latest result. */
  phases: PhaseTimings | null;
  /** The last result that was not up, its message in full. */
  lastError: { at: number; message: string } | null;
  assertions: readonly AssertionResult[];
  alert: AlertView;
  lighthouse: LighthouseView | null;
}

export interface SiteActivity {
  name: string;
  visitors: number;
  pageViews: number;
  topPages: readonly { path: string; views: number }[];
}

export interface AgentActivity {
  name: string;
  activeMs: number;
  topApps: readonly { app: string; activeMs: number }[];
}

/** The activity view: tracker sites and agents over a window (the last 24h by default). */
export interface ActivitySummary {
  from: number;
  to: number;
  sites: readonly SiteActivity[];
  agents: readonly AgentActivity[];
}

/**
 * What the screen can ask the host for. Each may reject: the screen shows the reason on one line
 * and goes on.
 */
export interface WatchActions {
  runNow(name: string): Promise<void>;
  /** Pauses or resumes a monitor's schedule; resolves to whether it is now paused. */
  togglePause(name: string): Promise<boolean>;
  silence(name: string, ms: number): Promise<void>;
  /** Starts or stops sharing the dashboard; resolves to the link while sharing, undefined once stopped. */
  toggleShare(): Promise<string | undefined>;
  loadDetail(name: string): Promise<MonitorDetail>;
  loadActivity(): Promise<ActivitySummary>;
  /** The user asked to leave (q, Ctrl-C): stop the scheduler; the screen unmounts itself. */
  quit(): void;
}
