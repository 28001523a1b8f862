/**
 * The secret store's key across `trackz storage migrate`. Secrets are copied sealed — the key never
 * changes — so the target must find the same key: from TRACKZ_SECRET_KEY (nothing to do), or from its
 * own key file (beside a SQLite file, `<database>.key`; beside the config for PostgreSQL), which is a
 * copy of the source's. A target key file that holds another key is refused before anything is copied:
 * the secrets would be unreadable there.
 */
import { chmodSync, copyFileSync, constants, existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UserError } from '../core/errors.js';
import { findSecretKey, SECRET_KEY_ENV } from './secret-key.js';

export type KeyCarry =
  /** No sealed secret to carry. */
  | { kind: 'none' }
  /** The key comes from TRACKZ_SECRET_KEY, on both sides. */
  | { kind: 'env' }
  /** Source and target use one key file. */
  | { kind: 'shared'; file: string }
  /** The target's key file already holds the same key. */
  | { kind: 'present'; file: string }
  | { kind: 'copy'; from: string; to: string }
  /** Sealed secrets, and no key for them here: they are copied, still sealed, and stay unreadable. */
  | { kind: 'missing'; from: string };

export function planKeyCarry(from: string, to: string, sealedSecrets: number, env: Record<string, string | undefined>): KeyCarry {
  if (sealedSecrets === 0) return { kind: 'none' };
  const source = findSecretKey(from, env);
  if (!source) return { kind: 'missing', from };
  if (source.source === SECRET_KEY_ENV) return { kind: 'env' };
  if (resolve(from) === resolve(to)) return { kind: 'shared', file: from };
  if (!existsSync(to)) return { kind: 'copy', from, to };
  const target = findSecretKey(to, {});
  if (target?.id !== source.id) {
    throw new UserError(`the key file ${to} holds another key (id ${target?.id}) than ${from} (id ${source.id}), which sealed the secrets: move it away, or set TRACKZ_SECRET_KEY, then migrate again`);
  }
  return { kind: 'present', file: to };
}

/** Copies the key file when the plan says so: mode 0600, never over an existing file. */
export function carryKey(plan: KeyCarry): void {
  if (plan.kind !== 'copy') return;
  mkdirSync(dirname(plan.to), { recursive: true });
  copyFileSync(plan.from, plan.to, constants.COPYFILE_EXCL);
  chmodSync(plan.to, 0o600);
}

/** One line for the report. */
export function keyCarryNote(plan: KeyCarry): string | undefined {
  switch (plan.kind) {
    case 'none':
      return undefined;
    case 'env':
      return `Secrets: copied sealed; they open with ${SECRET_KEY_ENV}, as before.`;
    case 'shared':
      return `Secrets: copied sealed; both use the key file ${plan.file}.`;
    case 'present':
      return `Secrets: copied sealed; the key file ${plan.file} already holds their key.`;
    case 'copy':
      return `Secrets: copied sealed; their key file was copied to ${plan.to} (mode 0600).`;
    case 'missing':
      return `Secrets: copied sealed, but no key opens them here (no ${SECRET_KEY_ENV} and no key file ${plan.from}).`;
  }
}
