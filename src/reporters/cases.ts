/**
 * How a monitor's result splits into test cases for CI formats: each assertion (an expectation or a
 * budget) is its own case, so a log says which one failed and by how much. A failure before any
 * assertion ran (connection refused) is one case named "check".
 */
import type { CheckRecord, Status } from '../core/result.js';

export interface TestCase {
  name: string;
  status: Status;
  message: string;
}

export function casesOf(record: CheckRecord): TestCase[] {
  const assertions = record.assertions ?? [];
  const cases: TestCase[] = assertions.map((a) => ({ name: a.name, status: a.status, message: a.message }));
  const explained = cases.some((c) => c.status === record.status);
  if (!explained || cases.length === 0) cases.unshift({ name: 'check', status: record.status, message: record.message });
  return cases;
}
