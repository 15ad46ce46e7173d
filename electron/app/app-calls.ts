import path from 'node:path';
import type { AppContext, CallHandlers } from './app-context.ts';
import { loadSettings, saveSettings } from './settings-file.ts';

type AppCalls = Pick<CallHandlers, 'app.info' | 'settings.load' | 'settings.save' | 'key.set' | 'key.clear' | 'dialog.openTopicsFile'>;

/** The calls about the app itself: what it is, its saved settings, the API key, the topics file dialog. */
export function appCalls(context: AppContext): AppCalls {
  const { store, secrets, dialogs, folders } = context;
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
      // Main read this folder from its own file: it may hand it out.
      return saved && { settings: saved.settings, outDir: saved.outDir !== null && path.isAbsolute(saved.outDir) ? folders.grant(saved.outDir) : null };
    },
    'settings.save': async ({ settings, outDir }) => {
      await saveSettings(context.dataDir, { settings, outDir: outDir === null ? null : folders.path(outDir) });
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
    'dialog.openTopicsFile': async () => (dialogs ? { supported: true, file: await dialogs.openTopicsFile() } : { supported: false, file: null }),
  };
}
