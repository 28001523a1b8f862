/**
 * ssl: connects with SNI, reads the presented chain and judges it (trust, host name, days left).
 */
import type { TLSSocket } from 'node:tls';
import { caFilePreflight, openConnection, readCaFile, type PhaseTracker } from '../../src/core/connect.js';
import { definePlugin } from '../../src/core/plugin.js';
import type { CheckResult } from '../../src/core/result.js';
import { phaseMetrics } from '../../src/core/timing.js';
import { describeNetworkError } from '../../src/core/network-errors.js';
import { inspectTlsSocket, judgeCertificate } from './certificate.js';
import { sslOptions } from './options.js';

export default definePlugin({
  type: 'ssl',
  description: 'TLS certificate: trust, host name, expiry, key and protocol',
  options: sslOptions,
  preflight: (monitor, ctx) => caFilePreflight(ctx.configDir, monitor.options.ca),
  async run(monitor, ctx): Promise<CheckResult> {
    const { host, port, expect } = monitor.options;
    const servername = monitor.options.servername ?? host;
    const ca = readCaFile(ctx.configDir, monitor.options.ca);
    const tracker: PhaseTracker = { phase: 'dns' };
    let connection;
    try {
      // rejectUnauthorized: false so that an untrusted certificate can still be read and explained.
      connection = await openConnection(host, port, ctx.signal, tracker, { servername, rejectUnauthorized: false, ca });
    } catch (error) {
      return {
        status: 'down',
        message: describeNetworkError(error, { phase: tracker.phase, signal: ctx.signal, host, port, address: tracker.address, timeoutMs: ctx.timeoutMs }),
        metrics: {},
        details: { host, port, phase: tracker.phase },
      };
    }
    const socket = connection.socket as TLSSocket;
    try {
      const report = inspectTlsSocket(socket, servername, ctx.now(), ca);
      const verdict = judgeCertificate(report, expect.daysLeft);
      const total = connection.clock.total();
      return {
        ...verdict,
        latencyMs: total,
        metrics: { ...phaseMetrics({ ...connection.timings, total }), ...verdict.metrics },
        details: report,
      };
    } finally {
      socket.destroy();
    }
  },
});
