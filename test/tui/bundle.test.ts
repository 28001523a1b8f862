/**
 * The built TUI: src/tui compiles (TSX included) into a module of its own that no command imports
 * statically, so Ink, React and yoga load only on `watch`'s path; and it carries React's production
 * build, not the slow development one.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuiltFor } from '../helpers/built.js';
import { ROOT } from '../helpers/cli.js';

const DIST = join(ROOT, 'dist');
const TUI_ENTRY = join(DIST, 'src/tui/index.js');

/** Static imports and re-exports of a built file (not `import(…)`: that is loaded on demand). */
function staticImports(file: string): string[] {
  const code = readFileSync(file, 'utf8');
  const found: string[] = [];
  for (const match of code.matchAll(/\b(?:import|export)\s*(?:[^"'();]*?\bfrom\s*)?["'](\.{1,2}\/[^"']+)["']/g)) found.push(resolve(dirname(file), match[1]!));
  return found;
}

/** Every built file a module loads before it runs, itself included. */
function loadedWith(entry: string): Set<string> {
  const seen = new Set<string>();
  const walk = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const next of staticImports(file)) walk(next);
  };
  walk(entry);
  return seen;
}

const sourcesOf = (files: Iterable<string>) => [...files].flatMap((file) => (JSON.parse(readFileSync(`${file}.map`, 'utf8')) as { sources: string[] }).sources);

function commandEntries(dir = join(DIST, 'src/commands')): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? commandEntries(path) : path.endsWith('.js') ? [path] : [];
  });
}

beforeAll(() => ensureBuiltFor(['src', 'plugins', 'scripts/build.mjs']));

describe('the built TUI', () => {
  it('is a module of its own, compiled from the TSX components, with React in its production build', () => {
    expect(existsSync(TUI_ENTRY)).toBe(true);
    const sources = sourcesOf(loadedWith(TUI_ENTRY));
    for (const wanted of ['src/tui/components/WatchApp.tsx', 'src/tui/index.ts', 'node_modules/ink/', 'react/cjs/react.production.js', 'react-reconciler/cjs/react-reconciler.production.js']) {
      expect(sources.some((s) => s.includes(wanted)), wanted).toBe(true);
    }
    expect(sources.filter((s) => s.includes('.development.js'))).toEqual([]);
  });

  it('no command and not the CLI itself load Ink, React, yoga or src/tui before they run', () => {
    const entries = [join(DIST, 'src/cli/main.js'), ...commandEntries()];
    expect(entries.length).toBeGreaterThan(5);
    for (const entry of entries) {
      const sources = sourcesOf(loadedWith(entry));
      expect(sources.length, entry).toBeGreaterThan(0);
      const heavy = sources.filter((s) => /node_modules\/(ink|react|react-reconciler|scheduler|yoga-layout)\/|src\/tui\//.test(s));
      expect(heavy, entry).toEqual([]);
    }
  });
});
