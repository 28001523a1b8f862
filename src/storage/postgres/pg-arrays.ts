/**
 * PostgreSQL array literals for bulk statements (INSERT … SELECT FROM unnest($1::bigint[], …)): one
 * text parameter per column instead of one per value, so a batch of thousands of rows is a single
 * statement with a dozen parameters. Built here rather than by the driver's generic serialiser:
 * numbers need no quoting, and that is most of a batch.
 */

/** `{1,2,NULL}` from numbers; null, undefined and NaN become NULL. */
export function numberArray(values: ArrayLike<number | null | undefined>): string {
  const parts = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    parts[i] = value === null || value === undefined || Number.isNaN(value) ? 'NULL' : String(value);
  }
  return `{${parts.join(',')}}`;
}

const SPECIAL = /["\\\u0000]/;

/**
 * `{"a","b",NULL}` from strings; null and undefined become NULL. PostgreSQL text cannot hold U+0000
 * (SQLite can): a NUL from a damaged log line is stored as U+FFFD rather than failing the batch.
 */
export function textArray(values: ArrayLike<string | null | undefined>): string {
  const parts = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (value === null || value === undefined) parts[i] = 'NULL';
    // Most values need no escaping: test once, rewrite only the few that do.
    else if (!SPECIAL.test(value)) parts[i] = `"${value}"`;
    else parts[i] = `"${value.replace(/["\\]/g, '\\$&').replace(/\u0000/g, '\uFFFD')}"`;
  }
  return `{${parts.join(',')}}`;
}

/** `{"\\x0a0b",NULL}` from Buffers (bytea[]); null and undefined become NULL. */
export function bytesArray(values: ArrayLike<Buffer | Uint8Array | null | undefined>): string {
  const parts = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    parts[i] = value === null || value === undefined ? 'NULL' : `"\\\\x${Buffer.from(value).toString('hex')}"`;
  }
  return `{${parts.join(',')}}`;
}

/** `{t,f,NULL}` from booleans (or SQLite's 0/1). */
export function booleanArray(values: ArrayLike<boolean | number | null | undefined>): string {
  const parts = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    parts[i] = value === null || value === undefined ? 'NULL' : value ? 't' : 'f';
  }
  return `{${parts.join(',')}}`;
}
