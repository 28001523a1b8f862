/**
 * The storage contract: one suite, written against the ports only, that every backend must pass.
 * A backend's test file calls `storageContract(name, factory)`; see factory.ts for what the factory
 * must do.
 */
import { accountsContract } from './accounts.contract.js';
import { activityAgentsContract } from './activity-agents.contract.js';
import { activitySitesContract } from './activity-sites.contract.js';
import { alertsContract } from './alerts.contract.js';
import { beaconRightsContract } from './beacon-rights.contract.js';
import { dataRightsContract } from './data-rights.contract.js';
import { contractContext, type StorageFactory } from './factory.js';
import { heatmapsContract } from './heatmaps.contract.js';
import { resultsContract } from './results.contract.js';
import { secretsContract } from './secrets.contract.js';
import { serveContract } from './serve.contract.js';
import { transactionsContract } from './transactions.contract.js';

export function storageContract(backend: string, factory: StorageFactory): void {
  const ctx = contractContext(backend, factory);
  resultsContract(ctx);
  alertsContract(ctx);
  secretsContract(ctx);
  activitySitesContract(ctx);
  activityAgentsContract(ctx);
  dataRightsContract(ctx);
  accountsContract(ctx);
  heatmapsContract(ctx);
  beaconRightsContract(ctx);
  transactionsContract(ctx);
  serveContract(ctx);
}
