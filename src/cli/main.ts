/** Entry point behind bin/run.js: oclif reads the manifest and imports only the command being run. */
import { execute } from '@oclif/core/execute';

export async function run(binUrl: string): Promise<void> {
  await execute({ dir: binUrl });
}
