#!/usr/bin/env node
/**
 * Builds dist/ with esbuild: one entry per command and per built-in plugin, shared code split into
 * chunks, dependencies bundled (fewer, smaller files load much faster than node_modules trees; see
 * README "Start-up"). Native and very large dependencies stay external and load only when used.
 * Then writes oclif.manifest.json so oclif never has to import every command to list them.
 */
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
process.chdir(root);

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

const isFile = (file) => {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
};

const commandEntries = walk('src/commands').filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'));
// oclif hooks (package.json oclif.hooks) are imported by path, only when they fire.
const hookEntries = walk('src/cli/hooks').filter((f) => f.endsWith('.ts'));
const pluginEntries = readdirSync('plugins')
  .map((name) => join('plugins', name, 'index.ts'))
  .filter(isFile);

/**
 * React's packages pick their development or production build from process.env.NODE_ENV at run time,
 * so a bundle would carry both and run the slow, checking one. `define` cannot fix that here (oclif
 * assigns NODE_ENV), so `watch`'s React is resolved straight to its production files.
 */
const REACT_PRODUCTION = {
  react: 'react/cjs/react.production.js',
  'react/jsx-runtime': 'react/cjs/react-jsx-runtime.production.js',
  'react-reconciler': 'react-reconciler/cjs/react-reconciler.production.js',
  'react-reconciler/constants.js': 'react-reconciler/cjs/react-reconciler-constants.production.js',
  scheduler: 'scheduler/cjs/scheduler.production.js',
};

/** Bundle-level substitutions, each measured: see the shim's header for why. */
const shims = {
  name: 'trackz-shims',
  setup(b) {
    b.onResolve({ filter: /^debug$/ }, () => ({ path: join(root, 'scripts/shims/debug.cjs') }));
    b.onResolve({ filter: /^(react|react\/jsx-runtime|react-reconciler|react-reconciler\/constants\.js|scheduler)$/ }, (args) => ({
      path: join(root, 'node_modules', REACT_PRODUCTION[args.path]),
    }));
  },
};

// Build beside dist/ and swap it in at the end, so a running trackz (or test) never sees half a build.
const staging = `.dist-build-${process.pid}`;
rmSync(staging, { recursive: true, force: true });
const started = performance.now();
const common = {
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.18',
  sourcemap: 'linked',
  metafile: true,
  legalComments: 'none',
  // Less source for V8 to parse on every start; identifiers are kept so stack traces stay readable.
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
  plugins: [shims],
  // Native addons, the browser stack and packages that read their own files at run time stay external.
  // react-devtools-core: Ink imports it only under DEV=true, and then says how to install it.
  // pg is bundled (into the chunk only a PostgreSQL config loads); pg-native is its optional libpq
  // binding, reached only through `pg.native`, which trackz never uses.
  external: ['pg-native', 'better-sqlite3', 'lighthouse', 'chrome-launcher', 'typescript', 'nodemailer', 'smtp-server', 'ua-parser-js', 'isbot', 'croner', 're2js', 'react-devtools-core', 'mmdb-lib', 'playwright-core'],
  // Bundled CommonJS dependencies still call require(); give each ESM chunk one.
  banner: { js: "import { createRequire as __trackzCreateRequire } from 'node:module'; const require = __trackzCreateRequire(import.meta.url);" },
};
// The public API (which re-exports all of valibot as `v`) and the build-time JSON Schema generator are
// built on their own: sharing chunks with the CLI would put all of valibot on every command's path.
const standalone = await build({ ...common, entryPoints: ['src/index.ts', 'src/config/json-schema.ts'], outdir: staging, outbase: '.' });
// The beacon's client scripts (src/server/collect/client): hand-written, minified for /t.js and /t-heat.js.
await build({ entryPoints: ['src/server/collect/client/t.js', 'src/server/collect/client/t-heat.js'], outdir: join(staging, 'tracker'), minify: true, target: 'es2017', logLevel: 'warning' });
const result = await build({
  ...common,
  // src/tui is `watch`'s screen (Ink + React), an entry of its own so that it is only ever loaded on demand.
  entryPoints: ['src/cli/main.ts', ...commandEntries, ...hookEntries, ...pluginEntries, 'src/tui/index.ts', 'src/server/collect/standalone.ts'],
  outdir: staging,
  outbase: '.',
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
});
const retired = `.dist-old-${process.pid}`;
if (existsSync('dist')) renameSync('dist', retired);
renameSync(staging, 'dist');
rmSync(retired, { recursive: true, force: true });
const outputs = [...Object.entries(result.metafile.outputs), ...Object.entries(standalone.metafile.outputs)].filter(([file]) => file.endsWith('.js'));
const bytes = outputs.reduce((sum, [, o]) => sum + o.bytes, 0);
console.error(`esbuild: ${outputs.length} files, ${(bytes / 1e6).toFixed(2)} MB of JS in ${Math.round(performance.now() - started)} ms`);

execFileSync(process.execPath, [join(root, 'node_modules/oclif/bin/run.js'), 'manifest'], {
  stdio: ['ignore', 'ignore', 'inherit'],
  env: { ...process.env, OCLIF_SKIP_NEW_VERSION_CHECK: 'true' },
});
console.error('oclif: manifest written');

// The editor schema, generated from the same schemas trackz validates with.
const { buildJsonSchema } = await import(new URL('../dist/src/config/json-schema.js', import.meta.url).href);
mkdirSync('schema', { recursive: true });
writeFileSync('schema/trackz.schema.json', `${JSON.stringify(await buildJsonSchema(), null, 2)}\n`);
console.error('schema: schema/trackz.schema.json written');
