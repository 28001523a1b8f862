/**
 * `sites:` (web activity from access logs) and `agents:` (device activity from ActivityWatch or an
 * event file). Each entry becomes one `activity` check (`site:<name>`, `agent:<name>`), so the
 * monitor fields interval, timeout, tags and enabled apply to it too. Privacy settings default to
 * the private choice: hashed visitors, DNT honoured, no query strings, bounded retention.
 */
import * as v from 'valibot';
import { logFormatProblem } from '../../activity/sites/custom-log-format.js';
import { patternProblem, REDACTABLE_FIELDS, REDACTION_ACTIONS } from '../../privacy/agent-redaction.js';
import { duration, durationThresholds, entityName, flag, httpUrl, integer, list, nonEmptyText, text, timerDuration } from './fields.js';

const NAMED_FORMATS = ['combined', 'common', 'vhost-combined', 'caddy'];
const FORMAT_MESSAGE = `expected ${NAMED_FORMATS.join(', ')} or a custom format string such as '%h %^[%x] "%r" %s %b "%R" "%u"'`;

const logFormat = v.pipe(
  v.string(FORMAT_MESSAGE),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed || NAMED_FORMATS.includes(dataset.value)) return;
    if (!dataset.value.includes('%')) return addIssue({ message: FORMAT_MESSAGE });
    const problem = logFormatProblem(dataset.value);
    if (problem) addIssue({ message: `invalid log format: ${problem}` });
  }),
  v.description(
    'combined (nginx/Apache default), common, vhost-combined, caddy (JSON), or a custom format: %h client · %x timestamp · %d %t %z date, time, zone · %r request · %m %U %H method, path, protocol · %s status · %b bytes · %R referrer · %u User-Agent · %v vhost · %^ skip · %{dnt} DNT header · %{country} country code. Default: combined',
  ),
);

const pathOrPaths = (what: string) =>
  v.pipe(
    v.union([nonEmptyText(what), v.pipe(v.array(nonEmptyText(what)), v.minLength(1, 'expected at least one path'))], 'expected a path or a list of paths'),
    v.check((value) => !(Array.isArray(value) ? value : [value]).includes('-'), '`-` (stdin) is only for `trackz import NAME -`; give a file path here'),
    v.transform((value) => (Array.isArray(value) ? value : [value])),
    v.description(`${what} Relative to the config file; globs such as /var/log/nginx/access.log* are expanded.`),
  );

const monitorFields = {
  description: v.optional(text('Free text shown in detail views.')),
  tags: v.optional(list(nonEmptyText('A tag.'), 'Labels for selecting its check: `trackz check --tag web`.'), []),
  enabled: v.optional(flag('Set to false to keep it in the file without importing on `trackz check`.'), true),
  interval: v.optional(timerDuration('How often trackz watch and trackz serve import; trackz check imports once per call (default: defaults.interval).')),
  timeout: v.optional(timerDuration('Time limit for one import run on `trackz check`; an unfinished import continues next run (default: 2m).')),
  expect: v.optional(
    v.pipe(v.strictObject({ lag: v.optional(durationThresholds('Age of the newest imported entry at which the check is degraded / down (a log that stopped being written).')) }), v.description('Thresholds for its check.')),
    {},
  ),
};

const siteRetention = v.pipe(
  v.strictObject({
    pageViews: v.optional(duration('Keep page views, and the beacon\'s clicks, scroll depths and custom events, this long. Default: 395d (13 months)'), '395d'),
    sessions: v.optional(duration('Keep sessions and visitors this long. Default: 395d (13 months)'), '395d'),
  }),
  v.description('Maximum age of each kind of data, enforced on every import.'),
);

const sitePrivacy = v.pipe(
  v.strictObject({
    visitorId: v.optional(
      v.pipe(v.picklist(['hashed', 'plain', 'none'], 'expected hashed, plain or none'), v.description('hashed: keyed hash of site + IP + User-Agent with a daily salt (default); plain: also store the IP; none: nothing per visitor (no visitors or sessions).')),
      'hashed',
    ),
    honorDoNotTrack: v.optional(flag('Skip requests sent with DNT: 1, when the log format records the header (%{dnt}, Caddy). Default: true'), true),
    optOutParam: v.optional(nonEmptyText('Query parameter that stops tracking a visitor until they send optInParam. Default: trackz-opt-out'), 'trackz-opt-out'),
    optInParam: v.optional(nonEmptyText('Query parameter that resumes tracking after an opt-out. Default: trackz-opt-in'), 'trackz-opt-in'),
    keepQuery: v.optional(
      v.pipe(v.union([v.boolean(), v.array(nonEmptyText('A parameter name.'))], 'expected true, false or a list of parameter names'), v.description('Query strings are dropped (false, default); true keeps them; a list keeps only those parameters.')),
      false,
    ),
    maxSessions: v.optional(integer(1, 100_000_000, 'At most this many sessions are kept; the oldest are replaced. Default: 100000'), 100_000),
    retention: v.optional(siteRetention, {}),
  }),
  v.description('What is kept about visitors; applied before anything reaches disk.'),
);

const siteCollect = v.pipe(
  v.strictObject({
    origins: v.optional(
      list(
        v.pipe(
          v.string('expected an origin such as https://blog.example.com'),
          v.check((value) => /^https?:\/\/[^/?#\s]+$/i.test(value), 'expected an origin: scheme and host (and port), no path, e.g. https://blog.example.com'),
        ),
        'Pages on these origins may send to POST /collect (CORS). Default: the site\'s domain on http and https.',
      ),
    ),
  }),
  v.description('Live collection: pages load /t.js from `trackz serve` and send page views and events to POST /collect.'),
);

export const siteSchema = v.pipe(
  v.strictObject({
    name: entityName('site'),
    domain: v.optional(nonEmptyText("The site's host name; referrers from it count as internal.")),
    logs: v.optional(
      v.pipe(
        v.strictObject({
          path: pathOrPaths('Access log file(s).'),
          format: v.optional(logFormat, 'combined'),
        }),
        v.description('Where the access logs are and how they are written.'),
      ),
    ),
    collect: v.optional(siteCollect),
    heatmaps: v.optional(flag('Record clicks and scroll depth (loads /t-heat.js beside /t.js) for `trackz heatmap`. Default: false'), false),
    sessionTimeout: v.optional(duration('A session ends after this long without a request. Default: 30m'), '30m'),
    privacy: v.optional(sitePrivacy, {}),
    ...monitorFields,
  }),
  v.forward(
    v.partialCheck([['logs'], ['collect']], (site) => site.logs !== undefined || site.collect !== undefined, 'a site needs `logs:` (access logs to import), `collect:` (the /t.js beacon), or both'),
    ['name'],
  ),
  v.forward(
    v.partialCheck([['collect'], ['domain']], (site) => site.collect === undefined || site.collect.origins !== undefined || site.domain !== undefined, 'give `domain:` or `collect.origins:` so /collect knows which pages may send'),
    ['name'],
  ),
  v.description('A tracker site: visitors, sessions and page views imported from its access logs and/or sent by its pages (/t.js).'),
);

const redactionRule = v.pipe(
  v.strictObject({
    field: v.pipe(
      v.union([v.picklist(REDACTABLE_FIELDS), v.array(v.picklist(REDACTABLE_FIELDS))], `expected ${REDACTABLE_FIELDS.join(', ')} or a list of them`),
      v.description(`The event field(s) the pattern is tested on: ${REDACTABLE_FIELDS.join(', ')}.`),
    ),
    pattern: v.pipe(
      v.string('expected a regular expression'),
      v.rawCheck(({ dataset, addIssue }) => {
        if (!dataset.typed) return;
        const problem = patternProblem(dataset.value);
        if (problem) addIssue({ message: problem });
      }),
      v.description('A regular expression (RE2 syntax: no backreferences or lookaround); a leading (?i) makes it case-insensitive.'),
    ),
    action: v.optional(v.pipe(v.picklist(REDACTION_ACTIONS, `expected ${REDACTION_ACTIONS.join(', ')}`), v.description('redact: replace the value (default) · mask: replace the matched text · remove: clear the field · drop: drop the event.')), 'redact'),
    replacement: v.optional(text('Text put in place of redacted or masked values. Default: [redacted]')),
  }),
  v.description('A rule applied to every event before it is stored.'),
);

const agentSource = v.pipe(
  v.variant(
    'type',
    [
      v.strictObject({
        type: v.literal('activitywatch'),
        url: httpUrl('The ActivityWatch server, e.g. http://127.0.0.1:5600.'),
        since: v.optional(duration('On the first import, fetch this far back. Default: the events retention')),
      }),
      v.strictObject({ type: v.literal('activitywatch-export'), path: pathOrPaths('ActivityWatch export file(s) (JSON, as written by its "Export all buckets").') }),
      v.strictObject({
        type: v.literal('events'),
        path: pathOrPaths('Event file(s): NDJSON or CSV with timestamp, duration, device, app, title, url.'),
        format: v.optional(v.pipe(v.picklist(['ndjson', 'csv'], 'expected ndjson or csv'), v.description('Default: from the file extension (.csv is CSV, anything else NDJSON).'))),
      }),
      v.pipe(
        v.strictObject({ type: v.literal('push') }),
        v.description('Devices push their events: `trackz agent --server URL --agent NAME` on each device sends to POST /api/v1/agents/NAME/events of `trackz serve`, with a key made by `trackz keys create NAME --role agent`. Nothing is imported; the check reports the lag from the newest event received.'),
      ),
    ],
    'expected a source with type activitywatch (url), activitywatch-export (path), events (path) or push',
  ),
  v.description('Where device activity comes from.'),
);

const agentPrivacy = v.pipe(
  v.strictObject({
    redact: v.optional(list(redactionRule, 'Rules that redact or drop fields (titles, URLs) or whole events, in order.'), []),
    keepQuery: v.optional(flag('Keep query strings and fragments of visited URLs. Default: false'), false),
    retention: v.optional(v.pipe(v.strictObject({ events: v.optional(duration('Keep device events this long. Default: 90d'), '90d') }), v.description('Maximum age of device events, enforced on every import.')), {}),
  }),
  v.description('What is kept about device activity; applied before anything reaches disk. Incognito browsing is always dropped.'),
);

export const agentSchema = v.pipe(
  v.strictObject({
    name: entityName('agent'),
    source: agentSource,
    privacy: v.optional(agentPrivacy, {}),
    ...monitorFields,
  }),
  v.description("An agent: an organisation's devices reporting app and web usage."),
);

export type SiteConfig = v.InferOutput<typeof siteSchema>;
export type AgentConfig = v.InferOutput<typeof agentSchema>;

export const activityRootEntries = {
  sites: v.optional(list(siteSchema, 'Tracker sites: web activity imported from access logs (one `activity` check each, named site:<name>) and/or sent by the /t.js beacon.'), []),
  agents: v.optional(list(agentSchema, 'Agents: device activity from ActivityWatch or event files (one `activity` check each, named agent:<name>).'), []),
};
