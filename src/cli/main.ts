/** Entry point behind bin/run.js: oclif reads the manifest and imports only the command being run. */
import { execute } from '@oclif/core/execute';
import { withholdOwnSecrets } from '../core/child-env.js';

export async function run(binUrl: string): Promise<void> {
  // Before anything can start a child process: trackz's own keys are never inherited.
  withholdOwnSecrets();
  await execute({ dir: binUrl });
}
