/**
 * The storage contract: one suite, written against the ports only, that every backend must pass.
 * A backend's test file calls `storageContract(name, factory)`; see factory.ts for what the factory
 * must do.
 */
import { contractContext, type StorageFactory } from './factory.js';
import { resultsContract } from './results.contract.js';

export function storageContract(backend: string, factory: StorageFactory): void {
  const ctx = contractContext(backend, factory);
  resultsContract(ctx);
}
