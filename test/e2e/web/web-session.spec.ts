import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { expect, test } from './web-host-fixture.ts';
import { openPacer, simulatorEnv } from './pacer-page.ts';

/**
 * The web host's link: its token leaves the address bar on the first load (traded for an
 * HttpOnly, SameSite=Strict cookie); an address without it, or a page left from an earlier start,
 * says how to get the link again instead of "Reconnecting…" forever.
 */

/** A port free now, so the host can be restarted on the same one (a new start, a new token). */
const port = await new Promise<number>((resolve) => {
  const server = createServer().listen(0, '127.0.0.1', () => {
    const { port: free } = server.address() as AddressInfo;
    server.close(() => resolve(free));
  });
});

test.use({ hostEnv: { ...simulatorEnv(), PACER_PORT: String(port) } });

test('the token leaves the address bar; without it the page says to open the printed link; a page from an earlier start says so too', async ({ page, host, browser }) => {
  await openPacer(page, host.url);
  expect(page.url()).toBe(`http://127.0.0.1:${port}/`);
  await page.reload();
  await expect(page.getByTestId('app')).toBeVisible();
  await expect(page.getByTestId('nav-setup')).toBeVisible();
  await expect(page.getByTestId('disconnected-banner')).toHaveCount(0);

  // Another browser profile, the address without its token: a page that says what to do, not the app.
  const stranger = await browser.newPage();
  const response = await stranger.goto(`http://127.0.0.1:${port}/`);
  expect(response?.status()).toBe(401);
  await expect(stranger.getByRole('heading')).toHaveText('Open the link Pacer printed');
  await expect(stranger.locator('body')).toContainText('This address has no access token');
  await stranger.close();

  // The host starts again on the same port with a new token: the open page's cookie is stale.
  const before = new URL(host.url).searchParams.get('token');
  const fresh = await host.restart();
  expect(new URL(fresh).port).toBe(String(port));
  expect(new URL(fresh).searchParams.get('token')).not.toBe(before);
  await expect(page.getByTestId('unauthorized-banner')).toContainText('Open the link `npm run web` printed in its terminal', { timeout: 30_000 });
  await expect(page.getByTestId('disconnected-banner')).toHaveCount(0);
  // The new link works in the same window.
  await openPacer(page, fresh);
  await expect(page.getByTestId('unauthorized-banner')).toHaveCount(0);
});
