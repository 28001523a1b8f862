/** One way to print a moment in every table and message: "2026-11-22 23:04:53" (UTC). */
export function formatTimestamp(ms: number, precision: 'seconds' | 'minutes' = 'seconds'): string {
  return new Date(ms).toISOString().slice(0, precision === 'seconds' ? 19 : 16).replace('T', ' ');
}
