import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests of the desktop app through Playwright's Electron driver:
 * `npx playwright test -c playwright.electron.config.ts`. They need an Electron binary; without
 * one (as on a machine that cannot reach GitHub) every test is skipped with the reason.
 */
export default defineConfig({
  testDir: 'test/e2e/electron',
  globalSetup: './test/e2e/electron/global-setup.ts',
  timeout: 120_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: process.env.CI ? 'line' : 'list',
  outputDir: 'test-results/e2e-electron',
  use: { trace: 'retain-on-failure' },
});
