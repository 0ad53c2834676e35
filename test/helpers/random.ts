// A small deterministic PRNG (xorshift32) so failing seeds can be replayed.
export function rng(seed: number) {
  let x = seed >>> 0 || 0x9e3779b9;
  const next = () => {
    x ^= x << 13; x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5; x >>>= 0;
    return x;
  };
  return {
    next,
    /** Integer in [0, n). */
    below: (n: number) => next() % n,
    /** True with probability p. */
    chance: (p: number) => next() / 0x1_0000_0000 < p,
  };
}
