import type { ShingleSet, Signature } from './minhash.ts';
import { hashSeeds, jaccard, mix32, shingles, signature } from './minhash.ts';

/**
 * Finds, among a run's articles, one that nearly duplicates a new article: exact Jaccard
 * similarity of their shingle sets at or above `threshold`. Comparing every pair would be
 * quadratic over a run; instead each article's MinHash signature is cut into `bands` bands of
 * `rows` values, and only articles that agree on a whole band with the new one (LSH banding) are
 * compared exactly. A new article costs `bands` lookups plus its few candidates.
 *
 * The price is a small chance of a miss: a pair of similarity s shares no band with probability
 * (1 − s^rows)^bands. Rows are chosen as many as keep that at most MAX_MISS at the threshold
 * (fewer false candidates), so a pair at the threshold is missed at most once in a million, and a
 * pair above it less often still. Candidates are always checked exactly: nothing below the
 * threshold is ever reported.
 */
export interface NearDuplicateIndexOptions {
  /** Exact Jaccard similarity from which two articles are near-duplicates, in (0, 1]. */
  readonly threshold: number;
  /** Words per shingle. @default 5 */
  readonly shingleWords?: number;
  /** MinHash functions per signature. @default 128 */
  readonly numHashes?: number;
}

/** What the index keeps of an article; computed once per text with `fingerprint`. */
export interface ArticleFingerprint {
  readonly shingles: ShingleSet;
  readonly signature: Signature;
}

export interface NearDuplicateMatch {
  readonly id: string;
  /** How reasons name it, e.g. "task 17". */
  readonly label: string;
  /** Exact Jaccard similarity of the two articles' shingles. */
  readonly jaccard: number;
}

/** The most a pair exactly at the threshold may be missed. */
export const MAX_MISS = 1e-6;

interface Entry {
  readonly label: string;
  readonly fingerprint: ArticleFingerprint;
  readonly bandKeys: readonly number[];
}

export class NearDuplicateIndex {
  readonly threshold: number;
  readonly shingleWords: number;
  readonly bands: number;
  readonly rows: number;
  /** Exact comparisons made so far: what banding saves over comparing every pair. */
  comparisons = 0;
  private readonly seeds: Uint32Array;
  private readonly entries = new Map<string, Entry>();
  /** Per band: band key → ids of the articles with that key. */
  private readonly buckets: Map<number, Set<string>>[];

  constructor(options: NearDuplicateIndexOptions) {
    const { threshold, shingleWords = 5, numHashes = 128 } = options;
    if (!(threshold > 0 && threshold <= 1)) throw new RangeError(`A near-duplicate threshold must be above 0 and at most 1, got ${threshold}`);
    if (!(Number.isInteger(shingleWords) && shingleWords >= 1)) throw new RangeError(`Words per shingle must be a whole number of at least 1, got ${shingleWords}`);
    if (!(Number.isInteger(numHashes) && numHashes >= 1)) throw new RangeError(`The number of MinHash functions must be a whole number of at least 1, got ${numHashes}`);
    this.threshold = threshold;
    this.shingleWords = shingleWords;
    ({ bands: this.bands, rows: this.rows } = chooseBanding(threshold, numHashes));
    this.seeds = hashSeeds(this.bands * this.rows);
    this.buckets = Array.from({ length: this.bands }, () => new Map());
  }

  get size(): number {
    return this.entries.size;
  }

  fingerprint(text: string): ArticleFingerprint {
    const set = shingles(text, this.shingleWords);
    return { shingles: set, signature: signature(set, this.seeds) };
  }

  /** Records an article; a new version of the same id (a regeneration) replaces the old one. */
  put(id: string, fingerprint: ArticleFingerprint, label = id): void {
    this.remove(id);
    const bandKeys = this.bandKeys(fingerprint.signature);
    this.entries.set(id, { label, fingerprint, bandKeys });
    bandKeys.forEach((key, band) => {
      const bucket = this.buckets[band] as Map<number, Set<string>>;
      let ids = bucket.get(key);
      if (!ids) bucket.set(key, (ids = new Set()));
      ids.add(id);
    });
  }

  remove(id: string): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    this.entries.delete(id);
    entry.bandKeys.forEach((key, band) => {
      const bucket = this.buckets[band] as Map<number, Set<string>>;
      const ids = bucket.get(key);
      ids?.delete(id);
      if (ids?.size === 0) bucket.delete(key);
    });
  }

  /** The most similar recorded article at or above the threshold, other than `exceptId`; null if none. */
  nearest(fingerprint: ArticleFingerprint, exceptId?: string): NearDuplicateMatch | null {
    return this.matches(fingerprint, exceptId)[0] ?? null;
  }

  /** Every recorded article at or above the threshold, other than `exceptId`, most similar first. */
  matches(fingerprint: ArticleFingerprint, exceptId?: string): NearDuplicateMatch[] {
    const found: NearDuplicateMatch[] = [];
    for (const id of this.candidates(fingerprint.signature)) {
      if (id === exceptId) continue;
      const entry = this.entries.get(id) as Entry;
      this.comparisons += 1;
      const similarity = jaccard(fingerprint.shingles, entry.fingerprint.shingles);
      if (similarity >= this.threshold) found.push({ id, label: entry.label, jaccard: similarity });
    }
    return found.sort((a, b) => b.jaccard - a.jaccard);
  }

  private candidates(sig: Signature): Set<string> {
    const found = new Set<string>();
    this.bandKeys(sig).forEach((key, band) => {
      for (const id of this.buckets[band]?.get(key) ?? []) found.add(id);
    });
    return found;
  }

  /** One 32-bit key per band; a key collision only adds a candidate, which is checked exactly. */
  private bandKeys(sig: Signature): number[] {
    const keys: number[] = [];
    for (let band = 0; band < this.bands; band++) {
      let key = band;
      for (let row = 0; row < this.rows; row++) key = mix32(key ^ mix32((sig[band * this.rows + row] as number) + row));
      keys.push(key);
    }
    return keys;
  }
}

/** The chance that a pair of Jaccard similarity `s` shares no band. */
export function missProbability(s: number, bands: number, rows: number): number {
  return (1 - s ** rows) ** bands;
}

/** As many rows per band as keep a pair at the threshold missed at most MAX_MISS of the time. */
export function chooseBanding(threshold: number, numHashes: number): { bands: number; rows: number } {
  for (let rows = numHashes; rows > 1; rows--) {
    const bands = Math.floor(numHashes / rows);
    if (missProbability(threshold, bands, rows) <= MAX_MISS) return { bands, rows };
  }
  return { bands: numHashes, rows: 1 };
}
