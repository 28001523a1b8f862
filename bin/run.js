#!/usr/bin/env node
// `trackz --version` is answered before any framework loads: start-up is designed, not hoped for.
const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-v' || args[0] === 'version')) {
  const { readFileSync } = await import('node:fs');
  const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  process.stdout.write(`trackz/${version} ${process.platform}-${process.arch} node-${process.version}\n`);
} else {
  const trace = process.env.TRACKZ_TRACE === '1' ? (label) => process.stderr.write(`trace ${performance.now().toFixed(1).padStart(8)} ms  ${label}\n`) : () => {};
  trace('bin: start');
  // undici (webhook alerts) parses HTTP with a WASM build of llhttp. V8 optimises WASM in background
  // threads and waits for them before the process may exit: ~60 ms on every short run that sends one
  // (measured). Baseline (Liftoff) code is plenty for a webhook's answer, so skip the optimising tier.
  const v8 = await import('node:v8');
  v8.setFlagsFromString('--liftoff-only');
  const { run } = await import('../dist/src/cli/main.js');
  trace('bin: oclif loaded');
  await run(import.meta.url);
  trace('bin: command returned');
  process.once('exit', () => trace('exit'));
}
