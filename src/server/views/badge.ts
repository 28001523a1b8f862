/**
 * Badges in shields.io's flat style, drawn the way shields' own renderer (`badge-maker`) draws them:
 * the same geometry from the same Verdana width table, the same colours, the same markup (a test
 * compares the two byte for byte). Written here rather than imported because badge-maker costs
 * ~90 ms to import and renders ~6,600 badges a second; this renders hundreds of thousands (see
 * docs/dashboard-views.md). Also the shields.io endpoint JSON for the same badge.
 */
import { verdana11Width } from './badge-widths.js';
import { escapeHtml } from './escape.js';

export interface BadgeSpec {
  label: string;
  message: string;
  /** A shields name (brightgreen, green, yellowgreen, yellow, orange, red, blue, grey, lightgrey, or an alias) or a hex colour. */
  color: string;
}

const NAMED: Record<string, string> = {
  brightgreen: '#4b0',
  green: '#67ac09',
  yellow: '#d8b800',
  yellowgreen: '#95991a',
  orange: '#ea7233',
  red: '#dd4343',
  blue: '#007ec6',
  grey: '#555',
  lightgrey: '#939393',
  gray: '#555',
  lightgray: '#939393',
  critical: '#dd4343',
  important: '#ea7233',
  success: '#4b0',
  informational: '#007ec6',
  inactive: '#939393',
};

const HEX = /^#?([\da-f]{3}|[\da-f]{6})$/i;

/** The fill for a colour name or hex; anything else is lightgrey (a badge never fails to render). */
export function badgeFill(color: string): string {
  const named = NAMED[color];
  if (named) return named;
  const hex = HEX.exec(color);
  return hex ? `#${hex[1]!.toLowerCase()}` : NAMED.lightgrey!;
}

/** shields' brightness test: light backgrounds get dark text. */
function isLight(fill: string): boolean {
  const hex = fill.slice(1);
  const full = hex.length === 3 ? [...hex].map((c) => c + c).join('') : hex;
  const [r, g, b] = [0, 2, 4].map((i) => Number.parseInt(full.slice(i, i + 2), 16));
  return Number(((r! * 299 + g! * 587 + b! * 114) / 255000).toFixed(2)) > 0.69;
}

/** Width rounded down, then up to odd: shields' trick for landing text on the pixel grid. */
function preferredWidth(text: string): number {
  const width = verdana11Width(text) | 0;
  return width % 2 === 0 ? width + 1 : width;
}

function textElement(leftMargin: number, text: string, width: number, fill: string): string {
  if (text.length === 0) return '';
  const light = isLight(fill);
  const x = 10 * leftMargin + 5 * width + 50;
  const textFill = light ? ' fill="#333"' : '';
  return (
    `<g transform="scale(.1)"><g aria-hidden="true" fill="${light ? '#ccc' : '#010101'}">` +
    `<text x="${x}" y="150" fill-opacity=".8" filter="url(#blur)" textLength="${10 * width}">${text}</text>` +
    `<text x="${x}" y="150" fill-opacity=".3" textLength="${10 * width}">${text}</text></g>` +
    `<text x="${x}" y="140" textLength="${10 * width}"${textFill}>${text}</text></g>`
  );
}

/** An SVG badge. Label and message are escaped here; pass them as plain text. */
export function renderBadge(spec: BadgeSpec): string {
  const label = spec.label.trim();
  const message = spec.message.trim();
  const fill = badgeFill(spec.color);
  const labelFill = label.length ? '#555' : fill;
  const labelWidth = label.length ? preferredWidth(label) : 0;
  const leftWidth = label.length ? labelWidth + 10 : 0;
  const messageWidth = preferredWidth(message);
  const messageMargin = leftWidth - (message.length ? 1 : 0) + (label.length ? 0 : 1);
  const rightWidth = messageWidth + 10;
  const width = leftWidth + rightWidth;
  const labelText = escapeHtml(label);
  const messageText = escapeHtml(message);
  const accessible = label.length ? `${labelText}: ${messageText}` : messageText;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="20" role="img" aria-label="${accessible}">` +
    `<title>${accessible}</title><filter id="blur"><feGaussianBlur stdDeviation="16"/></filter>` +
    `<linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>` +
    `<clipPath id="r"><rect width="${width}" height="20" rx="3"/></clipPath>` +
    `<g clip-path="url(#r)"><rect width="${leftWidth}" height="20" fill="${labelFill}"/><rect x="${leftWidth}" width="${rightWidth}" height="20" fill="${fill}"/>` +
    `<rect width="${width}" height="20" fill="url(#s)"/></g>` +
    `<g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" text-rendering="geometricPrecision" font-size="110">` +
    textElement(1, labelText, labelWidth, labelFill) +
    textElement(messageMargin, messageText, messageWidth, fill) +
    `</g></svg>`
  );
}

/** The shields.io endpoint JSON (https://shields.io/badges/endpoint-badge) for the same badge. */
export function renderBadgeEndpoint(spec: BadgeSpec): string {
  return JSON.stringify({ schemaVersion: 1, label: spec.label, message: spec.message, color: spec.color });
}
