#!/usr/bin/env node
// Prints the plain summary line CI reads (e.g. `412 passed, 0 failed`) from vitest's JSON report.
import { existsSync, readFileSync } from 'node:fs';

const file = new URL('../test-results/vitest.json', import.meta.url);
if (!existsSync(file)) {
  console.log('0 passed, 0 failed (no test report was written)');
  process.exit(1);
}
const report = JSON.parse(readFileSync(file, 'utf8'));
const failedSuites = (report.testResults ?? []).filter((s) => s.status === 'failed' && (s.assertionResults ?? []).length === 0).length;
const failed = report.numFailedTests + failedSuites;
const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
console.log(`${report.numPassedTests} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed === 0 && report.numPassedTests > 0 ? 0 : 1);
