/** Why a monitor must not notify right now. Its state still moves; only messages wait. */

export type Mute =
  | { kind: 'silence'; until: number; reason: string | null }
  | { kind: 'maintenance'; window: string; until: number }
  | { kind: 'dependency'; parent: string };

export function describeMute(mute: Mute, formatTime: (ms: number) => string): string {
  switch (mute.kind) {
    case 'silence':
      return `silenced until ${formatTime(mute.until)}${mute.reason ? ` (${mute.reason})` : ''}`;
    case 'maintenance':
      return `maintenance "${mute.window}" until ${formatTime(mute.until)}`;
    case 'dependency':
      return `parent ${mute.parent} is down`;
  }
}
