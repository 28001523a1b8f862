/**
 * tcp: can a TCP connection (optionally TLS) be opened to host:port, and how fast.
 */
import * as v from 'valibot';
import { flag, hostName, port, text } from '../../src/config/schema/fields.js';
import { caFilePreflight, openConnection, readCaFile, type PhaseTracker } from '../../src/core/connect.js';
import { formatDuration } from '../../src/core/duration.js';
import { definePlugin } from '../../src/core/plugin.js';
import type { CheckResult } from '../../src/core/result.js';
import { phaseMetrics } from '../../src/core/timing.js';
import { latencyThresholds } from '../../src/expect/schemas.js';
import { thresholdAssertion } from '../../src/expect/thresholds.js';
import { describeNetworkError } from '../../src/core/network-errors.js';

const tcpOptions = v.strictObject({
  host: hostName('The server to connect to.'),
  port: port(),
  tls: v.optional(flag('Also complete a TLS handshake (certificate verified). Default: false'), false),
  ca: v.optional(text('PEM file of extra CA certificates to trust for `tls: true` (relative to the config file).')),
  expect: v.optional(v.pipe(v.strictObject({ latency: v.optional(latencyThresholds) }), v.description('Latency thresholds for the connection.')), {}),
});

export default definePlugin({
  type: 'tcp',
  description: 'TCP (or TLS) port is open',
  options: tcpOptions,
  // The CA file is only read for `tls: true`, so only then is it checked.
  preflight: (monitor, ctx) => (monitor.options.tls ? caFilePreflight(ctx.configDir, monitor.options.ca) : []),
  async run(monitor, ctx): Promise<CheckResult> {
    const { host, port, tls, expect } = monitor.options;
    const ca = tls ? readCaFile(ctx.configDir, monitor.options.ca) : undefined;
    const tracker: PhaseTracker = { phase: 'dns' };
    try {
      const connection = await openConnection(host, port, ctx.signal, tracker, tls ? { rejectUnauthorized: true, ca } : undefined);
      const total = connection.clock.total();
      connection.socket.destroy();
      const assertions = expect.latency ? [thresholdAssertion('latency', 'connect time', total, expect.latency, 'above', formatDuration)] : [];
      const problem = assertions.find((a) => a.status !== 'up');
      return {
        status: problem?.status ?? 'up',
        latencyMs: total,
        message: problem?.message ?? `${connection.address}:${port} open in ${formatDuration(total)}`,
        metrics: phaseMetrics({ ...connection.timings, total }),
        assertions,
      };
    } catch (error) {
      return {
        status: 'down',
        message: describeNetworkError(error, { phase: tracker.phase, signal: ctx.signal, host, port, address: tracker.address, timeoutMs: ctx.timeoutMs }),
        metrics: {},
      };
    }
  },
});
