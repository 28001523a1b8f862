/**
 * What `trackz activity --agent` shows, per device: active time (window events ∩ not-AFK), AFK share,
 * top apps and top web domains, over a window. Events are streamed in start order, so memory holds
 * the AFK periods and one open interval per app or domain, not the events.
 */
import type { ActivityPort } from '../../storage/ports/activity.js';
import { clip, KeyedActiveTime, mergeIntervals, overlapLength, totalLength, type Interval } from '../agents/active-time.js';

export interface DeviceReport {
  device: string;
  activeMs: number;
  /** Time reported AFK and not AFK; null when the device sends no AFK data (all window time counts as active). */
  afkMs: number | null;
  notAfkMs: number | null;
  afkShare: number | null;
  topApps: { app: string; ms: number }[];
  topDomains: { domain: string; ms: number }[];
}

export interface AgentReport {
  kind: 'agent';
  agent: string;
  from: number;
  to: number;
  devices: DeviceReport[];
}

const TOP = 10;

export async function agentReport(activity: ActivityPort, agent: string, from: number, to: number, onlyDevice?: string): Promise<AgentReport> {
  const agentId = (await activity.findSource('agent', agent)) ?? -1;
  const devices = await activity.devices(agentId);
  const report: AgentReport = { kind: 'agent', agent, from, to, devices: [] };
  for (const device of devices) {
    if (onlyDevice && device.name !== onlyDevice) continue;
    const afk: Interval[] = [];
    const notAfk: Interval[] = [];
    // Events that overlap the window, in start order.
    for await (const row of activity.deviceEvents(device.id, from, to, 'afk')) {
      const part = clip(row.start, row.end, from, to);
      if (part) (row.status === 'afk' ? afk : notAfk).push(part);
    }
    const hasAfk = afk.length + notAfk.length > 0;
    const active = hasAfk ? mergeIntervals(notAfk) : undefined;
    const apps = new KeyedActiveTime(active);
    const domains = new KeyedActiveTime(active);
    const windows: [number, number] = [0, 0];
    let activeMs = 0;
    for await (const row of activity.deviceEvents(device.id, from, to, 'activity')) {
      const part = clip(row.start, row.end, from, to);
      if (!part) continue;
      if (row.bucketType === 'currentwindow') {
        apps.add(row.app ?? 'unknown', part[0], part[1]);
        // The union of all window events, merged as they come (they arrive in start order).
        if (part[0] > windows[1]) {
          activeMs += windows[1] > windows[0] ? (active ? overlapLength(windows[0], windows[1], active) : windows[1] - windows[0]) : 0;
          windows[0] = part[0];
          windows[1] = part[1];
        } else if (part[1] > windows[1]) windows[1] = part[1];
      }
      if (row.domain) domains.add(row.domain, part[0], part[1]);
    }
    activeMs += windows[1] > windows[0] ? (active ? overlapLength(windows[0], windows[1], active) : windows[1] - windows[0]) : 0;
    const afkMs = hasAfk ? totalLength(mergeIntervals(afk)) : null;
    const notAfkMs = hasAfk ? totalLength(active!) : null;
    report.devices.push({
      device: device.name,
      activeMs,
      afkMs,
      notAfkMs,
      afkShare: hasAfk && afkMs! + notAfkMs! > 0 ? afkMs! / (afkMs! + notAfkMs!) : null,
      topApps: apps.result().slice(0, TOP).map(([app, ms]) => ({ app, ms })),
      topDomains: domains.result().slice(0, TOP).map(([domain, ms]) => ({ domain, ms })),
    });
  }
  return report;
}
