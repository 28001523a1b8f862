/**
 * Expected HTTP status codes: exact codes (200), classes ("2xx") and ranges ("200-299").
 * Parsed once at config time; matched per response.
 */

export type StatusPattern = number | string;

export const STATUS_PATTERN_RE = /^([1-5]xx|[1-5]\d\d(-[1-5]\d\d)?)$/i;

export function matchesStatus(code: number, patterns: readonly StatusPattern[]): boolean {
  return patterns.some((pattern) => {
    if (typeof pattern === 'number') return code === pattern;
    const text = pattern.toLowerCase();
    if (text.endsWith('xx')) return Math.floor(code / 100) === Number(text[0]);
    const [from, to] = text.split('-').map(Number);
    return to === undefined ? code === from : code >= from! && code <= to;
  });
}

export function describePatterns(patterns: readonly StatusPattern[]): string {
  return patterns.map(String).join(', ');
}
