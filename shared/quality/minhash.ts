import { terms } from './text-terms.ts';

/**
 * Shingles and MinHash signatures of articles, for near-duplicate detection. A shingle is a run of
 * `shingleWords` consecutive words (lower case, accents dropped), hashed to 32 bits; two articles'
 * resemblance is the Jaccard similarity of their shingle sets. A signature keeps, for each of
 * `numHashes` seeded hash functions, the least hash over the shingles: two signatures agree at a
 * position with probability equal to the Jaccard similarity, which is what LSH banding uses.
 *
 * Every seed comes from a fixed constant, so signatures are the same on every run and machine.
 */
export type ShingleSet = Uint32Array;
export type Signature = Uint32Array;

/** The sorted, distinct shingle hashes of a text; a text shorter than one shingle is one shingle. */
export function shingles(text: string, shingleWords: number): ShingleSet {
  const words = terms(text);
  if (words.length === 0) return new Uint32Array(0);
  const count = Math.max(1, words.length - shingleWords + 1);
  const hashes = new Uint32Array(count);
  for (let i = 0; i < count; i++) hashes[i] = hashText(words.slice(i, i + shingleWords).join(' '));
  hashes.sort();
  return distinctSorted(hashes);
}

/** The seeds of `numHashes` hash functions, from a fixed constant. */
export function hashSeeds(numHashes: number): Uint32Array {
  const seeds = new Uint32Array(numHashes);
  let state = 0x5eed_cafe;
  for (let i = 0; i < numHashes; i++) {
    state = (state + 0x9e3779b9) >>> 0;
    seeds[i] = mix32(state);
  }
  return seeds;
}

export function signature(set: ShingleSet, seeds: Uint32Array): Signature {
  const out = new Uint32Array(seeds.length).fill(0xffffffff);
  for (let i = 0; i < seeds.length; i++) {
    const seed = seeds[i] as number;
    let min = 0xffffffff;
    for (const shingle of set) {
      const h = mix32(shingle ^ seed);
      if (h < min) min = h;
    }
    out[i] = min;
  }
  return out;
}

/** The exact Jaccard similarity of two sorted shingle sets; 0 when both are empty. */
export function jaccard(a: ShingleSet, b: ShingleSet): number {
  let i = 0;
  let j = 0;
  let shared = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] as number;
    const y = b[j] as number;
    if (x === y) {
      shared += 1;
      i += 1;
      j += 1;
    } else if (x < y) i += 1;
    else j += 1;
  }
  const union = a.length + b.length - shared;
  return union === 0 ? 0 : shared / union;
}

/** The share of positions where two signatures agree: MinHash's estimate of the Jaccard similarity. */
export function estimatedJaccard(a: Signature, b: Signature): number {
  let agree = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) agree += 1;
  return a.length === 0 ? 0 : agree / a.length;
}

/** MurmurHash3's finalizer: a bijection on 32-bit integers that spreads every input bit. */
export function mix32(value: number): number {
  let h = value >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** FNV-1a over UTF-16 code units, then mixed: a shingle's 32-bit hash. */
function hashText(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return mix32(hash);
}

function distinctSorted(sorted: Uint32Array): Uint32Array {
  let n = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[n++] = sorted[i] as number;
  return sorted.subarray(0, n);
}
