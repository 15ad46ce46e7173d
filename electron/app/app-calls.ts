import type { AppContext, CallHandlers } from './app-context.ts';
import { loadSettings, saveSettings } from './settings-file.ts';

type AppCalls = Pick<CallHandlers, 'app.info' | 'settings.load' | 'settings.save' | 'key.set' | 'key.clear' | 'dialog.chooseFolder' | 'dialog.openTopicsFile'>;

/** The calls about the app itself: what it is, its saved settings, the API key, native dialogs. */
export function appCalls(context: AppContext): AppCalls {
  const { store, secrets, dialogs } = context;
  return {
    'app.info': async () => ({
      version: context.version,
      transport: context.transport,
      platform: process.platform,
      dataDir: context.dataDir,
      key: secrets.status(),
      // Found interrupted at open, and not resumed (or deleted) since.
      interruptedRunIds: store.interruptedRunIds.filter((id) => store.getRun(id)?.status === 'interrupted'),
      activeRunIds: context.service.goingRunIds(),
    }),
    'settings.load': async () => {
      const { saved, warning } = await loadSettings(context.dataDir);
      if (warning) context.log(warning);
      return saved;
    },
    'settings.save': async (request) => {
      await saveSettings(context.dataDir, request);
      return null;
    },
    'key.set': async ({ apiKey }) => {
      const status = secrets.set(apiKey);
      context.keyChanged();
      return status;
    },
    'key.clear': async () => {
      const status = secrets.clear();
      context.keyChanged();
      return status;
    },
    'dialog.chooseFolder': async () => (dialogs ? { supported: true, path: await dialogs.chooseFolder() } : { supported: false, path: null }),
    'dialog.openTopicsFile': async () => (dialogs ? { supported: true, file: await dialogs.openTopicsFile() } : { supported: false, file: null }),
  };
}
