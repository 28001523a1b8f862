/**
 * Whether a request may be tracked: Do-Not-Track when the site honours it and the log carries it,
 * and the opt-out / opt-in query parameters. An opt-out lasts until the same visitor (same IP and
 * User-Agent) sends the opt-in parameter; the request carrying the opt-out is not stored either.
 */

export type ConsentSignal = 'opt-out' | 'opt-in' | undefined;

export interface ConsentInput {
  dnt: boolean;
  honorDoNotTrack: boolean;
  signal: ConsentSignal;
  /** The visitor opted out earlier. */
  optedOut: boolean;
}

export type SkipReason = 'dnt' | 'opt-out' | 'opted-out';

export interface ConsentDecision {
  track: boolean;
  /** The visitor's opt-out state after this request. */
  optedOut: boolean;
  skipped?: SkipReason;
}

export function consentDecision(input: ConsentInput): ConsentDecision {
  if (input.signal === 'opt-out') return { track: false, optedOut: true, skipped: 'opt-out' };
  if (input.signal === 'opt-in') return input.honorDoNotTrack && input.dnt ? { track: false, optedOut: false, skipped: 'dnt' } : { track: true, optedOut: false };
  if (input.honorDoNotTrack && input.dnt) return { track: false, optedOut: input.optedOut, skipped: 'dnt' };
  if (input.optedOut) return { track: false, optedOut: true, skipped: 'opted-out' };
  return { track: true, optedOut: false };
}

/** Whether a query parameter's value switches it on: present and not `0`/`false`/`no`/`off`. */
export function paramIsOn(value: string): boolean {
  const lower = value.toLowerCase();
  return !(lower === '0' || lower === 'false' || lower === 'no' || lower === 'off');
}
