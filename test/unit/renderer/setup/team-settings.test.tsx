// @vitest-environment happy-dom
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { CALLS } from '../../../../shared/ipc/contract.ts';
import type { KeyPoolStatus, PoolKeyView } from '../../../../shared/ipc/contract.ts';
import { FakeBridge, fail, ok } from '../support/fake-bridge.ts';
import { renderWithStore } from '../support/render-app.tsx';

afterEach(cleanup);

const KEY = 'sk-proj-team-0123456789abcdef-A1b2';

/** Main's side of the two calls, as far as the page can tell: the contract's own schema, then the answer. */
function teamBridge(saved: string | null = null) {
  let redisUrl = saved;
  let keys: PoolKeyView[] = [];
  const status = (): KeyPoolStatus => ({ keys, storage: keys.length === 0 ? 'none' : 'encrypted' });
  return new FakeBridge({
    'sharedQuota.load': () => ok({ redisUrl }),
    'sharedQuota.save': (request) => {
      const parsed = CALLS['sharedQuota.save'].safeParse(request);
      if (!parsed.success) return fail('invalid_request', `Invalid sharedQuota.save request: ${parsed.error.issues[0]!.message}`);
      redisUrl = parsed.data.redisUrl;
      return ok({ redisUrl });
    },
    'keyPool.list': () => ok(status()),
    'keyPool.add': (request) => {
      const { apiKey, label, rpm } = CALLS['keyPool.add'].parse(request);
      keys = [...keys, { id: `id-${keys.length}`, label: label ?? `key${keys.length + 1}`, lastFour: apiKey.slice(-4), rpm: rpm ?? null, tpm: null }];
      return ok(status());
    },
    'keyPool.remove': ({ id }) => {
      keys = keys.filter((k) => k.id !== id);
      return ok(status());
    },
  });
}

describe('the shared quota field', () => {
  it('shows the saved URL, shows main’s error for one that is not redis://, saves a good one and stops sharing', async () => {
    const bridge = teamBridge('redis://old-host:6379/0');
    const { user } = await renderWithStore(bridge);
    const input = screen.getByTestId<HTMLInputElement>('shared-quota-url');
    await waitFor(() => expect(input.value).toBe('redis://old-host:6379/0'));
    expect(screen.getByTestId('shared-quota-state').textContent).toContain('through redis://old-host:6379/0 from their next start');

    await user.clear(input);
    await user.type(input, 'http://cache:6379');
    await user.click(screen.getByTestId('shared-quota-save'));
    expect(screen.getByTestId('shared-quota-url-error').textContent).toContain('The shared quota must be a redis:// or rediss:// URL with a host');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByTestId('shared-quota-state').textContent).toContain('redis://old-host:6379/0');

    await user.clear(input);
    await user.type(input, ' rediss://cache.team.example:6380/1 ');
    await user.click(screen.getByTestId('shared-quota-save'));
    await waitFor(() => expect(screen.getByTestId('shared-quota-state').textContent).toContain('through rediss://cache.team.example:6380/1'));
    expect(screen.queryByTestId('shared-quota-url-error')).toBeNull();

    await user.click(screen.getByTestId('shared-quota-clear'));
    await waitFor(() => expect(screen.getByTestId('shared-quota-state').textContent).toBe('None: each Pacer process keeps to the limit alone.'));
    expect(bridge.requests('sharedQuota.save')).toEqual([{ redisUrl: 'http://cache:6379' }, { redisUrl: 'rediss://cache.team.example:6380/1' }, { redisUrl: null }]);
  });
});

describe('the key pool field', () => {
  it('sends a key to main once, then shows only its label and last four characters', async () => {
    const bridge = teamBridge();
    const { user } = await renderWithStore(bridge);
    await waitFor(() => expect(screen.getByTestId('key-pool-state').textContent).toBe('None: runs send with the API key above.'));

    await user.type(screen.getByTestId('key-pool-key'), KEY);
    await user.type(screen.getByTestId('key-pool-label'), 'team');
    await user.type(screen.getByTestId('key-pool-rpm'), '500');
    await user.click(screen.getByTestId('key-pool-add'));

    await waitFor(() => expect(screen.getAllByTestId('key-pool-entry')).toHaveLength(1));
    expect(bridge.requests('keyPool.add')).toEqual([{ apiKey: KEY, label: 'team', rpm: 500 }]);
    const entry = screen.getByTestId('key-pool-entry');
    expect(entry.textContent).toContain('team (ends A1b2)');
    expect(entry.textContent).toContain('500 RPM');
    expect(screen.getByTestId('key-pool-state').textContent).toBe('1 key: each run sends with all of them, each its own quota.');
    // The field is emptied: the key is nowhere on the page any more.
    expect(screen.getByTestId<HTMLInputElement>('key-pool-key').value).toBe('');
    expect(document.body.innerHTML).not.toContain(KEY.slice(0, -4));

    await user.click(within(entry).getByTestId('key-pool-remove'));
    await waitFor(() => expect(screen.queryByTestId('key-pool-entry')).toBeNull());
    expect(bridge.requests('keyPool.remove')).toEqual([{ id: 'id-0' }]);
  });

  it('says what is wrong with an RPM before sending anything, and shows main’s refusal', async () => {
    const bridge = teamBridge();
    bridge.handle('keyPool.add', () => fail('key_pool', 'The key ending in A1b2 is already in the pool.'));
    const { user } = await renderWithStore(bridge);
    await user.type(screen.getByTestId('key-pool-key'), KEY);
    await user.type(screen.getByTestId('key-pool-rpm'), 'lots');
    await user.click(screen.getByTestId('key-pool-add'));
    expect(screen.getByTestId('key-pool-error').textContent).toBe('RPM must be a whole number, or blank for the run’s.');
    expect(bridge.requests('keyPool.add')).toEqual([]);

    await user.clear(screen.getByTestId('key-pool-rpm'));
    await user.click(screen.getByTestId('key-pool-add'));
    await waitFor(() => expect(screen.getByTestId('key-pool-error').textContent).toBe('The key ending in A1b2 is already in the pool.'));
    // Refused: what was typed stays, to fix.
    expect(screen.getByTestId<HTMLInputElement>('key-pool-key').value).toBe(KEY);
  });
});
