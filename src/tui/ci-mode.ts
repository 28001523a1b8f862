/**
 * Ink reads `CI` once, when it is imported, and in CI mode writes only the last frame: right for a
 * build log, wrong for the TUI, which runs only on a terminal (renderWatch refuses anything else).
 * This module, imported by src/tui/index.ts before Ink, hides the CI variables while Ink loads;
 * ./ci-mode-restore.ts, imported right after Ink, puts them back for everything else (child processes).
 */
export const hiddenCiVariables: Record<string, string> = {};
for (const name of ['CI', 'CONTINUOUS_INTEGRATION']) {
  const value = process.env[name];
  if (value === undefined) continue;
  hiddenCiVariables[name] = value;
  delete process.env[name];
}
