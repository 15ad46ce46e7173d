import { createHash } from 'node:crypto';

/**
 * Which quota a request draws on: the provider (its base URL), the key, and the model family as
 * providers limit it (a dated snapshot such as gpt-4o-mini-2024-07-18 shares gpt-4o-mini's
 * limits). Runs, processes and machines with the same identity share one quota. It is a hash: the
 * key never appears in Redis, a log or an event.
 */
export interface QuotaSource {
  readonly baseURL: string;
  readonly apiKey: string;
  readonly model: string;
}

export function modelFamily(model: string): string {
  return model.trim().toLowerCase().replace(/-\d{4}-\d{2}-\d{2}$/, '');
}

export function quotaIdentity(source: QuotaSource): string {
  const url = source.baseURL.trim().replace(/\/+$/, '').toLowerCase();
  return createHash('sha256').update(`${url}\n${source.apiKey}\n${modelFamily(source.model)}`).digest('hex').slice(0, 32);
}
