/** The header of a tag's group: the tag, how many monitors, and the worst status among them. */
import { Box, Text } from 'ink';
import { memo } from 'react';
import type { GroupRow } from '../list-rows.js';
import { STATUS_SYMBOL, usePaint } from '../theme.js';

export const GroupLine = memo(function GroupLine({ group, width }: { group: GroupRow; width: number }) {
  const paint = usePaint();
  const label = ` ${group.tag} (${group.count}) `;
  return (
    <Box height={1} width={width}>
      <Text wrap="truncate-end">
        <Text color={paint.color('muted')}>──</Text>
        <Text bold={paint.enabled}>{label}</Text>
        <Text color={paint.color(group.worst)}>{STATUS_SYMBOL[group.worst]}</Text>
        <Text color={paint.color('muted')}> {'─'.repeat(Math.max(0, width - label.length - 5))}</Text>
      </Text>
    </Box>
  );
});
