/**
 * Colour and symbols for every state. Each status has a symbol as well as a colour, so the screen
 * reads the same with NO_COLOR; with colour off no colour or attribute escape is written at all.
 */
import { createContext, useContext } from 'react';
import type { MonitorStatus } from './model.js';

export type Tone = MonitorStatus | 'paused' | 'muted' | 'accent';

/** The reporters' symbols (src/ui/format.ts), plus pending and paused. */
export const STATUS_SYMBOL: Record<MonitorStatus | 'paused', string> = {
  up: '✔',
  degraded: '▲',
  down: '✖',
  unknown: '?',
  pending: '○',
  paused: '‖',
};

const TONE_COLOR: Record<Tone, string> = {
  up: 'green',
  degraded: 'yellow',
  down: 'red',
  unknown: 'magenta',
  pending: 'gray',
  paused: 'gray',
  muted: 'gray',
  accent: 'cyan',
};

export const ColorContext = createContext(true);

export interface Paint {
  /** The Ink colour for a tone, or undefined with colour off. */
  color(tone: Tone): string | undefined;
  /** Attributes (inverse, dim, bold) only with colour on: NO_COLOR output stays plain text. */
  enabled: boolean;
}

export function usePaint(): Paint {
  const enabled = useContext(ColorContext);
  return { enabled, color: (tone) => (enabled ? TONE_COLOR[tone] : undefined) };
}
