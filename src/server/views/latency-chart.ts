/**
 * A monitor's latency chart, drawn on the server as SVG: the response times as one path, stroked for
 * the line and lightly filled for the area under it, with red/amber bands where checks were down or
 * degraded (a down check has no latency: the line breaks there; time without results is bridged).
 * Results are bucketed by time into at most CHART_BUCKETS points, and the path uses small relative
 * integer steps, so a chart costs about half a kilobyte however many results there are. Numbers go in
 * the caption as HTML text, not into the stretched SVG.
 */
import { worst } from '../../core/result.js';
import type { LatencyPoint, Status } from './dashboard-data.js';
import { durationText, latencyText } from './view-format.js';

export const CHART_BUCKETS = 80;
const WIDTH = 800;
const HEIGHT = 100;
const TOP = 6;

interface Bucket {
  index: number;
  /** Mean latency of the answered checks in the bucket. */
  ms: number | null;
  status: Status;
}

function bucketize(points: readonly LatencyPoint[], count: number): Bucket[] {
  const first = points[0]!.ts;
  const span = Math.max(1, points[points.length - 1]!.ts - first);
  const sums = new Array<number>(count).fill(0);
  const answered = new Array<number>(count).fill(0);
  const statuses = new Array<Status | null>(count).fill(null);
  for (const point of points) {
    const i = Math.min(count - 1, Math.floor(((point.ts - first) / span) * count));
    statuses[i] = statuses[i] ? worst(statuses[i]!, point.status) : point.status;
    if (point.ms !== null && Number.isFinite(point.ms)) {
      sums[i] += point.ms;
      answered[i]++;
    }
  }
  const buckets: Bucket[] = [];
  for (let i = 0; i < count; i++) {
    if (statuses[i] !== null) buckets.push({ index: i, ms: answered[i] ? sums[i]! / answered[i]! : null, status: statuses[i]! });
  }
  return buckets;
}

/** Median and maximum of the answered checks' latencies (null when none answered). */
function answeredStats(points: readonly LatencyPoint[]): { median: number; max: number } | null {
  const values = new Float64Array(points.length);
  let n = 0;
  for (const point of points) if (point.ms !== null && Number.isFinite(point.ms)) values[n++] = point.ms;
  if (n === 0) return null;
  const sorted = values.subarray(0, n).sort();
  const mid = n >> 1;
  return { median: n % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2, max: sorted[n - 1]! };
}

/**
 * Each run of answered buckets becomes a closed subpath: along the values, down below the chart and
 * back. The first and last runs start and end outside the viewBox (x -1 and WIDTH+1), so their closing
 * edges are clipped away and only the line shows its stroke.
 */
function latencyPath(buckets: readonly Bucket[], count: number, max: number): string {
  const step = WIDTH / count;
  const xOf = (i: number): number => (i === 0 ? -1 : i === count - 1 ? WIDTH + 1 : Math.round((i + 0.5) * step));
  const yOf = (ms: number): number => Math.round(HEIGHT - (ms / max) * (HEIGHT - TOP));
  let d = '';
  let run: { x: number; y: number }[] = [];
  const close = (): void => {
    if (run.length === 0) return;
    // One answered bucket alone: a chart of one bucket (a fresh monitor's first result) is a level line
    // across; an island between down checks is a short step, not a block half the chart wide.
    if (run.length === 1) run = count === 1 ? [{ x: -1, y: run[0]!.y }, { x: WIDTH + 1, y: run[0]!.y }] : [run[0]!, { x: run[0]!.x + Math.ceil(step / 2), y: run[0]!.y }];
    d += `M${run[0]!.x} ${run[0]!.y}`;
    for (let k = 1; k < run.length; k++) d += `l${run[k]!.x - run[k - 1]!.x} ${run[k]!.y - run[k - 1]!.y}`;
    d += `V${HEIGHT + 2}H${run[0]!.x}Z`;
    run = [];
  };
  // The line breaks only where checks were down (no latency); time without results (a pause, a
  // stopped server, uneven spacing of few results) is bridged, as the buckets around it are known.
  for (const bucket of buckets) {
    if (bucket.ms === null) close();
    else run.push({ x: xOf(bucket.index), y: yOf(bucket.ms) });
  }
  close();
  return d;
}

function bands(buckets: readonly Bucket[], count: number): string {
  const step = WIDTH / count;
  let out = '';
  for (const bucket of buckets) {
    if (bucket.status !== 'down' && bucket.status !== 'degraded') continue;
    const x = Math.floor(bucket.index * step);
    out += `<rect class="${bucket.status === 'down' ? 'bd' : 'bw'}" x="${x}" width="${Math.ceil((bucket.index + 1) * step) - x}" height="${HEIGHT}"/>`;
  }
  return out;
}

export function renderLatencyChart(points: readonly LatencyPoint[]): string {
  if (points.length === 0) return '';
  const count = Math.min(CHART_BUCKETS, points.length);
  const buckets = bucketize(points, count);
  const stats = answeredStats(points);
  let max = 1;
  for (const bucket of buckets) if (bucket.ms !== null && bucket.ms > max) max = bucket.ms;
  const path = latencyPath(buckets, count, max);
  const span = points[points.length - 1]!.ts - points[0]!.ts;
  const caption =
    stats === null
      ? `No answers in the last ${durationText(span)}`
      : `Latency, last ${durationText(span)} · median ${latencyText(stats.median)} · max ${latencyText(stats.max)}`;
  return (
    `<figure class="chart"><svg viewBox="0 0 ${WIDTH} ${HEIGHT}" preserveAspectRatio="none" aria-hidden="true">` +
    bands(buckets, count) +
    (path ? `<path d="${path}"/>` : '') +
    `</svg><figcaption>${caption}</figcaption></figure>`
  );
}
