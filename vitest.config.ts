import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.{ts,tsx}', 'test/integration/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Integration tests run real HTTP servers with real limits; on CI's 2 cores two forks are enough.
    pool: 'forks',
    maxWorkers: 2,
  },
});
