/**
 * A <time> element in UTC. Relative ones the page's script turns into "3 min ago" (the UTC time moves
 * to its title); without JavaScript they read as UTC. Built from a number only: safe as it is.
 */
import { isoText, utcText } from './view-format.js';

export function timeTag(ts: number, relative = true): string {
  return `<time datetime="${isoText(ts)}"${relative ? ' data-rel' : ''}>${utcText(ts)}</time>`;
}
