import { limitWords } from '../../../shared/limit-words.ts';
import type { KeyStatus } from '../../../shared/domain/keys.ts';
import type { QuotaSharing } from '../../store/live-run-data.ts';
import { usePacer } from '../../store/store-context.tsx';
import { quotaSharingText } from './quota-sharing-text.ts';

/**
 * With a pool of keys, one gauge per key: its label and last four characters (never the key), the
 * limits in force for it and what its server turned out to allow, whether it is still in the pool
 * (a key refused for good leaves it, with the server's reason), and how many processes share its
 * quota through Redis.
 */
export function KeyGauges() {
  const keys = usePacer((s) => s.keys);
  const sharing = usePacer((s) => s.keySharing);
  if (!keys || keys.length === 0) return null;
  const live = keys.filter((key) => key.live).length;
  return (
    <section className="card key-gauges" aria-label="Keys" data-testid="key-gauges">
      <h2 className="key-gauges-title">
        Keys · {live} of {keys.length} in the pool
      </h2>
      <ul>
        {keys.map((key) => (
          <KeyGauge key={key.id} status={key} sharing={sharing[key.label]} />
        ))}
      </ul>
    </section>
  );
}

function KeyGauge({ status, sharing }: { readonly status: KeyStatus; readonly sharing: QuotaSharing | undefined }) {
  const words = limitWords(status.limits, status.shapes);
  return (
    <li className="key-gauge" data-testid="key-gauge" data-live={status.live} data-key-label={status.label}>
      <span className="key-gauge-label">{status.label}</span>
      <span className={status.live ? 'key-gauge-state muted' : 'key-gauge-state message-warning'} data-testid="key-state">
        {status.live ? 'in the pool' : `left the pool: ${status.reason ?? 'refused by the server'}`}
      </span>
      <span className="key-gauge-limits muted" data-testid="key-limits">
        {words.requests} · {words.tokens}
      </span>
      {sharing ? (
        <span className={sharing.mode === 'shared' ? 'key-gauge-sharing muted' : 'key-gauge-sharing message-warning'} data-testid="key-sharing" data-mode={sharing.mode}>
          {quotaSharingText(sharing)}
        </span>
      ) : null}
    </li>
  );
}
