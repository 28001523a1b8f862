/** One fixed-width cell of a list line: cut with an ellipsis when too long, never wrapped. */
import { Box, Text } from 'ink';
import type { ReactNode } from 'react';

export interface CellProps {
  width: number;
  align?: 'left' | 'right';
  /** Space before the cell. */
  gap?: number;
  color?: string | undefined;
  inverse?: boolean;
  dim?: boolean;
  bold?: boolean;
  children: ReactNode;
}

export function Cell({ width, align = 'left', gap = 1, color, inverse, dim, bold, children }: CellProps) {
  if (width <= 0) return null;
  return (
    <Box width={width + gap} paddingLeft={gap} flexShrink={0} justifyContent={align === 'right' ? 'flex-end' : 'flex-start'}>
      <Text wrap="truncate-end" color={color} inverse={inverse} dimColor={dim} bold={bold}>
        {children}
      </Text>
    </Box>
  );
}
