/**
 * JUnit XML as CI systems read it (Jenkins junit-10.xsd shape): one <testsuite> per monitor, one
 * <testcase> per assertion. down → <failure>, unknown → <error>, degraded → <failure> only with
 * --fail-on degraded (otherwise a note in <system-out>).
 */
import { hostname } from 'node:os';
import type { CheckRecord } from '../core/result.js';
import { isFailing } from '../core/verdict.js';
import { casesOf } from './cases.js';
import type { Reporter, RunSummary } from './reporter.js';

// XML 1.0 forbids most control characters even when escaped.
// eslint-disable-next-line no-control-regex
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

export function xmlEscape(text: string): string {
  return text.replace(INVALID_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

const seconds = (ms: number) => (ms / 1000).toFixed(3);

function suiteXml(record: CheckRecord, summary: RunSummary, host: string): { xml: string; tests: number; failures: number; errors: number } {
  const cases = casesOf(record);
  let failures = 0;
  let errors = 0;
  const body = cases.map((testCase, index) => {
    const time = index === 0 ? seconds(record.durationMs) : '0.000';
    const open = `    <testcase name="${xmlEscape(testCase.name)}" classname="${xmlEscape(`trackz.${record.type}.${record.monitor}`)}" time="${time}"`;
    if (testCase.status === 'unknown' && summary.failOn !== 'never') {
      errors++;
      return `${open}>\n      <error message="${xmlEscape(testCase.message)}" type="unknown">${xmlEscape(testCase.message)}</error>\n    </testcase>`;
    }
    if (isFailing(testCase.status, summary.failOn)) {
      failures++;
      return `${open}>\n      <failure message="${xmlEscape(testCase.message)}" type="${testCase.status}">${xmlEscape(`${record.monitor} › ${testCase.name}: ${testCase.message}`)}</failure>\n    </testcase>`;
    }
    if (testCase.status !== 'up') return `${open}>\n      <system-out>${xmlEscape(`${testCase.status}: ${testCase.message}`)}</system-out>\n    </testcase>`;
    return `${open}/>`;
  });
  const metrics = Object.entries(record.metrics)
    .map(([name, value]) => `      <property name="${xmlEscape(name)}" value="${value}"/>`)
    .join('\n');
  const properties = `    <properties>\n      <property name="status" value="${record.status}"/>\n      <property name="message" value="${xmlEscape(record.message)}"/>\n      <property name="attempts" value="${record.attempts}"/>${metrics ? `\n${metrics}` : ''}\n    </properties>`;
  const xml = `  <testsuite name="${xmlEscape(record.monitor)}" tests="${cases.length}" failures="${failures}" errors="${errors}" skipped="0" time="${seconds(record.durationMs)}" timestamp="${new Date(record.startedAt).toISOString().slice(0, 19)}" hostname="${xmlEscape(host)}">\n${properties}\n${body.join('\n')}\n  </testsuite>`;
  return { xml, tests: cases.length, failures, errors };
}

export function junitReporter(): Reporter {
  return {
    onEnd(summary) {
      const host = hostname();
      const suites = summary.records.map((record) => suiteXml(record, summary, host));
      const total = (key: 'tests' | 'failures' | 'errors') => suites.reduce((sum, s) => sum + s[key], 0);
      return [
        '<?xml version="1.0" encoding="UTF-8"?>',
        `<testsuites name="${xmlEscape(`trackz ${summary.workspace}`)}" tests="${total('tests')}" failures="${total('failures')}" errors="${total('errors')}" time="${seconds(summary.durationMs)}">`,
        ...suites.map((s) => s.xml),
        '</testsuites>',
        '',
      ].join('\n');
    },
  };
}
