import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.tsx';
import { getBridge } from './bridge/get-bridge.ts';
import { connectStore } from './store/connect-store.ts';
import { createPacerStore } from './store/pacer-store.ts';
import { loadSetupDraft, persistSetupDraft } from './store/setup-draft-storage.ts';
import { workerTopicsReader } from './topics/worker-topics-reader.ts';
import { PacerStoreProvider } from './store/store-context.tsx';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

const bridge = getBridge();
const store = createPacerStore(bridge, { topicsReader: workerTopicsReader() });
// Subscribed before boot, so no event sent during start-up is missed.
connectStore(store, bridge);
const draft = loadSetupDraft(window.localStorage);
if (draft) store.getState().restoreSetupDraft(draft);
persistSetupDraft(store, window.localStorage, window);
void store.getState().boot();

createRoot(root).render(
  <StrictMode>
    <PacerStoreProvider store={store}>
      <App />
    </PacerStoreProvider>
  </StrictMode>,
);
