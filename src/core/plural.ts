/** Counts that read right: `1 line`, `2 lines`, `1,204 requests`. Checks and views both say counts. */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? singular : pluralForm}`;
}
