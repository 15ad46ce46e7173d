import path from 'node:path';
import type { AppContext, CallHandlers } from './app-context.ts';
import { redisUrlForDisplay, withKeptPassword } from '../../shared/redis-url.ts';
import { AppError } from './app-error.ts';
import { loadSettings, updateSettings } from './settings-file.ts';

type AppCalls = Pick<
  CallHandlers,
  'app.info' | 'settings.load' | 'settings.save' | 'key.set' | 'key.clear' | 'sharedQuota.load' | 'sharedQuota.save' | 'keyPool.list' | 'keyPool.add' | 'keyPool.remove' | 'dialog.openTopicsFile'
>;

/** The calls about the app itself: what it is, its saved settings, the shared quota, the API keys, the topics file dialog. */
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
      if (!saved?.settings) return null;
      return { settings: saved.settings, outDir: saved.outDir !== null && path.isAbsolute(saved.outDir) ? folders.grant(saved.outDir) : null };
    },
    'settings.save': async ({ settings, outDir }) => {
      const warning = await updateSettings(context.dataDir, { settings, outDir: outDir === null ? null : folders.path(outDir) });
      if (warning) context.log(warning);
      return null;
    },
    // The page sees the URL with its password masked, and sends the mask back to keep it.
    'sharedQuota.load': async () => ({ redisUrl: displayed(context.sharedQuota.get() ?? null) }),
    'sharedQuota.save': async ({ redisUrl }) => {
      const kept = redisUrl === null ? null : keptPassword(redisUrl, context.sharedQuota.get());
      const warning = await updateSettings(context.dataDir, { redisUrl: kept });
      if (warning) context.log(warning);
      // The next run start shares its quota through it; runs going keep what they started with.
      context.sharedQuota.set(kept ?? undefined);
      return { redisUrl: displayed(kept) };
    },
    'keyPool.list': async () => secrets.keyPool.status(),
    'keyPool.add': async ({ apiKey, label, rpm, tpm }) => {
      const status = secrets.keyPool.add({ key: apiKey, ...(label !== undefined && { label }), ...(rpm !== undefined && { rpm }), ...(tpm !== undefined && { tpm }) });
      context.keyChanged();
      return status;
    },
    'keyPool.remove': async ({ id }) => {
      const status = secrets.keyPool.remove(id);
      context.keyChanged();
      return status;
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

function displayed(redisUrl: string | null): string | null {
  return redisUrl === null ? null : redisUrlForDisplay(redisUrl);
}

function keptPassword(incoming: string, stored: string | undefined): string {
  try {
    return withKeptPassword(incoming, stored);
  } catch (error) {
    throw new AppError('shared_quota', (error as Error).message);
  }
}
