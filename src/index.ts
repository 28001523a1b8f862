/**
 * The public API for plugin authors: `import { definePlugin, v } from 'trackz'`.
 * Options may be declared with the re-exported valibot (`v`) or any Standard Schema library.
 */
export { definePlugin } from './core/plugin.js';
export type { CheckContext, Plugin } from './core/plugin.js';
export type { AssertionResult, CheckRecord, CheckResult, Status } from './core/result.js';
export type { Monitor } from './core/monitor.js';
export type { StandardSchemaV1 } from './core/standard-schema.js';
export { thresholdAssertion, levelFor } from './expect/thresholds.js';
export { phaseMetrics } from './core/timing.js';
export * as v from 'valibot';
