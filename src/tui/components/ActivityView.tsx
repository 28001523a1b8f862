/**
 * Activity over the last day: per tracker site its visitors, page views and top pages; per agent its
 * active time and top apps. Cut to `height`: each source gets its line, top entries fill what is left.
 */
import { Box, Text } from 'ink';
import type { ReactElement } from 'react';
import { formatDuration } from '../../core/duration.js';
import { formatTimestamp } from '../../core/timestamp.js';
import { formatCount } from '../format.js';
import type { Loaded } from '../hooks/use-loaded.js';
import type { ActivitySummary } from '../model.js';
import { usePaint } from '../theme.js';

export interface ActivityViewProps {
  activity: Loaded<ActivitySummary>;
  height: number;
  width: number;
}

/** Top entries per source at most, however tall the screen. */
const TOP = 5;

export function ActivityView({ activity, height, width }: ActivityViewProps) {
  const paint = usePaint();
  const summary = activity.value;
  const title = summary ? `activity · ${formatTimestamp(summary.from, 'minutes')} – ${formatTimestamp(summary.to, 'minutes')} UTC` : 'activity';
  const body: ReactElement[] = [];
  if (summary) {
    const sources = summary.sites.length + summary.agents.length;
    const headings = (summary.sites.length ? 1 : 0) + (summary.agents.length ? 1 : 0);
    // Lines left for top entries once every source has its own line, shared evenly.
    const perSource = sources === 0 ? 0 : Math.min(TOP, Math.max(0, Math.floor((height - 1 - headings - sources) / sources)));
    const label = (text: string) => (
      <Text key={text} bold={paint.enabled} color={paint.color('muted')}>
        {text}
      </Text>
    );
    if (summary.sites.length) body.push(label('sites'));
    for (const site of summary.sites) {
      body.push(
        <Text key={`s:${site.name}`} wrap="truncate-end">
          {'  '}
          <Text bold={paint.enabled}>{site.name}</Text> {formatCount(site.visitors)} visitors · {formatCount(site.pageViews)} page views
        </Text>,
      );
      for (const page of site.topPages.slice(0, perSource)) {
        body.push(<Text key={`s:${site.name}:${page.path}`} wrap="truncate-end">{`    ${formatCount(page.views).padStart(7)}  ${page.path}`}</Text>);
      }
    }
    if (summary.agents.length) body.push(label('agents'));
    for (const agent of summary.agents) {
      body.push(
        <Text key={`a:${agent.name}`} wrap="truncate-end">
          {'  '}
          <Text bold={paint.enabled}>{agent.name}</Text> {formatDuration(agent.activeMs)} active
        </Text>,
      );
      for (const app of agent.topApps.slice(0, perSource)) {
        body.push(<Text key={`a:${agent.name}:${app.app}`} wrap="truncate-end">{`    ${formatDuration(app.activeMs).padStart(7)}  ${app.app}`}</Text>);
      }
    }
    if (sources === 0) body.push(<Text key="none" color={paint.color('muted')}>no tracker sites or agents in this config</Text>);
  }
  return (
    <Box flexDirection="column" height={height} width={width} overflow="hidden">
      <Text bold={paint.enabled}>{title}</Text>
      {activity.loading && !summary && <Text color={paint.color('muted')}>loading…</Text>}
      {activity.error && <Text color={paint.color('down')}>could not load the activity: {activity.error}</Text>}
      {body}
    </Box>
  );
}
