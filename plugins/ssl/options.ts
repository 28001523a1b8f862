import * as v from 'valibot';
import { hostName, port, text } from '../../src/config/schema/fields.js';
import { daysLeftThresholds } from '../../src/expect/schemas.js';

export const sslOptions = v.strictObject({
  host: hostName('The server to connect to.'),
  port: v.optional(port('TLS port. Default: 443'), 443),
  servername: v.optional(text('SNI name and the name the certificate must match. Default: host')),
  ca: v.optional(text('PEM file of extra CA certificates to trust (relative to the config file).')),
  expect: v.optional(
    v.pipe(v.strictObject({ daysLeft: v.optional(daysLeftThresholds, {}) }), v.description('Expiry thresholds; an untrusted chain or a host-name mismatch is always down.')),
    {},
  ),
});

export type SslOptions = v.InferOutput<typeof sslOptions>;
