import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The suite drives the built renderer; `npm test` and `npm run test:e2e` build it first (once, so
 * the unit tests that check the built page see it too). Run directly, say what is missing.
 */
export default function globalSetup(): void {
  const page = join(import.meta.dirname, '../../../dist/renderer/index.html');
  if (!existsSync(page)) throw new Error(`${page} does not exist: build the renderer first (npm run build:renderer), or run npm run test:e2e.`);
}
