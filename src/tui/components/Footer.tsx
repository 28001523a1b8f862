/** The last line: the keys of the current view, or the filter prompt while it is being typed. */
import { Text } from 'ink';
import type { FooterKey } from '../keymap.js';
import { usePaint } from '../theme.js';

export interface FooterProps {
  keys: readonly FooterKey[];
  /** The filter being typed, or null when the prompt is closed. */
  prompt: string | null;
  width: number;
}

/** Cells a key takes: keys, a space, the label. */
const cells = (key: FooterKey) => [...key.keys].length + 1 + key.label.length;
const GAP = 2;

/** The keys that fit in `width`, in order, and always `? help` and `q quit` (the way to everything else). */
export function fitFooter(keys: readonly FooterKey[], width: number): FooterKey[] {
  const always = keys.filter((key) => key.keys === '?' || key.keys === 'q');
  let used = always.reduce((sum, key) => sum + cells(key) + GAP, 0);
  const fitted: FooterKey[] = [];
  for (const key of keys) {
    if (always.includes(key)) continue;
    if (used + cells(key) + GAP > width + GAP) break;
    fitted.push(key);
    used += cells(key) + GAP;
  }
  return [...fitted, ...always];
}

export function Footer({ keys, prompt, width }: FooterProps) {
  const paint = usePaint();
  if (prompt !== null) {
    return (
      <Text wrap="truncate-start">
        <Text color={paint.color('accent')}>/</Text>
        {prompt}
        <Text inverse={paint.enabled}>{paint.enabled ? ' ' : '_'}</Text>
        <Text color={paint.color('muted')}>{'  Enter keep · Esc clear'.slice(0, Math.max(0, width - prompt.length - 2))}</Text>
      </Text>
    );
  }
  return (
    <Text wrap="truncate-end">
      {fitFooter(keys, width).map((key, at) => (
        <Text key={key.label + key.keys}>
          {at > 0 ? '  ' : ''}
          <Text bold={paint.enabled} color={paint.color('accent')}>
            {key.keys}
          </Text>{' '}
          {key.label}
        </Text>
      ))}
    </Text>
  );
}
