/**
 * Which key does what: one table that the input handler, the footer and the help screen all read,
 * so the keys shown are always the keys that work. Conventions of k9s, htop and lazygit.
 */
import type { Key } from 'ink';

export type Command =
  | 'up'
  | 'down'
  | 'top'
  | 'bottom'
  | 'pageUp'
  | 'pageDown'
  | 'open'
  | 'back'
  | 'runNow'
  | 'togglePause'
  | 'filter'
  | 'cycleSort'
  | 'groupByTag'
  | 'activity'
  | 'silence'
  | 'share'
  | 'help'
  | 'quit';

export interface Binding {
  command: Command;
  /** As the footer and help show it. */
  keys: string;
  /** Short, for the footer. */
  label: string;
  /** One line, for the help screen. */
  help: string;
}

export const BINDINGS: readonly Binding[] = [
  { command: 'down', keys: '↓ j', label: 'down', help: 'next monitor' },
  { command: 'up', keys: '↑ k', label: 'up', help: 'previous monitor' },
  { command: 'top', keys: 'g', label: 'top', help: 'first monitor' },
  { command: 'bottom', keys: 'G', label: 'bottom', help: 'last monitor' },
  { command: 'pageDown', keys: 'PgDn', label: 'page', help: 'one screen down' },
  { command: 'pageUp', keys: 'PgUp', label: 'page', help: 'one screen up' },
  { command: 'open', keys: 'Enter', label: 'detail', help: "the selected monitor's detail" },
  { command: 'back', keys: 'Esc', label: 'back', help: 'back to the list; in the list, clear the filter' },
  { command: 'filter', keys: '/', label: 'filter', help: 'filter by name, tag or type (Enter keeps, Esc clears)' },
  { command: 'cycleSort', keys: 'o', label: 'sort', help: 'sort by status, name, latency, uptime, type' },
  { command: 'groupByTag', keys: 't', label: 'tags', help: 'group by tag, on or off' },
  { command: 'runNow', keys: 'r', label: 'run', help: 'run the selected monitor now' },
  { command: 'togglePause', keys: 'p', label: 'pause', help: 'pause or resume the selected monitor' },
  { command: 'silence', keys: 'm', label: 'mute 1h', help: "silence the selected monitor's alerts for an hour" },
  { command: 'activity', keys: 'a', label: 'activity', help: 'activity of tracker sites and agents' },
  { command: 'share', keys: 's', label: 'share', help: 'share the dashboard, on or off (shows the link)' },
  { command: 'help', keys: '?', label: 'help', help: 'this help, on or off' },
  { command: 'quit', keys: 'q ^C', label: 'quit', help: 'quit (the terminal is restored)' },
];

const CHARACTERS: Record<string, Command> = {
  j: 'down',
  k: 'up',
  g: 'top',
  G: 'bottom',
  '/': 'filter',
  o: 'cycleSort',
  t: 'groupByTag',
  r: 'runNow',
  p: 'togglePause',
  m: 'silence',
  a: 'activity',
  s: 'share',
  '?': 'help',
  q: 'quit',
};

/** The command of a key press outside the filter prompt, if it has one. */
export function commandFor(input: string, key: Key): Command | undefined {
  if (key.ctrl && input === 'c') return 'quit';
  if (key.upArrow) return 'up';
  if (key.downArrow) return 'down';
  if (key.pageUp) return 'pageUp';
  if (key.pageDown) return 'pageDown';
  if (key.home) return 'top';
  if (key.end) return 'bottom';
  if (key.return) return 'open';
  if (key.escape) return 'back';
  if (key.ctrl || key.meta) return undefined;
  return CHARACTERS[input];
}

export function binding(command: Command): Binding {
  return BINDINGS.find((b) => b.command === command)!;
}

export interface FooterKey {
  keys: string;
  label: string;
}

const MOVE: FooterKey = { keys: '↑↓', label: 'move' };
const shown = (command: Command): FooterKey => {
  const b = binding(command);
  return { keys: b.keys.split(' ')[0]!, label: b.label };
};

/** The footer's keys per view, most used first (cut at the screen's width). */
export const FOOTER: Record<'list' | 'detail' | 'activity' | 'help', readonly FooterKey[]> = {
  list: [MOVE, ...(['open', 'filter', 'cycleSort', 'groupByTag', 'runNow', 'togglePause', 'silence', 'share', 'activity', 'help', 'quit'] as const).map(shown)],
  detail: (['back', 'runNow', 'togglePause', 'silence', 'share', 'help', 'quit'] as const).map(shown),
  activity: (['back', 'share', 'help', 'quit'] as const).map(shown),
  help: (['back', 'quit'] as const).map(shown),
};
