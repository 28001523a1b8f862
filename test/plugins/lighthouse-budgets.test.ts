/**
 * The lighthouse check's decisions, without a browser: budget options, budgets against a run's
 * numbers (with "by how much"), the median run (Lighthouse's own computeMedianRun), the settings
 * passed to Lighthouse, the verdict for a page that failed to load, and where Chrome is looked for.
 */
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import * as constants from 'lighthouse/core/config/constants.js';
import { budgetCategories, evaluateBudgets, formatBytes } from '../../plugins/lighthouse/budgets.js';
import { DEBIAN_CHROMIUM, findChrome } from '../../plugins/lighthouse/chrome.js';
import { summarize, summaryMetrics } from '../../plugins/lighthouse/lhr.js';
import { pickMedianRun } from '../../plugins/lighthouse/median-run.js';
import { lighthouseOptions } from '../../plugins/lighthouse/options.js';
import { lighthouseFlags, type LighthouseConstants } from '../../plugins/lighthouse/settings.js';
import { lighthouseVerdict } from '../../plugins/lighthouse/verdict.js';
import { makeLhr } from '../helpers/lhr.js';

const parse = (fields: Record<string, unknown>) => v.parse(lighthouseOptions, { url: 'http://127.0.0.1:8080/', ...fields });
const issues = (fields: Record<string, unknown>) => v.safeParse(lighthouseOptions, { url: 'http://127.0.0.1:8080/', ...fields }).issues?.map((i) => i.message) ?? [];

describe('budget options', () => {
  it('reads a bare value as the down level and a pair as both, in the metric\'s unit', () => {
    const { budgets } = parse({
      budgets: {
        performance: 0.9,
        accessibility: { degraded: 0.95, down: 0.8 },
        'largest-contentful-paint': { degraded: '2500ms', down: '4s' },
        'cumulative-layout-shift': 0.1,
        resources: { script: '300KiB', total: { degraded: '1MiB', down: '2MiB' } },
      },
    });
    expect(budgets).toEqual({
      performance: { down: 0.9 },
      accessibility: { degraded: 0.95, down: 0.8 },
      'largest-contentful-paint': { degraded: 2500, down: 4000 },
      'cumulative-layout-shift': { down: 0.1 },
      resources: { script: { down: 307200 }, total: { degraded: 1048576, down: 2097152 } },
    });
  });

  it('explains a budget that cannot be right', () => {
    expect(issues({ budgets: { performance: 90 } })).toEqual(['expected a score from 0 to 1, e.g. 0.9']);
    expect(issues({ budgets: { performance: { degraded: 0.5, down: 0.9 } } })).toEqual(['the degraded level must be at least the down level (it warns first)']);
    expect(issues({ budgets: { 'largest-contentful-paint': { degraded: '4s', down: '2s' } } })).toEqual(['the degraded level must be at most the down level (it warns first)']);
    expect(issues({ budgets: { 'largest-contentful-paint': 2500 } })).toEqual(['expected a maximum such as 2500ms, or { degraded: 2500ms, down: 4s }']);
    expect(issues({ budgets: { performance: {} } })).toEqual(['expected a degraded or a down level']);
    expect(issues({ budgets: { lcp: '2s' } })).toHaveLength(1);
  });

  it('has the defaults documented: one run, mobile, simulated throttling, all four categories', () => {
    expect(parse({})).toMatchObject({ runs: 1, formFactor: 'mobile', throttlingMethod: 'simulate', categories: ['performance', 'accessibility', 'best-practices', 'seo'], budgets: {} });
    expect(issues({ runs: 0 })).toEqual(['expected a whole number from 1 to 9']);
  });
});

describe('evaluateBudgets', () => {
  const summary = summarize(makeLhr({ scores: { performance: 0.72, seo: 0.95 }, lcp: 3200, cls: 0.18, tbt: 120, bytes: { script: 412_000, image: 80_000 } }));

  it('says which budget failed, at which level, and by how much', () => {
    const { budgets } = parse({
      budgets: {
        performance: 0.9,
        seo: { degraded: 0.98, down: 0.9 },
        'largest-contentful-paint': { degraded: '2500ms', down: '4s' },
        'cumulative-layout-shift': { degraded: 0.1, down: 0.25 },
        'total-blocking-time': '300ms',
        resources: { script: { degraded: '300KiB', down: '350KiB' }, image: '100KiB' },
      },
    });
    const assertions = evaluateBudgets(budgets, summary);
    expect(assertions.map((a) => [a.name, a.status, a.message])).toEqual([
      ['budget.performance', 'down', 'performance 0.72 is below the down budget 0.90 (by 0.18)'],
      ['budget.seo', 'degraded', 'seo 0.95 is below the degraded budget 0.98 (by 0.03)'],
      ['budget.largest-contentful-paint', 'degraded', 'largest-contentful-paint 3.2s is at or above the degraded budget 2.5s (by 700ms)'],
      ['budget.cumulative-layout-shift', 'degraded', 'cumulative-layout-shift 0.180 is at or above the degraded budget 0.100 (by 0.080)'],
      ['budget.total-blocking-time', 'up', 'total-blocking-time 120ms is under 300ms'],
      ['budget.resource.script', 'down', 'script transfer size 402.3 KiB is at or above the down budget 350 KiB (by 52.3 KiB)'],
      ['budget.resource.image', 'up', 'image transfer size 78.1 KiB is under 100 KiB'],
    ]);
    expect(assertions[0]).toMatchObject({ actual: 0.72, expected: 0.9 });
  });

  it('a budget on something not measured is unknown, not silently passed', () => {
    const bare = summarize({ ...makeLhr(), categories: {}, audits: {} });
    expect(evaluateBudgets(parse({ budgets: { performance: 0.5 } }).budgets, bare)).toEqual([
      { name: 'budget.performance', status: 'unknown', message: 'the performance score was not measured in this run, so its budget cannot be checked' },
    ]);
  });

  it('the categories a budget needs are audited even when categories: leaves them out', () => {
    expect(budgetCategories(parse({ budgets: { seo: 0.9, 'speed-index': '3s' } }).budgets)).toEqual(['seo', 'performance']);
    expect(budgetCategories(parse({ budgets: { resources: { total: '1MiB' } } }).budgets)).toEqual(['performance']);
  });

  it('formats sizes the way budgets are written', () => {
    expect([512, 2048, 1536, 3 * 1024 * 1024].map(formatBytes)).toEqual(['512 B', '2 KiB', '1.5 KiB', '3 MiB']);
  });
});

describe('summary and metrics', () => {
  it('names metrics in the shared vocabulary', () => {
    const metrics = summaryMetrics(summarize(makeLhr({ fcp: 900.04, lcp: 1200, cls: 0.012345, tbt: 30, speedIndex: 1100, ttfb: 12.34, tti: 1500, bytes: { script: 1000 } })));
    expect(metrics).toEqual({
      performance_score: 0.98,
      accessibility_score: 1,
      best_practices_score: 0.96,
      seo_score: 0.91,
      fcp_ms: 900,
      lcp_ms: 1200,
      cls: 0.0123,
      tbt_ms: 30,
      speed_index_ms: 1100,
      ttfb_ms: 12.3,
      tti_ms: 1500,
      total_bytes: 2200,
      requests: 2,
    });
  });
});

describe('the median run (Lighthouse\'s computeMedianRun)', () => {
  it('picks the run closest to the median FCP and TTI, not the best or the last', () => {
    const runs = [makeLhr({ fcp: 800, tti: 1000 }), makeLhr({ fcp: 2000, tti: 4000 }), makeLhr({ fcp: 1000, tti: 1600 }), makeLhr({ fcp: 1100, tti: 1500 }), makeLhr({ fcp: 3000, tti: 5000 })];
    expect(pickMedianRun(runs).index).toBe(3);
  });

  it('breaks a tie on the lower TTI', () => {
    const runs = [makeLhr({ fcp: 1000, tti: 2000 }), makeLhr({ fcp: 1000, tti: 1000 })];
    expect(pickMedianRun(runs).index).toBe(1);
  });

  it('uses the last run when no run can be ranked (no performance category)', () => {
    const unranked = { ...makeLhr(), audits: {} };
    expect(pickMedianRun([unranked, unranked, { ...unranked }]).index).toBe(2);
  });
});

describe('settings passed to Lighthouse', () => {
  const c = constants as unknown as LighthouseConstants;

  it('mobile by default, with Lighthouse\'s own slow-4G preset and simulated throttling', () => {
    const flags = lighthouseFlags(parse({}), c);
    expect(flags).toMatchObject({ formFactor: 'mobile', throttlingMethod: 'simulate', throttling: c.throttling.mobileSlow4G, emulatedUserAgent: c.userAgents.mobile });
    expect(flags.screenEmulation).toEqual(c.screenEmulationMetrics.mobile);
    expect(flags.onlyCategories).toEqual(['performance', 'accessibility', 'best-practices', 'seo']);
  });

  it('desktop gets desktop emulation and the dense-4G preset; none means no throttling at all', () => {
    expect(lighthouseFlags(parse({ formFactor: 'desktop' }), c)).toMatchObject({ formFactor: 'desktop', throttling: c.throttling.desktopDense4G, screenEmulation: c.screenEmulationMetrics.desktop });
    const none = lighthouseFlags(parse({ throttling: 'none' }), c);
    expect(none.throttlingMethod).toBe('provided');
    expect(none.throttling).toBeUndefined();
    expect(lighthouseFlags(parse({ throttling: 'mobile-regular-3g', throttlingMethod: 'devtools' }), c)).toMatchObject({ throttlingMethod: 'devtools', throttling: c.throttling.mobileRegular3G });
  });

  it('runs only the categories asked for, plus those a budget needs, and passes headers', () => {
    const flags = lighthouseFlags(parse({ categories: ['seo'], budgets: { accessibility: 0.9 }, headers: { cookie: 'session=1' } }), c);
    expect(flags.onlyCategories).toEqual(['accessibility', 'seo']);
    expect(flags.extraHeaders).toEqual({ cookie: 'session=1' });
  });
});

describe('verdict', () => {
  it('a page that fails to load is down with Lighthouse\'s reason, and its report is kept', () => {
    const failed = makeLhr({ runtimeError: { code: 'NO_FCP', message: 'The page did not paint any content.' } });
    const result = lighthouseVerdict({ options: parse({ budgets: { performance: 0.9 } }), lhrs: [failed], median: { lhr: failed, index: 0 } });
    expect(result).toMatchObject({ status: 'down', message: 'the page failed to load: NO_FCP: The page did not paint any content.' });
    expect(result.assertions).toEqual([{ name: 'page', status: 'down', message: result.message, actual: 'NO_FCP' }]);
    expect(JSON.parse(result.artifacts!['lighthouse-report']!).runtimeError.code).toBe('NO_FCP');
  });

  it('with several runs, says which run failed', () => {
    const good = makeLhr();
    const failed = makeLhr({ runtimeError: { code: 'ERRORED_DOCUMENT_REQUEST', message: 'Lighthouse was unable to reliably load the page you requested. (Status code: 500)' } });
    const result = lighthouseVerdict({ options: parse({ runs: 3 }), lhrs: [good, failed], median: { lhr: good, index: 0 } });
    expect(result.message).toBe('the page failed to load in run 2 of 3: ERRORED_DOCUMENT_REQUEST: Lighthouse was unable to reliably load the page you requested. (Status code: 500)');
  });

  it('the worst budget is the message; the median run is the report', () => {
    const runs = [makeLhr({ lcp: 5000, fcp: 3000, tti: 5000 }), makeLhr({ lcp: 3000, fcp: 1000, tti: 1500 }), makeLhr({ lcp: 2000, fcp: 900, tti: 1400 })];
    const options = parse({ runs: 3, budgets: { 'largest-contentful-paint': { degraded: '2500ms', down: '4s' }, seo: 0.95 } });
    const result = lighthouseVerdict({ options, lhrs: runs, median: pickMedianRun(runs) });
    expect(result.status).toBe('down');
    expect(result.message).toBe('seo 0.91 is below the down budget 0.95 (by 0.04) (+1 more budget missed)');
    expect(result.metrics).toMatchObject({ lcp_ms: 3000, runs: 3 });
    expect(result.latencyMs).toBe(3000);
    expect((result.details as { medianRun: number }).medianRun).toBe(2);
    expect(JSON.parse(result.artifacts!['lighthouse-report']!).audits['largest-contentful-paint'].numericValue).toBe(3000);
  });

  it('header values (a cookie, a token) are kept out of the stored report and the details', () => {
    const lhr = { ...makeLhr(), configSettings: { formFactor: 'mobile', extraHeaders: { cookie: 'session=s3cr3t-cookie' } } };
    const result = lighthouseVerdict({ options: parse({ headers: { cookie: 'session=s3cr3t-cookie' } }), lhrs: [lhr], median: { lhr, index: 0 }, settings: { extraHeaders: { cookie: 'session=s3cr3t-cookie' } } });
    expect(JSON.stringify(result)).not.toContain('s3cr3t-cookie');
    expect(JSON.parse(result.artifacts!['lighthouse-report']!).configSettings.extraHeaders).toEqual({ cookie: '***' });
  });

  it('without budgets, up with the scores and Web Vitals', () => {
    const lhr = makeLhr();
    expect(lighthouseVerdict({ options: parse({}), lhrs: [lhr], median: { lhr, index: 0 } })).toMatchObject({
      status: 'up',
      message: 'performance 0.98, accessibility 1.00, best-practices 0.96, seo 0.91; LCP 1.2s, CLS 0.010, TBT 30ms',
      assertions: [],
    });
  });
});

describe('findChrome', () => {
  const only = (...paths: string[]) => (path: string) => paths.includes(path);

  it('prefers CHROME_PATH, then Debian\'s Chromium, then chrome-launcher\'s search', () => {
    expect(findChrome({ CHROME_PATH: '/opt/chrome' }, only('/opt/chrome', DEBIAN_CHROMIUM), () => [])).toEqual({ path: '/opt/chrome' });
    expect(findChrome({}, only(DEBIAN_CHROMIUM, '/usr/bin/google-chrome'), () => ['/usr/bin/google-chrome'])).toEqual({ path: DEBIAN_CHROMIUM });
    expect(findChrome({}, only('/usr/bin/google-chrome'), () => ['/usr/bin/google-chrome'])).toEqual({ path: '/usr/bin/google-chrome' });
  });

  it('names what to install when nothing is found, and a CHROME_PATH that is wrong', () => {
    expect(findChrome({}, only(), () => [])).toEqual({ problem: 'no Chrome or Chromium found: install Chromium (Debian/Ubuntu: apt-get install chromium) or Google Chrome, or set CHROME_PATH to its binary' });
    expect(findChrome({ CHROME_PATH: '/nope/chrome' }, only(DEBIAN_CHROMIUM), () => [])).toEqual({ problem: 'CHROME_PATH is set to /nope/chrome, which does not exist' });
  });
});
