import { cleanup, render } from '@testing-library/react';
import { afterEach, beforeEach } from 'vitest';
import { userEvent } from '@testing-library/user-event';
import type { ReactElement } from 'react';
import { App } from '../../../../renderer/app.tsx';
import { connectStore } from '../../../../renderer/store/connect-store.ts';
import { createPacerStore } from '../../../../renderer/store/pacer-store.ts';
import type { PacerStore } from '../../../../renderer/store/pacer-store.ts';
import { PacerStoreProvider } from '../../../../renderer/store/store-context.tsx';
import { FakeBridge } from './fake-bridge.ts';

/** A store over `bridge`, booted like the app boots, rendering `ui` (the whole app by default). */
export async function renderWithStore(bridge = new FakeBridge(), ui: ReactElement = <App />) {
  const store: PacerStore = createPacerStore(bridge);
  connectStore(store, bridge);
  await store.getState().boot();
  const user = userEvent.setup();
  const result = render(<PacerStoreProvider store={store}>{ui}</PacerStoreProvider>);
  return { store, bridge, user, ...result };
}

/**
 * happy-dom lays nothing out, so every element measures 0 × 0 and a virtualiser would show no
 * rows. Give scroll containers a viewport's size; returns the restore.
 */
export function fakeViewport(height = 720, width = 1200): () => void {
  const proto = HTMLElement.prototype;
  const saved = ['clientHeight', 'clientWidth', 'offsetHeight', 'offsetWidth'].map((name) => [name, Object.getOwnPropertyDescriptor(proto, name)] as const);
  Object.defineProperty(proto, 'clientHeight', { configurable: true, get: () => height });
  Object.defineProperty(proto, 'offsetHeight', { configurable: true, get: () => height });
  Object.defineProperty(proto, 'clientWidth', { configurable: true, get: () => width });
  Object.defineProperty(proto, 'offsetWidth', { configurable: true, get: () => width });
  return () => {
    for (const [name, descriptor] of saved) {
      if (descriptor) Object.defineProperty(proto, name, descriptor);
      else delete (proto as unknown as Record<string, unknown>)[name];
    }
  };
}

/** For a test file whose screens need layout: a fake viewport around each test, and React's cleanup after it. */
export function useFakeViewport(): void {
  let restore: () => void = () => undefined;
  beforeEach(() => {
    restore = fakeViewport();
  });
  afterEach(() => {
    cleanup();
    restore();
  });
}

/** A file drop on the window as a browser dispatches it: the DataTransfer carries "Files". */
export function dropFile(target: Element, file: File): void {
  const event = new Event('drop', { bubbles: true, cancelable: true });
  Object.defineProperty(event, 'dataTransfer', { value: { types: ['Files'], files: [file], dropEffect: 'none' } });
  target.dispatchEvent(event);
}
