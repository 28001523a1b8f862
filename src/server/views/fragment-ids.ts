/**
 * The ids of the page's parts that SSE updates replace (see sse.ts). A monitor's id is derived from its
 * name so it is stable across renders, unique, and a valid id whatever the name holds.
 */

export const FRAGMENT_IDS = {
  icon: 'icon',
  overall: 'overall',
  openIncidents: 'open-incidents',
  maintenance: 'maintenance',
  history: 'history',
} as const;

/** "api/v1 ✓" → "m-api_2fv1_20_2713": letters, digits and - kept, everything else as _hex_. */
export function monitorFragmentId(name: string): string {
  let id = 'm-';
  for (const char of name) {
    id += /[A-Za-z0-9-]/.test(char) ? char : `_${char.codePointAt(0)!.toString(16)}`;
  }
  return id;
}
