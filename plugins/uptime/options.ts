/** The uptime check's own fields. Every field here is documented in the JSON Schema and README. */
import * as v from 'valibot';
import { flag, httpUrl, integer, size, text } from '../../src/config/schema/fields.js';
import { headerExpectationSchema, jsonAssertions, latencyThresholds, statusPatterns, textExpectationSchema } from '../../src/expect/schemas.js';

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

export const uptimeOptions = v.strictObject({
  url: httpUrl('The URL to request.'),
  method: v.optional(v.pipe(v.picklist(METHODS, `expected one of ${METHODS.join(', ')}`), v.description('HTTP method. Default: GET')), 'GET'),
  headers: v.optional(
    v.pipe(v.record(v.string(), v.string('expected a header value (text)'), 'expected a mapping of header names to values'), v.description('Request headers. Values may use ${ENV}; they are never printed.')),
    {},
  ),
  body: v.optional(
    v.pipe(v.union([v.string(), v.record(v.string(), v.unknown()), v.array(v.unknown())], 'expected text, or a mapping/list to send as JSON'), v.description('Request body: a string, or a mapping/list sent as JSON.')),
  ),
  auth: v.optional(
    v.pipe(
      v.union(
        [v.strictObject({ basic: v.strictObject({ user: v.string('expected a user name'), pass: v.string('expected a password') }) }), v.strictObject({ bearer: v.pipe(v.string(), v.minLength(1)) })],
        'expected { basic: { user, pass } } or { bearer: token }',
      ),
      v.description('Basic or bearer authentication; take the values from ${ENV}.'),
    ),
  ),
  followRedirects: v.optional(flag('Follow 3xx redirects. Default: true'), true),
  maxRedirects: v.optional(integer(0, 30, 'Redirects followed before giving up. Default: 5'), 5),
  insecure: v.optional(flag('Skip TLS certificate verification. Default: false'), false),
  ca: v.optional(text('PEM file of extra CA certificates to trust (relative to the config file).')),
  maxBodyBytes: v.optional(size('At most this much of the body is read for assertions; the rest is discarded. Default: 1MiB'), '1MiB'),
  expect: v.optional(
    v.pipe(
      v.strictObject({
        status: v.optional(v.pipe(statusPatterns, v.description('Accepted status codes. Default: 2xx (2xx and 3xx when followRedirects is false).'))),
        body: v.optional(v.pipe(textExpectationSchema, v.description('Assertions on the body text.'))),
        json: jsonAssertions,
        headers: v.optional(v.pipe(v.record(v.string(), headerExpectationSchema), v.description('Assertions on response headers.'))),
        latency: v.optional(latencyThresholds),
      }),
      v.description('What counts as up.'),
    ),
    {},
  ),
});

export type UptimeOptions = v.InferOutput<typeof uptimeOptions>;
