import type { QuotaSharing } from '../../store/live-run-data.ts';

/** How a quota is shared through Redis, in one sentence: the run's line (one key) and each key's gauge (a pool) say it alike. */
export function quotaSharingText(sharing: QuotaSharing): string {
  return sharing.mode === 'shared'
    ? `Quota shared by ${sharing.members} process${sharing.members === 1 ? '' : 'es'} through Redis`
    : `${sharing.reason ?? 'Redis is out of reach'}: going on alone at this process's share until it is back`;
}
