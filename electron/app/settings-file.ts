import { randomBytes } from 'node:crypto';
import { open, readFile, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { RunSettingsSchema } from '../../shared/domain/settings.ts';
import type { RunSettings } from '../../shared/domain/settings.ts';
import { RedisUrlSchema } from '../../shared/redis-url.ts';
import { keepValidFields } from './settings-file-fields.ts';

/**
 * The last used run settings and output folder, in `<dataDir>/settings.json`, so the setup form
 * opens as the user left it, and the app-wide "Shared quota" Redis URL. The file is validated with the contract's own schema on load: a
 * field that does not validate (hand-edited, from a newer version) is dropped and named, the rest
 * kept; a file that is not JSON at all is kept aside for the user to inspect and the form starts
 * from defaults, never a crash. Either way the original is kept beside it. Writes are
 * atomic (a temporary file, flushed, then renamed over), so a crash leaves the old file or the new.
 */
export const SETTINGS_FILE_NAME = 'settings.json';

/**
 * The file's format: the settings and the output folder's path (only main reads and writes it),
 * and the shared quota's Redis; a file from before the shared quota has none.
 */
const SettingsFileSchema = z.object({
  settings: RunSettingsSchema.optional(),
  outDir: z.string().max(4_096).nullable().default(null),
  redisUrl: RedisUrlSchema.nullable().default(null),
});

export interface SettingsFile {
  /** Absent until the setup form was first saved. */
  readonly settings?: RunSettings;
  readonly outDir: string | null;
  readonly redisUrl: string | null;
}

export interface LoadedSettings {
  readonly saved: SettingsFile | null;
  /** Set when the file was unusable: why, and where it was kept, for the log. */
  readonly warning?: string;
}

export async function loadSettings(dataDir: string): Promise<LoadedSettings> {
  const file = path.join(dataDir, SETTINGS_FILE_NAME);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return { saved: null };
    return { saved: null, warning: await keepAside(file, `it could not be read (${(error as Error).message})`) };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { saved: null, warning: await keepAside(file, `it is not valid JSON (${(error as Error).message})`) };
  }
  const kept = keepValidFields(SettingsFileSchema, json, 'settings');
  if (!kept) {
    const issue = SettingsFileSchema.safeParse(json).error?.issues[0];
    const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    return { saved: null, warning: await keepAside(file, `it does not hold valid settings (${where}${issue?.message ?? 'invalid'})`) };
  }
  if (kept.dropped.length === 0) return { saved: kept.value };
  // The original goes aside (the user's value is not lost) and the good fields stay in place, so
  // every later load and save starts from them.
  const fields = kept.dropped.join('; ');
  let warning = `${file}: ${fields} ${kept.dropped.length === 1 ? 'is' : 'are'} not valid, so the default applies there; every other setting was kept.`;
  try {
    const aside = await moveAside(file);
    await saveSettings(file, kept.value);
    warning += ` The original file was kept as ${aside}.`;
  } catch (error) {
    warning += ` The file could not be rewritten without ${kept.dropped.length === 1 ? 'it' : 'them'} (${(error as Error).message}).`;
  }
  return { saved: kept.value, warning };
}

/** Writes in the order asked, per file: two quick changes (the form, the shared quota) never undo each other. */
const updates = new Map<string, Promise<unknown>>();

/**
 * Changes part of the file and keeps the rest; resolves with the warning of an unusable file found
 * on the way (kept aside, as loadSettings does), if any.
 */
export function updateSettings(dataDir: string, change: Partial<SettingsFile>): Promise<string | undefined> {
  const file = path.join(dataDir, SETTINGS_FILE_NAME);
  const next = (updates.get(file) ?? Promise.resolve()).catch(() => undefined).then(async () => {
    const { saved, warning } = await loadSettings(dataDir);
    await saveSettings(file, { outDir: null, redisUrl: null, ...saved, ...change });
    return warning;
  });
  updates.set(file, next);
  return next;
}

async function saveSettings(file: string, saved: SettingsFile): Promise<void> {
  const tmp = `${file}.${process.pid}-${randomBytes(6).toString('hex')}.tmp`;
  const handle = await open(tmp, 'w');
  try {
    await handle.writeFile(`${JSON.stringify(saved, null, 2)}\n`, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(tmp, file);
  } catch (error) {
    await unlink(tmp).catch(() => undefined);
    throw error;
  }
}

/** Renames the unusable file out of the way (never deletes it); returns a sentence for the log. */
async function keepAside(file: string, why: string): Promise<string> {
  try {
    return `${file} was not used because ${why}; it was kept as ${await moveAside(file)} and the defaults apply.`;
  } catch (error) {
    return `${file} was not used because ${why}, and it could not be moved aside (${(error as Error).message}); the defaults apply.`;
  }
}

async function moveAside(file: string): Promise<string> {
  const aside = `${file}.invalid-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  await rename(file, aside);
  return aside;
}
