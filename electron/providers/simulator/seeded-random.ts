/**
 * The simulator's own seeded generator (SplitMix32 to spread the seed, then sfc32), so a server
 * started with the same seed and given the same requests in the same order injects the same
 * faults and writes the same articles. Independent of the engine's generator on purpose: a test
 * whose client and server drew from one sequence could hide a correlation.
 */
export type RandomSource = () => number;

export function seededRandom(seed: number): RandomSource {
  let mix = seed >>> 0;
  const splitMix = () => {
    mix = (mix + 0x9e3779b9) >>> 0;
    let z = mix;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitMix();
  let b = splitMix();
  let c = splitMix();
  let counter = 1;
  return () => {
    const t = (((a + b) >>> 0) + counter) >>> 0;
    counter = (counter + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t / 4_294_967_296;
  };
}
