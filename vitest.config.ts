import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    // One PostgreSQL server per run, started by the first file that needs it and stopped here.
    globalSetup: ['test/setup/postgres-run.ts'],
    // Forks: tests start servers, change env and load a native addon; processes keep them apart.
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    // A bound against hangs, not a speed goal (those live in `npm run bench`): CLI tests run the real
    // binary many times, and on a shared 2-core machine under load one run can take seconds.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    teardownTimeout: 10_000,
    restoreMocks: true,
  },
});
