/**
 * The line above the footer: where things stand (position, sort, grouping, filter in the list) on
 * the left, and the latest notice (what a key did, or why it failed) on the right.
 */
import { Box, Text } from 'ink';
import type { SortKey } from '../list-rows.js';
import { usePaint } from '../theme.js';
import type { Notice } from '../ui-state.js';

export interface StatusLineProps {
  left: string;
  notice: Notice | null;
  width: number;
}

/** `3/20 · sort status · by tag · filter "web" (4 of 20)`: the selection's place among the rows shown. */
export function listStatus(o: { position: number; rows: number; matching: number; total: number; sort: SortKey; groupByTag: boolean; filter: string }): string {
  return [
    `${o.position}/${o.rows}`,
    `sort ${o.sort}`,
    o.groupByTag ? 'by tag' : '',
    o.filter ? `filter "${o.filter}" (${o.matching} of ${o.total})` : '',
  ]
    .filter(Boolean)
    .join(' · ');
}

export function StatusLine({ left, notice, width }: StatusLineProps) {
  const paint = usePaint();
  // The state on the left keeps its room; the notice has the rest, cut at its start (the reason is at its end).
  const leftWidth = Math.min([...left].length, width);
  const noticeWidth = width - leftWidth - 2;
  return (
    <Box height={1} width={width}>
      <Box width={leftWidth} flexShrink={0}>
        <Text wrap="truncate-end" color={paint.color('muted')}>
          {left}
        </Text>
      </Box>
      {notice && noticeWidth > 0 && (
        <Box width={noticeWidth} marginLeft={2} flexShrink={0} justifyContent="flex-end">
          <Text wrap="truncate-start" color={notice.tone === 'error' ? paint.color('down') : paint.color('accent')}>
            {notice.text}
          </Text>
        </Box>
      )}
    </Box>
  );
}
