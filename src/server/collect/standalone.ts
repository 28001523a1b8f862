/**
 * The beacon on its own: a node:http server with only the collect routes, for the ingestion bench and
 * the end-to-end tests until `trackz serve` mounts them (mountCollect). Prints `listening PORT` on
 * stdout; on SIGTERM/SIGINT it stops accepting, flushes every accepted event, closes the storage and
 * prints `flushed N` (events stored) before exiting 0.
 *
 *   node dist/src/server/collect/standalone.js --config trackz.config.yaml [--port 0] [--rate 1000000]
 */
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import { geoDatabasePath } from '../../activity/geo/country-lookup.js';
import { loadConfig } from '../../config/load.js';
import { openStorage } from '../../storage/open.js';
import { mountCollect } from './collect-routes.js';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { config: { type: 'string' }, port: { type: 'string', default: '0' }, host: { type: 'string', default: '127.0.0.1' }, rate: { type: 'string' } } });
  const config = await loadConfig({ configPath: values.config });
  const storage = await openStorage({ target: config.storage.target, workspace: config.workspace });
  const server = createServer();
  const rate = values.rate ? Number(values.rate) : undefined;
  const routes = await mountCollect(server, {
    storage,
    sites: config.root.sites ?? [],
    geoDatabase: geoDatabasePath(config.root.geo, config.dir),
    rateLimit: rate ? { perSecond: rate, burst: rate } : undefined,
  });
  server.listen(Number(values.port), values.host, () => {
    const address = server.address();
    process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : values.port}\n`);
  });
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    // No new requests; those already read are queued; then everything queued is written.
    server.close();
    server.closeAllConnections();
    await routes.close();
    await storage.close();
    process.stdout.write(`flushed ${routes.collector.stored}\n`);
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
}

main().catch((error: unknown) => {
  process.stderr.write(`trackz collect: ${(error as Error).message}\n`);
  process.exit(1);
});
