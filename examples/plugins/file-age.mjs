/**
 * A third-party trackz check type, as a plain ES module: is a file there, fresh and big enough?
 * (The classic use: "did last night's backup run?".)
 *
 * Load it from a config:
 *   plugins: [./plugins/file-age.mjs]
 *   monitors:
 *     - { name: nightly-backup, type: file-age, path: /var/backups/db.dump, maxAge: { degraded: 26h, down: 50h }, minBytes: 1048576 }
 *
 * It gets exactly the contract the built-in checks get: options validated by a Standard Schema
 * (here valibot, re-exported by trackz as `v`), a context with an AbortSignal and the timeout,
 * and it returns a CheckResult instead of throwing.
 */
import { stat } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { definePlugin, thresholdAssertion, v } from 'trackz';

const HOUR_MS = 3_600_000;
const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/;
const UNIT = { ms: 1, s: 1000, m: 60_000, h: HOUR_MS, d: 24 * HOUR_MS };
const toMs = (text) => {
  const [, n, unit] = DURATION.exec(text);
  return Number(n) * UNIT[unit];
};
const duration = v.pipe(v.string(), v.regex(DURATION, 'expected a duration such as 26h or 90m'), v.transform(toMs));

const fmt = (ms) => (ms >= HOUR_MS ? `${(ms / HOUR_MS).toFixed(1)}h` : `${Math.round(ms / 60_000)}m`);

export default definePlugin({
  type: 'file-age',
  description: 'A file exists, was modified recently and is not empty',
  options: v.strictObject({
    path: v.pipe(v.string('expected a file path'), v.minLength(1)),
    maxAge: v.optional(v.strictObject({ degraded: v.optional(duration), down: v.optional(duration) }), { down: '25h' }),
    minBytes: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0)), 1),
  }),
  async run(monitor, ctx) {
    const { path, maxAge, minBytes } = monitor.options;
    const file = isAbsolute(path) ? path : resolve(ctx.configDir, path);
    let info;
    try {
      info = await stat(file);
    } catch (error) {
      return { status: 'down', message: error.code === 'ENOENT' ? `${path} does not exist` : `cannot read ${path}: ${error.code}`, metrics: {} };
    }
    const ageMs = ctx.now() - info.mtimeMs;
    const assertions = [
      thresholdAssertion('age', 'age', ageMs, maxAge, 'above', fmt),
      { name: 'size', status: info.size >= minBytes ? 'up' : 'down', message: `${info.size} bytes (minimum ${minBytes})`, actual: info.size, expected: minBytes },
    ];
    const worst = assertions.find((a) => a.status === 'down') ?? assertions.find((a) => a.status === 'degraded');
    return {
      status: worst?.status ?? 'up',
      message: worst?.message ?? `${path}: ${fmt(ageMs)} old, ${info.size} bytes`,
      metrics: { age_s: Math.round(ageMs / 1000), size_bytes: info.size },
      assertions,
    };
  },
});
