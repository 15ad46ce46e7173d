import { defineConfig } from 'vitest/config';

/**
 * `npm run test:chaos`: the fault storm and the SIGKILL storm (test/chaos/), each a few hundred
 * tasks through the real CLI against the simulator; a minute or more, so apart from `npm test`.
 */
export default defineConfig({
  test: {
    include: ['test/chaos/**/*.test.ts'],
    testTimeout: 600_000,
    hookTimeout: 60_000,
    // One at a time: both are timing-sensitive real runs, and CI has 2 cores.
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
  },
});
