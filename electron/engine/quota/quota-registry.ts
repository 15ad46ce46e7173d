import type { RunSettings } from '../../../shared/domain/settings.ts';
import type { Clock } from '../clock.ts';
import { pinnedBurst } from '../limiter/pinned-burst.ts';
import { RateLimiter, RUN_NETWORK_DELAY_MS } from '../limiter/rate-limiter.ts';
import { connectSharedQuota } from './connect-shared-quota.ts';
import type { QuotaSource } from './quota-identity.ts';
import { quotaIdentity } from './quota-identity.ts';
import type { QuotaStatus } from './shared-quota.ts';

/**
 * One limiter per quota in this process: every run drawing on the same quota (provider, key,
 * model family) shares it, with what it learned (limits, shape, a 429's cool-down), so two runs
 * together stay under the limit. With a Redis URL, each quota is also shared with every other
 * process and machine pointed at that Redis. Limiters are kept for the process's life: a later
 * run starts with what earlier ones learned.
 */
export interface QuotaRegistryOptions {
  readonly clock: Clock;
  /**
   * redis://host:port/db: share each quota with other processes. A getter is read at every run
   * start, so a URL changed in the app applies to the next run (the runs going keep theirs).
   */
  readonly redisUrl?: string | (() => string | undefined);
  /** See RateLimiterOptions. @default 50 */
  readonly networkDelayMs?: number;
}

/** A quota as a run holds it: its limiter, and how it is shared when Redis shares it. */
export interface QuotaHandle {
  readonly limiter: RateLimiter;
  /** Undefined without Redis. */
  status(): QuotaStatus | undefined;
  /** Hears changes of how the quota is shared (never, without Redis); returns the disposer. */
  onStatus(listener: (status: QuotaStatus) => void): () => void;
}

interface Quota extends QuotaHandle {
  readonly close: () => void;
}

export class QuotaRegistry {
  private readonly options: QuotaRegistryOptions;
  private readonly quotas = new Map<string, Promise<Quota>>();

  constructor(options: QuotaRegistryOptions) {
    this.options = options;
  }

  /**
   * The limiter of `source`'s quota. A run that types lower limits than the quota has in force
   * lowers them for all: the typed limits are the quota's, and the lower is the safe one.
   */
  async quotaFor(source: QuotaSource, settings: Pick<RunSettings, 'rpm' | 'tpm' | 'burst'>): Promise<QuotaHandle> {
    const id = quotaIdentity(source);
    const { redisUrl } = this.options;
    const url = typeof redisUrl === 'function' ? redisUrl() : redisUrl;
    // One limiter per quota and Redis: a quota shared through another Redis is another team's.
    const slot = `${url ?? ''}\n${id}`;
    let quota = this.quotas.get(slot);
    if (!quota) {
      quota = this.open(id, url, settings);
      this.quotas.set(slot, quota);
      return quota;
    }
    const handle = await quota;
    const { limiter } = handle;
    const inForce = limiter.limits;
    const lower = (typed: number | null, current: number | null) => (typed !== null && (current === null || typed < current) ? typed : undefined);
    const rpm = lower(settings.rpm, inForce.rpm);
    const tpm = lower(settings.tpm, inForce.tpm);
    if (rpm !== undefined || tpm !== undefined) limiter.setLimits({ ...(rpm !== undefined && { rpm }), ...(tpm !== undefined && { tpm }) });
    return handle;
  }

  close(): void {
    for (const quota of this.quotas.values()) void quota.then((q) => q.close());
    this.quotas.clear();
  }

  private async open(id: string, redisUrl: string | undefined, settings: Pick<RunSettings, 'rpm' | 'tpm' | 'burst'>): Promise<Quota> {
    const { clock, networkDelayMs = RUN_NETWORK_DELAY_MS } = this.options;
    const shared = redisUrl ? await connectSharedQuota({ url: redisUrl, quotaId: id, clock }) : undefined;
    const limiter = new RateLimiter({ clock, rpm: settings.rpm, tpm: settings.tpm, burst: pinnedBurst(settings), networkDelayMs, ...(shared && { shared: shared.quota }) });
    return {
      limiter,
      status: () => shared?.quota.status,
      onStatus: (listener) => shared?.quota.onStatus(listener) ?? (() => undefined),
      close: () => shared?.close(),
    };
  }
}
