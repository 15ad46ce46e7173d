// @vitest-environment happy-dom
import { cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type * as SettingsDraft from '../../../../renderer/store/settings-draft.ts';
import { renderWithStore } from '../support/render-app.tsx';

// The real check, counted: Setup's readers (form, estimate, run blocker) must share one per draft.
const checks = vi.hoisted(() => ({ count: 0 }));
vi.mock('../../../../renderer/store/settings-draft.ts', async (importOriginal) => {
  const real = await importOriginal<typeof SettingsDraft>();
  return {
    ...real,
    settingsFromDraft: (...args: Parameters<typeof real.settingsFromDraft>) => {
      checks.count++;
      return real.settingsFromDraft(...args);
    },
  };
});

afterEach(cleanup);

describe('the settings draft in Setup', () => {
  it('is checked once per keystroke, however many parts of the screen read the result', async () => {
    const { user } = await renderWithStore();
    await user.click(screen.getByTestId('topics-input'));
    await user.paste('one topic');
    const rpm = screen.getByTestId('settings-rpm');
    checks.count = 0;
    await user.type(rpm, '120');
    expect(screen.getByTestId<HTMLInputElement>('settings-rpm').value).toBe('120');
    expect(checks.count).toBe(3);
    expect(screen.getByTestId<HTMLButtonElement>('run-button').disabled).toBe(false);
  });
});
