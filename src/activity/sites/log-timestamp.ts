/**
 * Timestamps as access logs write them, to epoch milliseconds, without Date.parse on each line:
 * consecutive lines mostly share the same second, so each parser keeps the last text it saw.
 * A timestamp that is not understood gives NaN (the caller reports the line as malformed).
 */

const MONTHS: Record<string, number> = { Jan: 0, Feb: 1, Mar: 2, Apr: 3, May: 4, Jun: 5, Jul: 6, Aug: 7, Sep: 8, Oct: 9, Nov: 10, Dec: 11 };

/** Two or four ASCII digits at `at`, or NaN. */
function digits(text: string, at: number, count: number): number {
  let value = 0;
  for (let i = at; i < at + count; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return NaN;
    value = value * 10 + d;
  }
  return value;
}

/** `+0200`, `-07:00`, `Z` or `` (UTC) to minutes east of UTC; NaN when not a zone. */
export function parseZoneMinutes(zone: string): number {
  if (zone === '' || zone === 'Z' || zone === 'z') return 0;
  const sign = zone.charCodeAt(0) === 45 ? -1 : zone.charCodeAt(0) === 43 ? 1 : 0;
  if (sign === 0) return NaN;
  const compact = zone.length === 6 && zone.charCodeAt(3) === 58 ? zone.slice(0, 3) + zone.slice(4) : zone;
  if (compact.length !== 5) return NaN;
  const hours = digits(compact, 1, 2);
  const minutes = digits(compact, 3, 2);
  return sign * (hours * 60 + minutes);
}

function utc(year: number, month: number, day: number, hour: number, minute: number, second: number, zoneMinutes: number): number {
  if (!(month >= 0 && month < 12 && day >= 1 && day <= 31 && hour < 24 && minute < 60 && second < 61)) return NaN;
  return Date.UTC(year, month, day, hour, minute, second) - zoneMinutes * 60_000;
}

/** `10/Oct/2000:13:55:36 -0700` (nginx $time_local, Apache %t). */
export function parseClfTimestamp(text: string): number {
  if (text.length < 20 || text.charCodeAt(2) !== 47 || text.charCodeAt(6) !== 47 || text.charCodeAt(11) !== 58) return NaN;
  const month = MONTHS[text.slice(3, 6)];
  if (month === undefined) return NaN;
  return utc(digits(text, 7, 4), month, digits(text, 0, 2), digits(text, 12, 2), digits(text, 15, 2), digits(text, 18, 2), parseZoneMinutes(text.slice(21).trim()));
}

/** `2000-10-10T13:55:36Z`, `2000-10-10T13:55:36.123+02:00`, also with a space instead of `T`. */
export function parseIsoTimestamp(text: string): number {
  if (text.length < 19 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 || text.charCodeAt(13) !== 58) return NaN;
  let at = 19;
  let fraction = 0;
  if (text.charCodeAt(at) === 46) {
    let scale = 100;
    at++;
    while (at < text.length) {
      const d = text.charCodeAt(at) - 48;
      if (d < 0 || d > 9) break;
      fraction += d * scale;
      scale /= 10;
      at++;
    }
  }
  const base = utc(digits(text, 0, 4), digits(text, 5, 2) - 1, digits(text, 8, 2), digits(text, 11, 2), digits(text, 14, 2), digits(text, 17, 2), parseZoneMinutes(text.slice(at)));
  return base + Math.floor(fraction);
}

/** `1700000000` or `1700000000.123` (nginx $msec, Caddy `ts`). */
export function parseEpochSeconds(text: string): number {
  if (!/^\d{9,11}(\.\d+)?$/.test(text)) return NaN;
  return Math.floor(Number(text) * 1000);
}

/** Any of the three forms above, told apart by their shape. */
export function parseAnyTimestamp(text: string): number {
  const third = text.charCodeAt(2);
  if (third === 47) return parseClfTimestamp(text);
  if (text.charCodeAt(4) === 45) return parseIsoTimestamp(text);
  return parseEpochSeconds(text);
}

/** `10/Oct/2000` or `2000-10-10`, `13:55:36[.123]` and an optional zone, for formats that log them apart. */
export function parseDateTimeParts(date: string, time: string, zone: string): number {
  let year: number;
  let month: number;
  let day: number;
  if (date.length === 11 && date.charCodeAt(2) === 47) {
    day = digits(date, 0, 2);
    month = MONTHS[date.slice(3, 6)] ?? NaN;
    year = digits(date, 7, 4);
  } else if (date.length === 10 && date.charCodeAt(4) === 45) {
    year = digits(date, 0, 4);
    month = digits(date, 5, 2) - 1;
    day = digits(date, 8, 2);
  } else return NaN;
  if (time.length < 8 || time.charCodeAt(2) !== 58 || time.charCodeAt(5) !== 58) return NaN;
  const millis = time.length > 9 && time.charCodeAt(8) === 46 ? Math.floor(Number(`0${time.slice(8)}`) * 1000) : 0;
  return utc(year, month, day, digits(time, 0, 2), digits(time, 3, 2), digits(time, 6, 2), parseZoneMinutes(zone)) + (Number.isNaN(millis) ? 0 : millis);
}

/** Wraps a parser with a one-entry cache: logs repeat the same second for many lines. */
export function cachedTimestampParser(parse: (text: string) => number): (text: string) => number {
  let lastText = '';
  let lastValue = NaN;
  return (text) => {
    if (text === lastText) return lastValue;
    lastText = text;
    lastValue = parse(text);
    return lastValue;
  };
}
