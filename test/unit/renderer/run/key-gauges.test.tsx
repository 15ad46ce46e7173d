// @vitest-environment happy-dom
import { act, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { KeyStatus } from '../../../../shared/domain/keys.ts';
import type { WireEvent } from '../../../../shared/ipc/contract.ts';
import { FakeBridge, ok } from '../support/fake-bridge.ts';
import { renderWithStore, useFakeViewport } from '../support/render-app.tsx';
import { events, snapshot, taskViews } from '../support/run-fixtures.ts';

useFakeViewport();
afterEach(() => localStorage.clear());

async function runningRun() {
  const bridge = new FakeBridge({ 'run.open': () => ok(snapshot('run-1', taskViews(4), 0, { phase: 'running' })) });
  const rendered = await renderWithStore(bridge);
  await act(() => rendered.store.getState().openRun('run-1'));
  return rendered;
}

const TEAM: KeyStatus = {
  id: '0',
  label: 'team (ends A1b2)',
  live: true,
  limits: { rpm: 600, tpm: null },
  shapes: { requests: { kind: 'window', seconds: 10, allowance: 100 }, tokens: { kind: 'learning', burst: 0 } },
};
const BACKUP: KeyStatus = { id: '1', label: 'backup (ends C3d4)', live: true, limits: { rpm: 60, tpm: 40_000 }, shapes: { requests: { kind: 'bucket', burst: 5 }, tokens: { kind: 'bucket', burst: 4_000 } } };

const limits = (seq: number, keys: readonly KeyStatus[]) => events('run-1', seq, [{ type: 'run.limits', limits: { rpm: 660, tpm: null }, shapes: TEAM.shapes, keys, workers: 4, source: 'server' }]);
const quota = (key: string, mode: 'shared' | 'alone', members: number, reason?: string): WireEvent => ({ type: 'quota.status', runId: 'run-1', mode, members, key, ...(reason && { reason }) });

describe('a gauge per key of the pool', () => {
  it('shows each key by label and last four characters, its limits and learned shape, and who shares it', async () => {
    const { bridge } = await runningRun();
    expect(screen.queryByTestId('key-gauges')).toBeNull();
    act(() => bridge.emit('service.events', { events: [...limits(1, [TEAM, BACKUP]), quota(TEAM.label, 'shared', 3)] }));

    const gauges = screen.getAllByTestId('key-gauge');
    expect(gauges.map((g) => g.dataset.keyLabel)).toEqual(['team (ends A1b2)', 'backup (ends C3d4)']);
    expect(screen.getByTestId('key-gauges').textContent).toContain('Keys · 2 of 2 in the pool');
    expect(gauges[0]!.querySelector('[data-testid="key-limits"]')!.textContent).toBe('600 RPM in 10 s windows of 100 · TPM unknown or unlimited');
    expect(gauges[1]!.querySelector('[data-testid="key-limits"]')!.textContent).toBe('60 RPM, at most 5 at once · 40,000 TPM, at most 4,000 at once');
    expect(gauges[0]!.querySelector('[data-testid="key-sharing"]')!.textContent).toBe('Quota shared by 3 processes through Redis');
    // The other key's quota has no Redis news: nothing is claimed for it.
    expect(gauges[1]!.querySelector('[data-testid="key-sharing"]')).toBeNull();
    // A pool's sharing is per key; the run-wide line is for a run on one key.
    expect(screen.queryByTestId('quota-sharing')).toBeNull();
  });

  it('says which key left the pool and why, and when its Redis is out of reach', async () => {
    const { bridge } = await runningRun();
    act(() => bridge.emit('service.events', { events: limits(1, [TEAM, BACKUP]) }));
    const gone = { ...BACKUP, live: false, reason: 'You exceeded your current quota, please check your plan and billing details.' };
    act(() => bridge.emit('service.events', { events: [...limits(2, [TEAM, gone]), quota(TEAM.label, 'alone', 2, 'Redis is out of reach (connect ECONNREFUSED)')] }));

    const [team, backup] = screen.getAllByTestId('key-gauge');
    expect(backup!.dataset.live).toBe('false');
    expect(backup!.querySelector('[data-testid="key-state"]')!.textContent).toBe('left the pool: You exceeded your current quota, please check your plan and billing details.');
    expect(team!.querySelector('[data-testid="key-state"]')!.textContent).toBe('in the pool');
    expect(screen.getByTestId('key-gauges').textContent).toContain('Keys · 1 of 2 in the pool');
    const sharing = team!.querySelector<HTMLElement>('[data-testid="key-sharing"]')!;
    expect(sharing.dataset.mode).toBe('alone');
    expect(sharing.textContent).toBe("Redis is out of reach (connect ECONNREFUSED): going on alone at this process's share until it is back");
  });

  it('keeps the run-wide sharing line for a run on one key', async () => {
    const { bridge } = await runningRun();
    act(() => bridge.emit('service.events', { events: [{ type: 'quota.status', runId: 'run-1', mode: 'shared', members: 2 }] }));
    expect(screen.getByTestId('quota-sharing').textContent).toBe('Quota shared by 2 processes through Redis');
    expect(screen.queryByTestId('key-gauges')).toBeNull();
  });
});
