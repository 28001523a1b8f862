/**
 * trackz's own secrets (TRACKZ_SECRET_KEY, and any TRACKZ_*_KEY, _SECRET, _TOKEN, _PASS… to come)
 * are for trackz alone: no child process gets them — not a command check, a command alert channel,
 * Chromium, nor anything a third-party plugin or a library starts.
 *
 * Two layers: at start-up the CLI moves them out of process.env into this module (so a child started
 * with the default environment cannot inherit them, whoever starts it), and every child trackz starts
 * itself gets its environment from `childEnv`, which leaves them out of whatever base it is given.
 */

const OWN_SECRET_RE = /^TRACKZ_(?:\w*_)?(?:KEY|SECRET|TOKEN|PASS|PASSWORD|PASSPHRASE|CREDENTIALS?)(?:_\w*)?$/;

export function isOwnSecret(name: string): boolean {
  return OWN_SECRET_RE.test(name);
}

const withheld = new Map<string, string>();

/** Moves trackz's own secrets out of `env` (process.env at start-up); `ownSecret` still reads them. */
export function withholdOwnSecrets(env: NodeJS.ProcessEnv = process.env): void {
  for (const name of Object.keys(env)) {
    if (!isOwnSecret(name)) continue;
    const value = env[name];
    if (value !== undefined) withheld.set(name, value);
    delete env[name];
  }
}

/** One of trackz's own secrets: from `env` when it has it, else as withheld at start-up. */
export function ownSecret(name: string, env: Record<string, string | undefined>): string | undefined {
  return env[name] ?? withheld.get(name);
}

/**
 * The environment for a child: `base` without trackz's own secrets, then `extra` (a monitor's or a
 * channel's `env:` from the config, which the user wrote for that child).
 */
export function childEnv(base: Record<string, string | undefined> = process.env, extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(base)) if (value !== undefined && !isOwnSecret(name)) env[name] = value;
  return Object.assign(env, extra);
}
